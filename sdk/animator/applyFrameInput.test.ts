import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelManifest } from '../rig/parseModelManifest.js';
import { RigCalibration } from '../rig/RigCalibration.js';
import { applyFrameInput } from './applyFrameInput.js';

const manifest = parseModelManifest(readFileSync(new URL('../rig/fixtures/tiny-manifest.json', import.meta.url), 'utf8'));
const calibration = new RigCalibration(manifest);

describe('applyFrameInput', () => {
  it('copies or adds an α input as is', () => {
    const alpha = Float32Array.from({ length: calibration.motionDim }, (_, i) => i + 1);
    const out = new Float32Array(calibration.motionDim).fill(10);
    expect(Array.from(applyFrameInput(calibration, alpha, out, 'add', 'm'))).toEqual(Array.from(alpha, (v) => v + 10));
    expect(Array.from(applyFrameInput(calibration, alpha, out, 'set', 'm'))).toEqual(Array.from(alpha));
  });

  it('maps channel values through the calibration, overwriting or adding', () => {
    const expected = calibration.toAlpha({ 'head.yaw': 12, 'mouth.open': 0.5 });
    const out = new Float32Array(calibration.motionDim).fill(1);
    expect(applyFrameInput(calibration, { 'head.yaw': 12, 'mouth.open': 0.5 }, out, 'set', 'm')).toEqual(expected);
    applyFrameInput(calibration, { 'head.yaw': 12, 'mouth.open': 0.5 }, out, 'add', 'm');
    for (let i = 0; i < out.length; i += 1) expect(out[i]).toBeCloseTo(2 * expected[i]!, 6);
  });

  it('rejects an α of the wrong length, naming motionDim and the model, and leaves out untouched', () => {
    const out = new Float32Array(calibration.motionDim).fill(7);
    expect(() => applyFrameInput(calibration, new Float32Array(3), out, 'set', 'fixture-tiny'))
      .toThrow(`α must have motionDim = ${calibration.motionDim} values for model "fixture-tiny", got 3.`);
    expect(Array.from(out)).toEqual(new Array(calibration.motionDim).fill(7));
  });
});
