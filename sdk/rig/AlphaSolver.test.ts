import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { AlphaSolver } from './AlphaSolver.js';
import { parseModelManifest } from './parseModelManifest.js';
import { RigCalibration } from './RigCalibration.js';
import { withChannelOverrides } from './withChannelOverrides.js';
import { SeededRandom } from '../motion/SeededRandom.js';

// The fixture overlaps on purpose: head.yaw and head.pitch (piecewise, kink at 0) both drive direction 1;
// mouth.open and mouth.smile (piecewise) both drive direction 4.
const manifest = parseModelManifest(readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8'));

/** A reproducible stream in 0 ≤ x < 1 for the property tests. */
function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

describe('AlphaSolver inverts the channel map', () => {
  it('recovers random in-range channel values from their α, overlapping and piecewise terms included (seeded)', () => {
    const random = prng(2024);
    const calibration = new RigCalibration(manifest);
    const solver = calibration.createSolver();
    expect(solver.channels).toEqual([...calibration.channelNames, 'dict.6', 'dict.7']);
    const alpha = new Float32Array(8);
    const out = new Float32Array(solver.channels.length);
    for (let trial = 0; trial < 400; trial++) {
      const values: Record<string, number> = {};
      for (const name of calibration.channelNames) {
        const [min, max] = manifest.channels[name]?.range ?? [0, 0];
        values[name] = min + random() * (max - min);
      }
      values['dict.6'] = random() * 2 - 1;
      values['dict.7'] = random() * 2 - 1;
      calibration.toAlpha(values, alpha);
      expect(solver.solve(alpha, out)).toBe(out);
      solver.channels.forEach((name, position) => {
        const [min, max] = manifest.channels[name]?.range ?? [-1, 1];
        expect(Math.abs((out[position] as number) - (values[name] as number)) / (max - min)).toBeLessThan(2e-5);
      });
      expect(solver.lastError).toBeLessThan(1e-10);
    }
  });

  it('finds values on the other side of a piecewise kink (head.pitch below 0 uses the steeper segment)', () => {
    const calibration = new RigCalibration(manifest);
    const solver = calibration.createSolver({ residuals: 'none' });
    const record = solver.solveToRecord(calibration.toAlpha({ 'head.pitch': -10, 'mouth.smile': 0.8 }));
    expect(record['head.pitch']).toBeCloseTo(-10, 4);
    expect(record['mouth.smile']).toBeCloseTo(0.8, 4);
    expect(record['head.yaw']).toBeCloseTo(0, 4);
    expect(Object.keys(record)).toEqual(calibration.channelNames);
  });

  it('leaves a break point whose one side is flat (uses the mean slope there, not the flat one)', () => {
    const oneSided = withChannelOverrides(manifest, {
      channels: {
        'custom.frown': { unit: 'amount', group: 'expression', range: [-1, 1],
          terms: [{ index: 6, calibration: { type: 'piecewise', points: [[-1, -0.5], [0, 0], [1, 0]] } }] },
      },
    });
    const calibration = new RigCalibration(oneSided);
    const alpha = calibration.toAlpha({ 'custom.frown': -0.5 });
    expect(alpha[6]).toBeCloseTo(-0.25, 6);
    expect(calibration.createSolver().solveToRecord(alpha)['custom.frown']).toBeCloseTo(-0.5, 5);
  });

  it('solves linear calibrations in a couple of iterations', () => {
    const linearOnly = withChannelOverrides(manifest, { channels: { 'head.pitch': null, 'mouth.smile': null } });
    const calibration = new RigCalibration(linearOnly);
    const solver = calibration.createSolver();
    solver.solve(calibration.toAlpha({ 'head.yaw': 13, 'head.roll': -4, 'mouth.open': 0.3, 'brows.raise': -0.6 }));
    expect(solver.lastIterations).toBeLessThanOrEqual(2);
    expect(solver.solveToRecord(calibration.toAlpha({ 'head.yaw': 13 }))['head.yaw']).toBeCloseTo(13, 4);
  });

  it('clamps to the ranges and lets the other channels take up what they can', () => {
    const calibration = new RigCalibration(manifest);
    const solver = calibration.createSolver({ residuals: 'none' });
    // yaw would need 100° on direction 0; direction 1 holds yaw's leak at 100° plus pitch 10°
    const alpha = new Float32Array(8);
    alpha[0] = 5;
    alpha[1] = -0.008 * 100 + 0.45;
    const record = solver.solveToRecord(alpha);
    expect(record['head.yaw']).toBe(30);
    // with yaw pinned at 30°, pitch explains direction 1 alone: −0.24 + pitch(p) = −0.35 → p = −0.11/0.06 = −1.833°
    expect(record['head.pitch']).toBeCloseTo(-0.11 / 0.06, 3);
    for (const [name, value] of Object.entries(record)) {
      const [min, max] = manifest.channels[name]?.range ?? [0, 0];
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
    }
  });

  it('with residuals "all", mapping the result forward reproduces any α (seeded)', () => {
    const random = prng(11);
    const calibration = new RigCalibration(manifest);
    const solver = calibration.createSolver({ residuals: 'all' });
    expect(solver.channels.slice(solver.namedCount)).toEqual(['dict.0', 'dict.1', 'dict.2', 'dict.3', 'dict.4', 'dict.5', 'dict.6', 'dict.7']);
    const binding = calibration.bind(solver.channels);
    const back = new Float32Array(8);
    for (let trial = 0; trial < 200; trial++) {
      const alpha = Float32Array.from({ length: 8 }, () => (random() - 0.5) * 6); // mostly unreachable within ranges
      binding.apply(solver.solve(alpha), back);
      alpha.forEach((value, i) => expect(back[i]).toBeCloseTo(value, 4));
    }
  });

  it('reports free directions as dict.<i> = α[i] and drops them with residuals "none"', () => {
    const alpha = new Float32Array([0, 0, 0, 0, 0, 0, 0.25, -0.5]);
    expect(new AlphaSolver(manifest).solveToRecord(alpha)).toMatchObject({ 'dict.6': 0.25, 'dict.7': -0.5, 'head.yaw': 0 });
    const none = new AlphaSolver(manifest, { residuals: 'none' });
    expect(none.channels).toHaveLength(6);
    expect(none.residualDirections).toEqual([]);
  });

  it('solves for a subset of channels and reports the other directions as dict.<i>', () => {
    const calibration = new RigCalibration(manifest);
    const solver = calibration.createSolver({ channels: ['head.yaw', 'head.roll'] });
    // yaw covers directions 0 and 1, roll covers 2; the rest come back raw
    expect(solver.channels).toEqual(['head.yaw', 'head.roll', 'dict.3', 'dict.4', 'dict.5', 'dict.6', 'dict.7']);
    const record = solver.solveToRecord(calibration.toAlpha({ 'head.yaw': 20, 'head.roll': 5, 'mouth.open': 0.5 }));
    expect(record['head.yaw']).toBeCloseTo(20, 4);
    expect(record['head.roll']).toBeCloseTo(5, 4);
    expect(record['dict.4']).toBeCloseTo(0.15, 6); // mouth.open's second term
    expect(record['dict.3']).toBeCloseTo(0.8, 6);
  });

  it('gives redundant channels a unique, consistent answer (eyes.blink overlaps eyes.blinkLeft + eyes.blinkRight)', () => {
    // the layout the training exporter writes: blink drives both eyelid directions, each eye its own
    const blinks = withChannelOverrides(manifest, {
      channels: {
        'eyes.blinkLeft': { unit: 'amount', group: 'expression', range: [0, 1], terms: [{ index: 6, calibration: { type: 'linear', scale: 2 } }] },
        'eyes.blinkRight': { unit: 'amount', group: 'expression', range: [0, 1], terms: [{ index: 7, calibration: { type: 'linear', scale: 2 } }] },
        'eyes.blink': {
          unit: 'amount', group: 'expression', range: [0, 1],
          terms: [{ index: 6, calibration: { type: 'linear', scale: 2 } }, { index: 7, calibration: { type: 'linear', scale: 2 } }],
        },
      },
      directionGroups: { overrides: { 7: null } },
    });
    const calibration = new RigCalibration(blinks);
    const solver = calibration.createSolver({ residuals: 'none' });
    const random = prng(5);
    const back = new Float32Array(8);
    const binding = calibration.bind(solver.channels);
    for (let trial = 0; trial < 100; trial++) {
      const values = { 'eyes.blink': random() * 0.5, 'eyes.blinkLeft': random() * 0.5, 'eyes.blinkRight': random() * 0.5 };
      const alpha = calibration.toAlpha(values);
      const solved = solver.solve(alpha);
      binding.apply(solved, back);
      expect(back[6]).toBeCloseTo(alpha[6] as number, 4);
      expect(back[7]).toBeCloseTo(alpha[7] as number, 4);
      expect(solver.lastError).toBeLessThan(1e-8);
    }
    // a symmetric blink splits symmetrically between the eyes
    const symmetric = solver.solveToRecord(calibration.toAlpha({ 'eyes.blink': 0.6 }));
    expect(symmetric['eyes.blinkLeft']).toBeCloseTo(symmetric['eyes.blinkRight'] as number, 6);
  });
});

describe('AlphaSolver errors', () => {
  it('rejects unknown, raw or repeated channels in options', () => {
    expect(() => new AlphaSolver(manifest, { channels: ['eyes.blink'] })).toThrow(
      'PortraitRig: AlphaSolver: model "fixture-tiny" has no named channel "eyes.blink"; solvable channels: head.yaw, head.pitch, head.roll, mouth.open, mouth.smile, brows.raise');
    expect(() => new AlphaSolver(manifest, { channels: ['dict.1'] })).toThrow(/no named channel "dict.1"/);
    expect(() => new AlphaSolver(manifest, { channels: ['head.yaw', 'head.yaw'] })).toThrow('channel "head.yaw" is listed twice');
    try {
      new AlphaSolver(manifest, { channels: ['eyes.blink'] });
    } catch (error) {
      expect((error as PortraitRigError).code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('rejects bad options', () => {
    expect(() => new AlphaSolver(manifest, { maxIterations: 0 })).toThrow('maxIterations 0 must be a positive integer');
    expect(() => new AlphaSolver(manifest, { ridge: -1 })).toThrow('ridge -1 must be a finite number >= 0');
    expect(() => new AlphaSolver(manifest, { residuals: 'some' as 'all' })).toThrow('residuals "some" must be "free", "all" or "none"');
  });

  it('rejects an α of the wrong length, non-finite coefficients and a wrong output length', () => {
    const solver = new AlphaSolver(manifest);
    expect(() => solver.solve(new Float32Array(7))).toThrow('AlphaSolver.solve: α has length 7; model "fixture-tiny" has motionDim 8');
    expect(() => solver.solve([0, 0, Number.NaN, 0, 0, 0, 0, 0])).toThrow('α[2] is NaN, not a finite number');
    expect(() => solver.solve(new Float32Array(8), new Float32Array(3))).toThrow(PortraitRigError);
  });
});
