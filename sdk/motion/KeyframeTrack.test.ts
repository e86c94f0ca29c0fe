import { describe, expect, it } from 'vitest';
import { INTERPOLATION_NAMES, KeyframeTrack, MotionValidationError, SeededRandom } from './index.js';

function validationError(fn: () => unknown): MotionValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MotionValidationError);
    return error as MotionValidationError;
  }
  throw new Error('expected a MotionValidationError');
}

/** A random track with `n` keys: increasing times from 0, values in −30..30. */
function randomTrack(random: SeededRandom, n: number, interpolation: string): KeyframeTrack {
  const times: number[] = [];
  const values: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += random.range(0.01, 1);
    times.push(Number(t.toFixed(3)));
    values.push(random.range(-30, 30));
  }
  // Random explicit tangents, none where no segment uses them (before the first key, after the last).
  const tangents = interpolation === 'bezier' ? values.map(() => random.range(-50, 50)) : undefined;
  return new KeyframeTrack('head.yaw', times, values, {
    interpolation,
    ...(tangents ? {
      inTangents: tangents.map((m, i) => (i === 0 ? Number.NaN : m)),
      outTangents: tangents.map((m, i) => (i === n - 1 ? Number.NaN : -m)),
    } : {}),
  });
}

const ALL_MODES = [...INTERPOLATION_NAMES, 'cubic-bezier(0.42, 0, 0.58, 1)', 'cubic-bezier(0.3, -0.5, 0.7, 1.6)'];

describe('KeyframeTrack interpolation', () => {
  it('step holds the segment start value until the next key', () => {
    const track = new KeyframeTrack('head.yaw', [0, 1, 2], [0, 10, -5], { interpolation: 'step' });
    expect(track.evaluate(0.999)).toBe(0);
    expect(track.evaluate(1)).toBe(10);
    expect(track.evaluate(1.5)).toBe(10);
    expect(track.evaluate(2)).toBe(-5);
  });

  it('linear interpolates straight between keys', () => {
    const track = new KeyframeTrack('head.yaw', [0, 2], [10, 20]);
    expect(track.interpolation).toBe('linear');
    expect(track.evaluate(0.5)).toBeCloseTo(12.5, 12);
    expect(track.evaluate(1)).toBeCloseTo(15, 12);
  });

  it('holds the first value before the first key and the last value after the last key', () => {
    const track = new KeyframeTrack('head.yaw', [1, 2], [3, 7], { interpolation: 'smooth' });
    expect(track.evaluate(-5)).toBe(3);
    expect(track.evaluate(Number.NaN)).toBe(3);
    expect(track.evaluate(100)).toBe(7);
  });

  it('smooth uses Catmull-Rom slopes: symmetric data gives the midpoint and an inner slope from the neighbours', () => {
    // Values 0, 10, 20, 30 on a line: the Catmull-Rom slope is 10/s at inner keys, so the inner segment is linear.
    const track = new KeyframeTrack('head.yaw', [0, 1, 2, 3], [0, 10, 20, 30], { interpolation: 'smooth' });
    expect(track.smoothSlopes[1]).toBeCloseTo(10, 12);
    expect(track.smoothSlopes[2]).toBeCloseTo(10, 12);
    expect(track.evaluate(1.5)).toBeCloseTo(15, 12);
    expect(track.evaluate(1.25)).toBeCloseTo(12.5, 12);
    // Ends get a zero slope (ease in/out): the first segment starts flat.
    expect(track.smoothSlopes[0]).toBe(0);
    const early = track.evaluate(0.01);
    expect(early).toBeLessThan(0.01 * 10);
  });

  it('smooth never overshoots: each segment stays between its two keys (monotone cubic)', () => {
    const random = new SeededRandom(11);
    for (let trial = 0; trial < 50; trial++) {
      const track = randomTrack(random, 12, 'smooth');
      for (let i = 0; i + 1 < track.keyCount; i++) {
        const lo = Math.min(track.values[i]!, track.values[i + 1]!);
        const hi = Math.max(track.values[i]!, track.values[i + 1]!);
        for (let s = 1; s < 20; s++) {
          const t = track.times[i]! + (track.times[i + 1]! - track.times[i]!) * (s / 20);
          const v = track.evaluate(t);
          expect(v).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(v).toBeLessThanOrEqual(hi + 1e-9);
        }
      }
    }
  });

  it('smooth gives a flat slope at a local extremum', () => {
    const track = new KeyframeTrack('head.yaw', [0, 1, 2], [0, 10, 0], { interpolation: 'smooth' });
    expect(track.smoothSlopes[1]).toBe(0);
    expect(track.evaluate(0.99)).toBeLessThanOrEqual(10);
  });

  it('bezier honours explicit tangents (numerical slope at the segment ends)', () => {
    const track = new KeyframeTrack('head.yaw', [0, 1], [0, 10], {
      interpolation: 'bezier', outTangents: [40, Number.NaN], inTangents: [Number.NaN, -20],
    });
    const h = 1e-6;
    expect((track.evaluate(h) - track.evaluate(0)) / h).toBeCloseTo(40, 3);
    expect((track.evaluate(1 - 1e-9) - track.evaluate(1 - 1e-9 - h)) / h).toBeCloseTo(-20, 2);
    // Same curve as the Bézier with control points v0 + m0/3 and v1 − m1/3: B(0.5) = (v0 + 3c1 + 3c2 + v1)/8.
    const c1 = 0 + 40 / 3;
    const c2 = 10 - -20 / 3;
    expect(track.evaluate(0.5)).toBeCloseTo((0 + 3 * c1 + 3 * c2 + 10) / 8, 12);
  });

  it('bezier without tangents equals smooth', () => {
    const a = new KeyframeTrack('head.yaw', [0, 1, 3], [0, 10, 4], { interpolation: 'bezier' });
    const b = new KeyframeTrack('head.yaw', [0, 1, 3], [0, 10, 4], { interpolation: 'smooth' });
    for (let t = 0; t <= 3; t += 0.1) expect(a.evaluate(t)).toBe(b.evaluate(t));
  });

  it('named easings and cubic-bezier shape the segment between its keys', () => {
    const quad = new KeyframeTrack('mouth.open', [0, 1], [0, 1], { interpolation: 'easeInQuad' });
    expect(quad.evaluate(0.5)).toBeCloseTo(0.25, 12);
    const css = new KeyframeTrack('mouth.open', [0, 2], [10, 20], { interpolation: 'cubic-bezier(0.42,0,0.58,1)' });
    expect(css.interpolation).toBe('cubic-bezier(0.42, 0, 0.58, 1)');
    expect(css.evaluate(1)).toBeCloseTo(15, 9); // symmetric ease-in-out: halfway at half time
    expect(css.evaluate(0.2)).toBeLessThan(10 + 10 * 0.1); // slow start
  });

  it('per-key interpolation overrides the track default for that segment only', () => {
    const track = new KeyframeTrack('head.yaw', [0, 1, 2], [0, 10, 20], {
      interpolation: 'linear', keyInterpolations: ['step', undefined, undefined],
    });
    expect(track.evaluate(0.5)).toBe(0);
    expect(track.evaluate(1.5)).toBeCloseTo(15, 12);
    expect(track.interpolationAt(0)).toBe('step');
    expect(track.interpolationAt(1)).toBe('linear');
  });

  it('keeps Float32Array times as float32 and copies other inputs into Float64Array', () => {
    const times32 = new Float32Array([0, 0.5, 1]);
    const a = new KeyframeTrack('head.yaw', times32, [0, 1, 2]);
    expect(a.times).toBeInstanceOf(Float32Array);
    expect(a.times).not.toBe(times32);
    const b = new KeyframeTrack('head.yaw', [0, 0.5, 1], [0, 1, 2]);
    expect(b.times).toBeInstanceOf(Float64Array);
  });

  it('supports valueSize > 1 (flat values with a stride)', () => {
    const track = new KeyframeTrack('custom.vector', [0, 1], [0, 10, 100, 20, 30, 300], { valueSize: 3 });
    const out = new Float64Array(3);
    track.evaluate(0.5, out);
    expect(Array.from(out)).toEqual([10, 20, 200]);
  });

  it.each(ALL_MODES)('property: %s passes through every key', (mode) => {
    const random = new SeededRandom(mode.length * 97);
    for (let trial = 0; trial < 20; trial++) {
      const track = randomTrack(random, 2 + random.int(20), mode);
      for (let i = 0; i < track.keyCount; i++) {
        expect(track.evaluate(track.times[i]!)).toBeCloseTo(track.values[i]!, 9);
      }
    }
  });

  it.each(ALL_MODES.filter((m) => m !== 'step'))('property: %s is continuous at every key', (mode) => {
    const random = new SeededRandom(mode.length * 31 + 5);
    for (let trial = 0; trial < 20; trial++) {
      const track = randomTrack(random, 2 + random.int(10), mode);
      for (let i = 1; i < track.keyCount; i++) {
        const t = track.times[i]!;
        const h = t - track.times[i - 1]!;
        expect(track.evaluate(t - h * 1e-9)).toBeCloseTo(track.values[i]!, 5);
      }
    }
  });
});

describe('KeyframeTrack validation', () => {
  it('rejects unsorted keys, naming the key and both times', () => {
    const error = validationError(() => new KeyframeTrack('head.yaw', [0, 2, 1.5], [0, 1, 2]));
    expect(error.code).toBe('motion/unsorted-keys');
    expect(error.message).toBe(
      'PortraitRig: track "head.yaw" key 2: keyframe times must increase (1.5 after 2.0); sort the keys by time and give each key its own time',
    );
  });

  it('rejects duplicate times', () => {
    expect(validationError(() => new KeyframeTrack('head.yaw', [0, 1, 1], [0, 1, 2])).code).toBe('motion/unsorted-keys');
  });

  it.each([Number.NaN, Infinity, -Infinity])('rejects a %s time or value', (bad) => {
    const inTime = validationError(() => new KeyframeTrack('head.yaw', [0, bad, 3], [0, 1, 2]));
    expect(inTime.code).toBe('motion/non-finite');
    expect(inTime.message).toContain('key 1: time is');
    const inValue = validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0, bad]));
    expect(inValue.code).toBe('motion/non-finite');
    expect(inValue.message).toContain(`key 1: value is ${bad}`);
  });

  it('rejects empty tracks and mismatched lengths', () => {
    expect(validationError(() => new KeyframeTrack('head.yaw', [], [])).message).toContain('at least one key');
    expect(validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0])).message).toContain('2 times need 2 values');
  });

  it('rejects unknown interpolation names with the list of valid ones and a case hint', () => {
    const error = validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0, 1], { interpolation: 'easeinquad' }));
    expect(error.code).toBe('motion/unknown-interpolation');
    expect(error.message).toContain('did you mean "easeInQuad"');
    expect(error.message).toContain('smooth');
    const css = validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0, 1], { interpolation: 'cubic-bezier(1.5, 0, 0.5, 1)' }));
    expect(css.message).toContain('x1, x2 in 0..1');
  });

  it('rejects tangents that no bezier segment uses', () => {
    const error = validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0, 1], { outTangents: [5, Number.NaN] }));
    expect(error.code).toBe('motion/invalid-track');
    expect(error.message).toContain('set interpolation "bezier" on key 0');
    const last = validationError(() => new KeyframeTrack('head.yaw', [0, 1], [0, 1], {
      interpolation: 'bezier', outTangents: [Number.NaN, 3],
    }));
    expect(last.message).toContain('no segment after the last key');
  });

  it('reports every problem at once', () => {
    const error = validationError(() => new KeyframeTrack('head.yaw', [0, Number.NaN, 1, 0.5], [0, 1, Infinity, 2]));
    expect(error.issues.map((issue) => issue.code)).toEqual(['motion/non-finite', 'motion/non-finite', 'motion/unsorted-keys']);
    expect(error.issues[2]!.path).toBe('keys[3].time');
  });
});
