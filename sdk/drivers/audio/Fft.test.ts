import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../motion/SeededRandom.js';
import { Fft } from './Fft.js';

function dft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      outRe[k]! += re[t]! * Math.cos(angle) - im[t]! * Math.sin(angle);
      outIm[k]! += re[t]! * Math.sin(angle) + im[t]! * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

describe('Fft', () => {
  it('matches a direct DFT of random complex data at sizes 2 … 256', () => {
    const random = new SeededRandom(5);
    for (const n of [2, 4, 8, 64, 256]) {
      const re = Float64Array.from({ length: n }, () => random.next() - 0.5);
      const im = Float64Array.from({ length: n }, () => random.next() - 0.5);
      const [expectRe, expectIm] = dft(re, im);
      new Fft(n).forward(re, im);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(expectRe[k]!, 10);
        expect(im[k]).toBeCloseTo(expectIm[k]!, 10);
      }
    }
  });

  it('inverse(forward(x)) returns x', () => {
    const random = new SeededRandom(9);
    const fft = new Fft(1024);
    const re = Float64Array.from({ length: 1024 }, () => random.next());
    const original = Float64Array.from(re);
    const im = new Float64Array(1024);
    fft.forward(re, im);
    fft.inverse(re, im);
    for (let i = 0; i < 1024; i++) {
      expect(re[i]).toBeCloseTo(original[i]!, 12);
      expect(Math.abs(im[i]!)).toBeLessThan(1e-12);
    }
  });

  it('puts a cosine of k cycles into bins k and n − k', () => {
    const n = 32;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 3 * t) / n));
    const im = new Float64Array(n);
    new Fft(n).forward(re, im);
    expect(re[3]).toBeCloseTo(n / 2, 10);
    expect(re[n - 3]).toBeCloseTo(n / 2, 10);
    expect(Math.abs(re[4]!)).toBeLessThan(1e-10);
  });

  it('rejects sizes that are not powers of two and arrays that are too short', () => {
    expect(() => new Fft(100)).toThrow(/power of two/);
    expect(() => new Fft(1)).toThrow(/power of two/);
    expect(() => new Fft(16).forward(new Float64Array(8), new Float64Array(16))).toThrow(/at least 16/);
  });
});
