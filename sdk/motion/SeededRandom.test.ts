import { describe, expect, it } from 'vitest';
import { SeededRandom } from './index.js';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
    a.reset();
    expect(a.next()).toBe(sa[0]);
  });

  it('is roughly uniform in 0 ≤ x < 1', () => {
    const random = new SeededRandom(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = random.next();
      expect(x >= 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]!++;
    }
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('fill writes the same numbers next() would return, continuing the sequence', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    const filled = a.fill(new Float64Array(5), 1, 3);
    expect(filled[0]).toBe(0);
    expect(Array.from(filled.subarray(1, 4))).toEqual([b.next(), b.next(), b.next()]);
    expect(filled[4]).toBe(0);
    expect(a.next()).toBe(b.next());
  });

  it('range and int stay in bounds', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const r = random.range(2, 6);
      expect(r >= 2 && r < 6).toBe(true);
      const n = random.int(3);
      expect([0, 1, 2]).toContain(n);
    }
  });

  it('rejects a non-finite seed', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(/finite/);
  });
});
