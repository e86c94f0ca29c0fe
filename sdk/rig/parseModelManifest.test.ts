import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { ManifestError } from './ManifestError.js';
import { parseModelManifest } from './parseModelManifest.js';

const FIXTURE = 'sdk/rig/fixtures/tiny-manifest.json';
const text = readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8');
/** A fresh mutable copy of the fixture, to break. */
const fixture = (): any => JSON.parse(text);

/** The ManifestError `parse` throws (fails the test when it does not throw one). */
function errorOf(input: unknown, source: string | undefined = FIXTURE): ManifestError {
  try {
    parseModelManifest(input, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected parseModelManifest to throw');
}

describe('parseModelManifest on a valid manifest', () => {
  it('reads JSON text and an already parsed value to the same manifest', () => {
    const fromText = parseModelManifest(text, FIXTURE);
    const fromValue = parseModelManifest(fixture(), FIXTURE);
    expect(fromValue).toEqual(fromText);
    expect(fromText.id).toBe('fixture-tiny');
    expect(fromText.styleDim).toBe(16);
    expect(fromText.motionDim).toBe(8);
    expect(Object.keys(fromText.channels)).toEqual(['head.yaw', 'head.pitch', 'head.roll', 'mouth.open', 'mouth.smile', 'brows.raise']);
  });

  it('accepts a UTF-8 byte order mark before the JSON text', () => {
    expect(parseModelManifest(`\uFEFF${text}`).id).toBe('fixture-tiny');
  });

  it('fills in the documented defaults', () => {
    const manifest = parseModelManifest(text);
    expect(manifest.channels['head.roll']?.neutral).toBe(0); // neutral omitted in the fixture
    expect(manifest.channels['mouth.smile']?.verified).toBe(false); // verified omitted
    expect(manifest.channels['head.roll']?.terms[0]?.calibration).toEqual({ type: 'linear', scale: 0.06, offset: 0 });
    expect(manifest.files.decoder.externalData).toEqual([]); // externalData omitted on the decoder
    const withoutGroups = fixture();
    delete withoutGroups.directionGroups;
    expect(parseModelManifest(withoutGroups).directionGroups).toEqual({ default: 'expression', overrides: {} });
  });

  it('returns a deeply frozen manifest and leaves the input (provenance included) unfrozen', () => {
    const input = fixture();
    const manifest = parseModelManifest(input);
    expect(Object.isFrozen(manifest)).toBe(true);
    expect(Object.isFrozen(manifest.channels['head.yaw']?.terms[0]?.calibration)).toBe(true);
    expect(Object.isFrozen(manifest.files.encoder.outputs[2]?.shape)).toBe(true);
    expect(Object.isFrozen(manifest.provenance)).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(input.provenance)).toBe(false);
    expect(Object.isFrozen(input.channels['head.yaw'].terms)).toBe(false);
  });

  it('accepts a fixed batch size instead of "batch" and a custom dotted channel name', () => {
    const input = fixture();
    input.files.encoder.inputs[0].shape = [1, 3, 64, 64];
    input.channels['custom.cheek_puff'] = {
      unit: 'amount', group: 'expression', range: [0, 1], terms: [{ index: 6, calibration: { type: 'linear', scale: 1 } }],
    };
    const manifest = parseModelManifest(input);
    expect(manifest.files.encoder.inputs[0]?.shape).toEqual([1, 3, 64, 64]);
    expect(manifest.channels['custom.cheek_puff']?.unit).toBe('amount');
  });
});

describe('parseModelManifest errors name the file, the field path and the fix', () => {
  it('reports JSON syntax errors with the parser position and keeps the SyntaxError as cause', () => {
    const error = errorOf('{ "format": "portrait-rig-model", }');
    expect(error.message).toMatch(/^PortraitRig: manifest "sdk\/rig\/fixtures\/tiny-manifest.json": is not valid JSON \(.*position.*\); fix the syntax/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error).toBeInstanceOf(PortraitRigError);
    expect(error.code).toBe('MANIFEST_MISMATCH');
    expect(error.source).toBe(FIXTURE);
  });

  it('rejects something that is not an object', () => {
    expect(errorOf('[1, 2]').message).toBe(`PortraitRig: manifest "${FIXTURE}": must be a JSON object, got an array`);
    expect(() => parseModelManifest(null)).toThrow(/^PortraitRig: manifest: must be a JSON object, got null$/);
  });

  it('rejects another format before looking at anything else', () => {
    const error = errorOf({ format: 'onnx-model', whatever: 1 });
    expect(error.issues).toHaveLength(1);
    expect(error.message).toBe(`PortraitRig: manifest "${FIXTURE}": format is "onnx-model": this is not a PortraitRig model `
      + 'manifest (expected "portrait-rig-model"); point the loader at the model folder\'s manifest.json');
    expect(errorOf({}).message).toContain('format is missing');
  });

  it('tells to upgrade for a newer format version and names the expected version otherwise', () => {
    expect(errorOf({ ...fixture(), formatVersion: 2, newField: true }).message)
      .toBe(`PortraitRig: manifest "${FIXTURE}": formatVersion 2 is newer than this SDK reads (1); upgrade portrait-rig`);
    expect(errorOf({ ...fixture(), formatVersion: '1' }).message).toContain('formatVersion is "1"; expected 1');
  });

  it('rejects a term index outside the dictionary with the exact range to use', () => {
    const input = fixture();
    input.channels['head.yaw'].terms[0].index = 25;
    const error = errorOf(input);
    expect(error.message).toBe(`PortraitRig: manifest "${FIXTURE}": channels["head.yaw"].terms[0].index 25 is outside the `
      + 'dictionary (motionDim 8); use 0..7');
    expect(error.issues).toEqual([{ path: 'channels["head.yaw"].terms[0].index', message: expect.stringContaining('index 25') }]);
  });

  it('rejects piecewise points whose x does not strictly increase', () => {
    const input = fixture();
    input.channels['head.pitch'].terms[0].calibration.points = [[-20, -1.2], [0, 0], [0, 0.9]];
    expect(errorOf(input).message).toContain('channels["head.pitch"].terms[0].calibration.points[2][0] 0 must be greater '
      + 'than points[1][0] 0; x values (channel unit) must strictly increase');
  });

  it('rejects a calibration that does not map the neutral value to 0 and gives the offset that would', () => {
    const input = fixture();
    input.channels['head.roll'].neutral = 5;
    const message = errorOf(input).message;
    expect(message).toBe(`PortraitRig: manifest "${FIXTURE}": channels["head.roll"].terms[0].calibration maps the neutral `
      + 'value 5 to 0.3, not 0 (tolerance 1e-6); set offset to -scale·neutral = -0.3, or change neutral');
    const piecewise = fixture();
    piecewise.channels['mouth.smile'].terms[0].calibration.points[0] = [0, 0.01];
    expect(errorOf(piecewise).message).toContain('make the points pass through [0, 0]');
  });

  it('accepts a neutral value that is off zero by less than 1e-6', () => {
    const input = fixture();
    input.channels['head.roll'].terms[0].calibration.offset = 5e-7;
    expect(() => parseModelManifest(input)).not.toThrow();
    input.channels['head.roll'].terms[0].calibration.offset = 2e-6;
    expect(() => parseModelManifest(input)).toThrow(/maps the neutral value 0 to 0.000002/);
  });

  it('rejects an empty or inverted range and a neutral value outside the range', () => {
    const input = fixture();
    input.channels['head.roll'].range = [20, -20];
    input.channels['mouth.open'].neutral = 2;
    const error = errorOf(input);
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['channels["head.roll"].range', 'channels["mouth.open"].neutral']));
    expect(error.message).toContain('channels["head.roll"].range [20, -20] must be [min, max] with min < max');
    expect(error.message).toContain('channels["mouth.open"].neutral 2 is outside range [0, 1]');
  });

  it('rejects a dictionary shape that is not [styleDim, motionDim]', () => {
    const input = fixture();
    input.files.dictionary.shape = [8, 16];
    expect(errorOf(input).message).toContain('files.dictionary.shape [8, 16] does not match [styleDim, motionDim] = [16, 8]');
  });

  it('rejects latent and alpha shapes that disagree with styleDim and motionDim', () => {
    const input = fixture();
    input.files.encoder.outputs[0].shape = ['batch', 32];
    input.files.decoder.inputs[0].shape = ['batch', 16, 1];
    input.files.encoder.outputs[1].shape = ['batch', 20];
    const paths = errorOf(input).issues.map((issue) => issue.path);
    expect(paths).toEqual(['files.encoder.outputs[0].shape', 'files.encoder.outputs[1].shape', 'files.decoder.inputs[0].shape']);
    expect(errorOf(input).message).toContain('files.encoder.outputs[1].shape ["batch", 20] does not match [batch, motionDim] with motionDim 8');
  });

  it('rejects image shapes that disagree with the resolution', () => {
    const input = fixture();
    input.resolution = 128;
    const error = errorOf(input);
    expect(error.issues.map((issue) => issue.path)).toEqual(['files.encoder.inputs[0].shape', 'files.decoder.outputs[0].shape']);
    expect(error.message).toContain('with resolution 128');
  });

  it('rejects decoder feature inputs the encoder does not produce with that name and shape', () => {
    const input = fixture();
    input.files.decoder.inputs[1].name = 'feat7';
    input.files.decoder.inputs[2].shape = ['batch', 16, 8, 8];
    const message = errorOf(input).message;
    expect(message).toContain('files.decoder.inputs[1].name "feat7" has no encoder feature output of that name; encoder features: feat0, feat1');
    expect(message).toContain('files.decoder.inputs[2].shape ["batch", 16, 8, 8] differs from the encoder\'s feature output "feat1" ["batch", 16, 16, 16]');
  });

  it('checks roles: exactly one of each required role, no role in the wrong place, unique names, batch only on axis 0', () => {
    const input = fixture();
    input.files.encoder.outputs.splice(1, 1); // drop alpha
    input.files.decoder.inputs.push({ role: 'alpha', name: 'alpha', shape: ['batch', 8] });
    input.files.encoder.outputs[1].name = 'z';
    input.files.encoder.outputs[2].shape = ['batch', 16, 'batch', 16];
    const message = errorOf(input).message;
    expect(message).toContain('files.encoder.outputs needs exactly one "alpha" output, found 0');
    expect(message).toContain('files.decoder.inputs[3].role "alpha" is not allowed here; decoder inputs have roles "latent", "feature"');
    expect(message).toContain('files.encoder.outputs[1].name "z" repeats outputs[0]; names must be unique');
    expect(message).toContain('files.encoder.outputs[2].shape[2] is "batch"; only axis 0 may be the batch axis');
  });

  it('rejects invalid and reserved channel names and preset channels in the wrong group', () => {
    const input = fixture();
    const roll = input.channels['head.roll'];
    input.channels['dict.3'] = roll;
    input.channels.Yaw = roll;
    input.channels['custom.2nd'] = roll;
    input.channels['mouth.open'].group = 'pose';
    const error = errorOf(input);
    expect(error.message).toContain('channels["dict.3"] uses the reserved prefix "dict."');
    expect(error.message).toContain('channels["Yaw"] is not a valid channel name');
    expect(error.message).toContain('channels["custom.2nd"] is not a valid channel name');
    expect(error.message).toContain('channels["mouth.open"].group is "pose" but the preset channel "mouth.open" belongs to group "expression"; set group to "expression" or use a custom name');
  });

  it('rejects a custom channel a clip could not name (a near-miss of a preset, taken for a typo)', () => {
    const input = fixture();
    input.channels['head.roll2'] = { ...input.channels['head.roll'], terms: [{ index: 7, calibration: { type: 'linear', scale: 1 } }] };
    const error = errorOf(input);
    expect(error.message).toContain('channels["head.roll2"] unknown channel "head.roll2", probably a typo: did you mean "head.roll"?');
    expect(error.message).toContain('rename the channel');
  });

  it('rejects direction-group overrides outside the dictionary or not an index', () => {
    const input = fixture();
    input.directionGroups.overrides = { '8': 'pose', '03': 'pose', x: 'expression' };
    const message = errorOf(input).message;
    expect(message).toContain('directionGroups.overrides["8"] is outside the dictionary (motionDim 8); use 0..7');
    expect(message).toContain('directionGroups.overrides["03"] is not a direction index');
    expect(message).toContain('directionGroups.overrides["x"] is not a direction index');
  });

  it('rejects a direction driven by both groups unless an override decides it', () => {
    const input = fixture();
    input.channels['mouth.open'].terms.push({ index: 2, calibration: { type: 'linear', scale: 0.1 } });
    expect(errorOf(input).message).toContain('channels drive direction 2 from both groups (pose channel "head.roll", '
      + 'expression channel "mouth.open"); set directionGroups.overrides["2"] to "pose" or "expression"');
    input.directionGroups.overrides['2'] = 'pose';
    expect(() => parseModelManifest(input)).not.toThrow();
  });

  it('rejects repeated directions within one channel', () => {
    const input = fixture();
    input.channels['mouth.open'].terms[1].index = 3;
    expect(errorOf(input).message).toContain('channels["mouth.open"].terms[1].index 3 repeats terms[0]');
  });

  it('rephrases structural errors: wrong types, enums, missing keys, typos, unsafe paths', () => {
    const input = fixture();
    delete input.name;
    input.styleDim = 0;
    input.motionDim = 8.5;
    input.id = 'Tiny Model';
    input.channels['head.yaw'].unit = 'deg';
    input.channels['head.yaw'].terms[0].calibration.type = 'lin';
    input.channels['head.yaw'].terms[1].calibration.scael = 1;
    input.files.encoder.path = '../encoder.onnx';
    input.files.decoder.externalData = ['C:/weights.bin'];
    input.files.encoder.inputs[0].shape[2] = 'height';
    input.extra = true;
    const error = errorOf(input);
    const messages = error.issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining([
      'name is missing; add it (a string)',
      'styleDim is 0; must be > 0',
      'motionDim must be an integer, got 8.5',
      'id "Tiny Model" must be a short id of a-z, 0-9 and "-"',
      'channels["head.yaw"].unit is "deg"; expected "degrees", "amount" or "coefficient"',
      'channels["head.yaw"].terms[0].calibration.type is "lin"; expected "linear" or "piecewise"',
      'channels["head.yaw"].terms[1].calibration has unknown key "scael"; remove or correct it (typo?)',
      expect.stringMatching(/^files\.encoder\.path "\.\.\/encoder\.onnx" must be a relative path inside the model folder/),
      expect.stringMatching(/^files\.decoder\.externalData\[0\] "C:\/weights\.bin" must be a relative path/),
      'files.encoder.inputs[0].shape[2] must be a positive integer or "batch", got "height"',
      'the manifest has unknown key "extra"; remove or correct it (typo?); free-form data belongs in "provenance"',
    ]));
    expect(error.message).toMatch(new RegExp(`^PortraitRig: manifest "${FIXTURE.replaceAll('/', '\\/')}": ${error.issues.length} problems:\\n  - `));
  });

  it('lists at most 12 problems in the message but keeps all of them in issues', () => {
    const withBadChannels = (count: number): ManifestError => {
      const input = fixture();
      for (let n = 0; n < count; n++) {
        input.channels[`custom.c${n}`] = {
          unit: 'amount', group: 'expression', range: [0, 1], terms: [{ index: 9, calibration: { type: 'linear', scale: 1 } }],
        };
      }
      return errorOf(input);
    };
    const listed = (error: ManifestError): number => error.message.split('\n').filter((line) => line.startsWith('  - ')).length;
    const twelve = withBadChannels(12);
    expect(twelve.issues).toHaveLength(12);
    expect(listed(twelve)).toBe(12);
    expect(twelve.message).not.toContain('more');
    const thirteen = withBadChannels(13);
    expect(thirteen.issues).toHaveLength(13);
    expect(listed(thirteen)).toBe(12);
    expect(thirteen.message).toContain('… and 1 more (see error.issues)');
    expect(thirteen.issues[12]?.path).toBe('channels["custom.c12"].terms[0].index');
  });

});
