import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { parseModelManifest } from './parseModelManifest.js';
import { RigCalibration } from './RigCalibration.js';
import type { RigWarning } from './RigWarning.js';
import { SeededRandom } from '../motion/SeededRandom.js';

const manifest = parseModelManifest(readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8'));

/** A reproducible stream in 0 ≤ x < 1 for the property tests. */
function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

describe('ChannelBinding', () => {
  it('gives the same α as toAlpha for random channel lists and values (seeded property test)', () => {
    const random = prng(7);
    const calibration = new RigCalibration(manifest, { onWarning: () => {} });
    const pool = [...calibration.channelNames, 'dict.0', 'dict.3', 'dict.6', 'dict.7', 'eyes.blink', 'dict.9'];
    const viaBinding = new Float32Array(8);
    const viaRecord = new Float32Array(8);
    for (let trial = 0; trial < 300; trial++) {
      const names = pool.filter(() => random() < 0.6).sort(() => random() - 0.5);
      const binding = calibration.bind(names);
      const values = Float32Array.from(names, () => (random() - 0.5) * 80);
      binding.apply(values, viaBinding);
      calibration.toAlpha(Object.fromEntries(names.map((name, i) => [name, values[i] as number])), viaRecord);
      expect([...viaBinding]).toEqual([...viaRecord]);
    }
  });

  it('overwrites with apply and accumulates with add', () => {
    const calibration = new RigCalibration(manifest);
    const binding = calibration.bind(['head.roll', 'dict.7']);
    const out = new Float32Array(8).fill(5);
    expect(binding.apply([10, 0.5], out)).toBe(out);
    expect([...out]).toEqual([0, 0, Math.fround(0.6), 0, 0, 0, 0, 0.5]);
    expect(binding.add([10, 0.5], out)).toBe(out);
    expect(out[2]).toBeCloseTo(1.2, 6);
    expect(out[7]).toBe(1);
  });

  it('skips names the model lacks, lists them in missing, and warns once per name when one leaves its neutral value', () => {
    const warnings: RigWarning[] = [];
    const calibration = new RigCalibration(manifest, { onWarning: (warning) => warnings.push(warning) });
    const binding = calibration.bind(['eyes.blink', 'head.yaw', 'dict.8', 'eyes.blink']);
    expect(binding.missing).toEqual(['eyes.blink', 'dict.8', 'eyes.blink']);
    binding.apply([0, 20, 0, 0], new Float32Array(8)); // missing channels at neutral lose no motion: no warning
    expect(warnings).toEqual([]);
    const out = binding.apply([1, 20, 1, 1], new Float32Array(8));
    binding.apply([1, 20, 1, 1], new Float32Array(8));
    expect(warnings.map((warning) => warning.channel)).toEqual(['eyes.blink', 'dict.8']);
    expect(out[0]).toBeCloseTo(1, 6);
    expect(binding.names).toEqual(['eyes.blink', 'head.yaw', 'dict.8', 'eyes.blink']);
    expect(binding.length).toBe(4);
  });

  it('rejects wrong lengths and non-finite values with the channel name', () => {
    const binding = new RigCalibration(manifest).bind(['head.yaw', 'dict.2']);
    expect(() => binding.apply([1], new Float32Array(8))).toThrow('ChannelBinding: got 1 values for 2 bound channels (head.yaw, dict.2)');
    expect(() => binding.apply([1, 2], new Float32Array(7))).toThrow('ChannelBinding: α has length 7; the model needs motionDim 8');
    expect(() => binding.apply([Number.NaN, 0], new Float32Array(8))).toThrow('channel "head.yaw" value NaN');
    expect(() => binding.add([0, Number.POSITIVE_INFINITY], new Float32Array(8))).toThrow('channel "dict.2" value Infinity');
    expect(() => binding.apply([1], new Float32Array(8))).toThrow(PortraitRigError);
  });
});
