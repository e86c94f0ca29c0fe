import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../motion/SeededRandom.js';
import { DEFAULT_ONE_EURO, OneEuroFilter } from './OneEuroFilter.js';

/** Deterministic standard normal noise (Box–Muller on the SDK's seeded stream). */
function noise(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(random.next() + 1e-12)) * Math.cos(2 * Math.PI * random.next());
}

const rms = (a: number[], b: number[]): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);

describe('OneEuroFilter', () => {
  it('passes the first sample unchanged and keeps a constant signal bit-exact (a still video stays still)', () => {
    const filter = new OneEuroFilter(3);
    const x = Float32Array.from([0.123456789, -1.5, 3e-7]);
    const out = new Float32Array(3);
    for (let i = 0; i < 50; i += 1) {
      filter.filter(x, i / 25, out);
      expect(Array.from(out)).toEqual(Array.from(x));
    }
  });

  /** RMS error of the noisy track divided by that of the filtered one (default parameters, 25 fps, 30 s). */
  function jitterReduction(amplitude: number, frequency: number, sigma: number): number {
    const random = noise(3);
    const fps = 25;
    const clean: number[] = [];
    const noisy: number[] = [];
    for (let i = 0; i < 750; i += 1) {
      const value = amplitude * Math.sin(2 * Math.PI * frequency * (i / fps));
      clean.push(value);
      noisy.push(value + sigma * random());
    }
    const filter = new OneEuroFilter(1);
    const smoothed = noisy.map((v, i) => filter.filter([v], i / fps)[0]!);
    return rms(noisy.slice(25), clean.slice(25)) / rms(smoothed.slice(25), clean.slice(25));
  }

  it('with the defaults, halves the jitter of a still face (σ 0.02) and cuts that of a slow sway (0.1 Hz, σ 0.03) ≥ 1.4×', () => {
    expect(jitterReduction(0, 0, 0.02)).toBeGreaterThan(2);
    expect(jitterReduction(0.5, 0.1, 0.03)).toBeGreaterThan(1.4);
  });

  it('follows fast motion (a blink-like step) faster with beta > 0 than a plain low-pass at the same minCutoff', () => {
    const fps = 25;
    const steps = (beta: number): number => {
      const filter = new OneEuroFilter(1, { minCutoff: DEFAULT_ONE_EURO.minCutoff, beta });
      for (let i = 0; i < 10; i += 1) filter.filter([0], i / fps);
      for (let i = 10; i < 100; i += 1) if (filter.filter([2], i / fps)[0]! >= 1.8) return i - 10;
      return Infinity;
    };
    const adaptive = steps(DEFAULT_ONE_EURO.beta);
    const plain = steps(0);
    expect(adaptive).toBeLessThanOrEqual(3);
    expect(plain).toBeGreaterThan(adaptive);
  });

  it('filters every coefficient independently', () => {
    const filter = new OneEuroFilter(2);
    filter.filter([0, 0], 0);
    const out = filter.filter([0, 1], 0.04);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[1]).toBeLessThan(1);
  });

  it('returns the previous estimate for a repeated time, starts over after reset, and rejects time going backwards', () => {
    const filter = new OneEuroFilter(1);
    filter.filter([0], 0);
    const first = filter.filter([1], 0.04)[0]!;
    expect(filter.filter([5], 0.04)[0]).toBe(first);
    expect(() => filter.filter([1], 0.01)).toThrow(/time went backwards \(0\.01 s after 0\.04 s\); call reset\(\)/);
    filter.reset();
    expect(filter.filter([5], 0)[0]).toBe(5);
  });

  it('rejects invalid parameters and sizes with the fix', () => {
    expect(() => new OneEuroFilter(0)).toThrow(/size must be a positive integer/);
    expect(() => new OneEuroFilter(2, { minCutoff: 0 })).toThrow(/minCutoff and derivativeCutoff must be finite frequencies > 0 Hz/);
    expect(() => new OneEuroFilter(2, { beta: -1 })).toThrow(/beta must be a finite number ≥ 0/);
    expect(() => new OneEuroFilter(2).filter([1], 0)).toThrow(/sample and out must have 2 values/);
  });
});
