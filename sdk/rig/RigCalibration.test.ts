import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { ChannelFrame } from '../motion/ChannelFrame.js';
import type { ChannelValueSource } from './ChannelValues.js';
import { evaluateCalibration } from './evaluateCalibration.js';
import { ManifestError } from './ManifestError.js';
import type { ModelManifest } from './ModelManifest.js';
import { parseModelManifest } from './parseModelManifest.js';
import { RigCalibration } from './RigCalibration.js';
import type { RigWarning } from './RigWarning.js';
import { SeededRandom } from '../motion/SeededRandom.js';

const text = readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8');
const manifest = parseModelManifest(text, 'fixtures/tiny-manifest.json');

/** A reproducible stream in 0 ≤ x < 1 for the property tests. */
function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** Straightforward reference of the forward map, written from the spec with evaluateCalibration. */
function referenceAlpha(model: ModelManifest, values: Record<string, number>): number[] {
  const alpha = new Array<number>(model.motionDim).fill(0);
  for (const [name, value] of Object.entries(values)) {
    const channel = model.channels[name];
    if (channel) {
      const clamped = Math.min(channel.range[1], Math.max(channel.range[0], value));
      for (const term of channel.terms) alpha[term.index] = (alpha[term.index] as number) + evaluateCalibration(term.calibration, clamped);
    } else {
      const index = Number(name.slice('dict.'.length));
      alpha[index] = (alpha[index] as number) + value;
    }
  }
  return alpha;
}

const silent = { onWarning: (): void => {} };

describe('RigCalibration.toAlpha', () => {
  it('adds every term of every channel, several channels onto one direction', () => {
    const calibration = new RigCalibration(manifest);
    const alpha = calibration.toAlpha({ 'head.yaw': 10, 'head.pitch': 10, 'mouth.open': 0.5, 'mouth.smile': 0.25 });
    // yaw: 0.05·10 on 0, −0.008·10 on 1; pitch piecewise 0.9·10/20 on 1; open 1.6·0.5 on 3, 0.3·0.5 on 4;
    // smile piecewise 0.8·0.25/0.5 on 4
    const expected = [0.5, -0.08 + 0.45, 0, 0.8, 0.15 + 0.4, 0, 0, 0];
    expected.forEach((value, i) => expect(alpha[i]).toBeCloseTo(value, 6));
  });

  it('clamps values to the channel range before calibrating, but not raw dict.<i> values', () => {
    const calibration = new RigCalibration(manifest);
    const alpha = calibration.toAlpha({ 'head.yaw': 90, 'head.pitch': -50, 'mouth.open': -1, 'dict.6': 3, 'dict.0': 0.25 });
    expect(alpha[0]).toBeCloseTo(0.05 * 30 + 0.25, 6);
    expect(alpha[1]).toBeCloseTo(-0.008 * 30 - 1.2, 6);
    expect(alpha[3]).toBe(0);
    expect(alpha[6]).toBe(3);
  });

  it('maps the neutral values (and an empty input) to α = 0', () => {
    const calibration = new RigCalibration(manifest);
    const neutral = Object.fromEntries(Object.entries(manifest.channels).map(([name, channel]) => [name, channel.neutral]));
    expect([...calibration.toAlpha(neutral)]).toEqual(new Array(8).fill(0));
    expect([...calibration.toAlpha({})]).toEqual(new Array(8).fill(0));
  });

  it('matches a reference implementation of the spec for random values (seeded property test)', () => {
    const calibration = new RigCalibration(manifest);
    const random = prng(1234);
    const names = [...calibration.channelNames, 'dict.6', 'dict.7', 'dict.1'];
    const out = new Float32Array(8);
    for (let trial = 0; trial < 500; trial++) {
      const values: Record<string, number> = {};
      for (const name of names) if (random() < 0.7) values[name] = (random() - 0.5) * 100; // often out of range
      calibration.toAlpha(values, out);
      const expected = referenceAlpha(manifest, values);
      expected.forEach((value, i) => expect(out[i]).toBeCloseTo(value, 4));
    }
  });

  it('is additive across channels (each channel contributes independently)', () => {
    const calibration = new RigCalibration(manifest);
    const random = prng(99);
    for (let trial = 0; trial < 100; trial++) {
      const values: Record<string, number> = {};
      for (const name of calibration.channelNames) values[name] = (random() - 0.5) * 60;
      const together = calibration.toAlpha(values);
      const sum = new Float32Array(8);
      for (const [name, value] of Object.entries(values)) calibration.addAlpha({ [name]: value }, sum);
      together.forEach((value, i) => expect(sum[i]).toBeCloseTo(value, 5));
    }
  });

  it('accepts a record, a Map, the motion engine\'s ChannelFrame and a custom source with the same result', () => {
    const calibration = new RigCalibration(manifest);
    const values = { 'head.yaw': -12, 'head.pitch': 7, 'brows.raise': 0.5, 'dict.7': -0.2 };
    const source: ChannelValueSource = { forEach: (visit) => { for (const [name, value] of Object.entries(values)) visit(value, name); } };
    const frame = new ChannelFrame(Object.keys(values));
    for (const [name, value] of Object.entries(values)) frame.set(name, value);
    const fromRecord = [...calibration.toAlpha(values)];
    expect([...calibration.toAlpha(new Map(Object.entries(values)))]).toEqual(fromRecord);
    expect([...calibration.toAlpha(frame)]).toEqual(fromRecord);
    expect([...calibration.toAlpha(source)]).toEqual(fromRecord);
    expect(fromRecord[5]).toBeCloseTo(-0.35, 6);
  });

  it('maps a ChannelFrame through a binding of its names and values (the hot-loop path)', () => {
    const calibration = new RigCalibration(manifest);
    const frame = new ChannelFrame(['mouth.smile', 'head.yaw', 'dict.6']);
    frame.set('mouth.smile', 0.75);
    frame.set('head.yaw', 20);
    frame.set('dict.6', 0.5);
    const binding = calibration.bind(frame.names);
    expect([...binding.apply(frame.values, new Float32Array(8))]).toEqual([...calibration.toAlpha(frame)]);
  });

  it('writes into the given array (overwriting it) and addAlpha adds onto it', () => {
    const calibration = new RigCalibration(manifest);
    const out = new Float32Array(8).fill(7);
    expect(calibration.toAlpha({ 'head.roll': 10 }, out)).toBe(out);
    expect([...out]).toEqual([0, 0, Math.fround(0.6), 0, 0, 0, 0, 0]);
    expect(calibration.addAlpha({ 'head.roll': 10, 'dict.7': 1 }, out)).toBe(out);
    expect(out[2]).toBeCloseTo(1.2, 6);
    expect(out[7]).toBe(1);
  });

  it('rejects an output array of the wrong length or type', () => {
    const calibration = new RigCalibration(manifest);
    expect(() => calibration.toAlpha({}, new Float32Array(9))).toThrow(/toAlpha: out must be a Float32Array of length 8/);
    expect(() => calibration.addAlpha({}, new Float64Array(8) as unknown as Float32Array)).toThrow(PortraitRigError);
  });

  it('rejects arrays and typed arrays, which have no channel names', () => {
    const calibration = new RigCalibration(manifest);
    expect(() => calibration.toAlpha(new Float32Array(8) as unknown as Record<string, number>)).toThrow(
      'PortraitRig: RigCalibration: channel values must be keyed by name (a record, Map or ChannelFrame), not an array; '
      + 'for values in a fixed order use calibration.bind(names)');
    expect(() => calibration.addAlpha([1, 2] as unknown as Record<string, number>, new Float32Array(8))).toThrow(/not an array/);
  });

  it('rejects non-finite and non-number values, naming the channel', () => {
    const calibration = new RigCalibration(manifest);
    expect(() => calibration.toAlpha({ 'head.yaw': Number.NaN })).toThrow('PortraitRig: channel "head.yaw" value NaN is not a finite number');
    expect(() => calibration.toAlpha({ 'dict.3': Infinity })).toThrow('channel "dict.3" value Infinity');
    expect(() => calibration.toAlpha({ 'mouth.open': '0.5' } as unknown as Record<string, number>)).toThrow('channel "mouth.open" value string "0.5"');
    try {
      calibration.toAlpha({ 'head.yaw': Number.NaN });
    } catch (error) {
      expect((error as PortraitRigError).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('RigCalibration with channels the model lacks', () => {
  it('skips them with exactly one warning per channel name (non-strict, the default)', () => {
    const warnings: RigWarning[] = [];
    const calibration = new RigCalibration(manifest, { onWarning: (warning) => warnings.push(warning) });
    const out = new Float32Array(8);
    for (let frame = 0; frame < 10; frame++) {
      calibration.toAlpha({ 'head.yaw': 10, 'eyes.blink': 1, 'custom.wink': 1 }, out);
      calibration.toAlpha(new Map([['eyes.blink', 0.5], ['dict.8', 1]]), out);
    }
    expect(warnings.map((warning) => warning.channel)).toEqual(['eyes.blink', 'custom.wink', 'dict.8']);
    expect(warnings[0]).toEqual({
      code: 'UNKNOWN_CHANNEL',
      channel: 'eyes.blink',
      message: 'PortraitRig: model "fixture-tiny" has no channel "eyes.blink"; it is skipped (warned once). Its channels: '
        + 'head.yaw, head.pitch, head.roll, mouth.open, mouth.smile, brows.raise and the raw directions dict.0..dict.7',
    });
    calibration.toAlpha({ 'head.yaw': 10, 'eyes.blink': 1 }, out);
    expect(out[0]).toBeCloseTo(0.5, 6); // the known channel still applies
  });

  it('warns through console.warn once per name by default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const calibration = new RigCalibration(manifest);
      calibration.toAlpha({ 'eyes.blink': 1 });
      calibration.toAlpha({ 'eyes.blink': 0 });
      calibration.bind(['eyes.blink']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toContain('no channel "eyes.blink"');
    } finally {
      warn.mockRestore();
    }
  });

  it('throws UNKNOWN_CHANNEL naming the channel and listing the model channels in strict mode', () => {
    const onWarning = vi.fn();
    const calibration = new RigCalibration(manifest, { strict: true, onWarning });
    let caught: unknown;
    try {
      calibration.toAlpha({ 'head.yaw': 1, 'eyes.blink': 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PortraitRigError);
    expect((caught as PortraitRigError).code).toBe('UNKNOWN_CHANNEL');
    expect((caught as Error).message).toBe('PortraitRig: model "fixture-tiny" has no channel "eyes.blink"; its channels: '
      + 'head.yaw, head.pitch, head.roll, mouth.open, mouth.smile, brows.raise and the raw directions dict.0..dict.7. '
      + 'Remove or rename the channel, add it with withChannelOverrides, or use strict: false to skip it');
    expect(() => calibration.toAlpha({ 'dict.8': 1 })).toThrow('no channel "dict.8"');
    const binding = calibration.bind(['head.yaw', 'gaze.x']);
    expect(() => binding.apply([1, 0.5], new Float32Array(8))).toThrow('no channel "gaze.x"');
    expect(onWarning).not.toHaveBeenCalled();
  });

  it('ignores channels the model lacks while they hold their neutral value, in strict mode too (a mixer frame holds every preset)', () => {
    const onWarning = vi.fn();
    for (const strict of [false, true]) {
      const calibration = new RigCalibration(manifest, { strict, onWarning });
      const alpha = calibration.toAlpha({ 'head.yaw': 10, 'eyes.blink': 0, 'gaze.x': 0, 'dict.8': 0 });
      expect(alpha).toEqual(calibration.toAlpha({ 'head.yaw': 10 }));
      calibration.bind(['head.yaw', 'gaze.x']).apply([10, 0], new Float32Array(8));
    }
    expect(onWarning).not.toHaveBeenCalled();
  });

  it('knows which channels exist', () => {
    const calibration = new RigCalibration(manifest, silent);
    expect(calibration.hasChannel('head.yaw')).toBe(true);
    expect(calibration.hasChannel('dict.7')).toBe(true);
    expect(calibration.hasChannel('dict.8')).toBe(false);
    expect(calibration.hasChannel('eyes.blink')).toBe(false);
    expect(calibration.hasChannel('toString')).toBe(false);
  });
});

describe('RigCalibration groups', () => {
  const calibration = new RigCalibration(manifest);

  it('gives every channel and every direction a group', () => {
    expect(calibration.groupOf('head.yaw')).toBe('pose');
    expect(calibration.groupOf('brows.raise')).toBe('expression');
    expect(calibration.groupOf('dict.0')).toBe('pose'); // driven by head.yaw
    expect(calibration.groupOf('dict.4')).toBe('expression'); // driven by mouth.open and mouth.smile
    expect(calibration.groupOf('dict.6')).toBe('expression'); // free: directionGroups.default
    expect(calibration.groupOf('dict.7')).toBe('pose'); // free: directionGroups.overrides["7"]
    expect(calibration.groupOf('eyes.blink')).toBeUndefined();
    expect(calibration.freeDirections).toEqual([6, 7]);
  });

  it('builds pose-only and expression-only masks over α', () => {
    expect([...calibration.directionMask('pose')]).toEqual([1, 1, 1, 0, 0, 0, 0, 1]);
    expect([...calibration.directionMask('expression')]).toEqual([0, 0, 0, 1, 1, 1, 1, 0]);
    const out = new Float32Array(8);
    expect(calibration.directionMask(['pose', 'expression'], out)).toBe(out);
    expect([...out]).toEqual(new Array(8).fill(1));
    expect(() => calibration.directionMask('pose', new Float32Array(3))).toThrow(/directionMask: out must be a Float32Array of length 8/);
  });

  it('lets an override move a channel-driven direction to another group', () => {
    const moved = new RigCalibration(parseModelManifest({ ...JSON.parse(text), directionGroups: { overrides: { 1: 'expression' } } }));
    expect(moved.directionGroup(1)).toBe('expression');
    expect(moved.groupOf('head.yaw')).toBe('pose');
    expect(moved.directionGroup(6)).toBe('expression');
  });

  it('rejects a direction index outside the dictionary', () => {
    expect(() => calibration.directionGroup(8)).toThrow('direction 8 is not in the dictionary of model "fixture-tiny" (0..7)');
    expect(() => calibration.directionGroup(1.5)).toThrow(PortraitRigError);
  });
});

describe('RigCalibration construction', () => {
  it('validates a manifest that did not come from parseModelManifest', () => {
    const handBuilt = JSON.parse(text) as ModelManifest & { channels: Record<string, { terms: { index: number }[] }> };
    (handBuilt.channels['head.yaw'] as { terms: { index: number }[] }).terms[0] = { index: 12, calibration: { type: 'linear', scale: 1, offset: 0 } } as never;
    expect(() => new RigCalibration(handBuilt)).toThrow(ManifestError);
    expect(() => new RigCalibration(handBuilt)).toThrow('PortraitRig: manifest "fixture-tiny": channels["head.yaw"].terms[0].index 12');
    const valid = JSON.parse(text) as ModelManifest;
    const calibration = RigCalibration.fromManifest(valid);
    expect(calibration.manifest).not.toBe(valid);
    expect(Object.isFrozen(calibration.manifest)).toBe(true);
    expect(calibration.toAlpha({ 'head.roll': 10 })[2]).toBeCloseTo(0.6, 6);
  });

  it('reuses a parsed manifest as is', () => {
    expect(new RigCalibration(manifest).manifest).toBe(manifest);
  });
});
