import { describe, expect, it } from 'vitest';
import { thinKeyframes } from './thinKeyframes.js';

function lerpAt(times: number[], values: number[], keep: number[], t: number): number {
  let k = 0;
  while (k < keep.length - 2 && times[keep[k + 1]!]! < t) k += 1;
  const a = keep[k]!;
  const b = keep[k + 1]!;
  return values[a]! + (values[b]! - values[a]!) * (t - times[a]!) / (times[b]! - times[a]!);
}

describe('thinKeyframes', () => {
  it('keeps few keys yet reproduces every sample of a captured-looking curve within the tolerance', () => {
    for (const seed of [1, 2, 3, 4]) {
      const times = Array.from({ length: 250 }, (_, i) => i / 25);
      const values = times.map((t) => 12 * Math.sin(0.7 * t * seed) + 3 * Math.sin(5.1 * t + seed) + (t > 4 && t < 4.3 ? 8 : 0));
      const tolerance = 0.25;
      const keep = thinKeyframes(times, values, tolerance);
      expect(keep[0]).toBe(0);
      expect(keep.at(-1)).toBe(249);
      expect(keep.length).toBeLessThan(values.length / 2);
      for (let i = 0; i < times.length; i += 1) {
        expect(Math.abs(lerpAt(times, values, keep, times[i]!) - values[i]!)).toBeLessThanOrEqual(tolerance + 1e-12);
      }
    }
  });

  it('drops samples that lie on a line and keeps the corners', () => {
    expect(thinKeyframes([0, 1, 2, 3, 4], [0, 1, 2, 2, 2], 0)).toEqual([0, 2, 4]);
    expect(thinKeyframes([0, 0.04, 0.08, 0.12], [0, 1, 2, 2.001], 0.01)).toEqual([0, 2, 3]);
  });

  it('keeps one or two samples as they are and rejects mismatched input', () => {
    expect(thinKeyframes([0], [5], 1)).toEqual([0]);
    expect(thinKeyframes([0, 1], [5, 5], 1)).toEqual([0, 1]);
    expect(() => thinKeyframes([0, 1], [1], 0)).toThrow(/2 times but 1 values/);
    expect(() => thinKeyframes([0, 1], [1, 2], -1)).toThrow(/tolerance must be a finite number ≥ 0/);
  });
});
