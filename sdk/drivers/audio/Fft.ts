import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/**
 * In-place radix-2 complex FFT of a fixed power-of-two size, with precomputed twiddle factors and bit-reversal
 * table: {@link Fft.forward} and {@link Fft.inverse} allocate nothing. Small and dependency-free on purpose (the
 * audio features need a spectrum, an autocorrelation and an LPC envelope per 10 ms frame, a few 1024-point
 * transforms).
 *
 * Conventions: `forward` computes `X[k] = Σ x[n]·e^(−2πi·kn/N)` (no scaling); `inverse` computes
 * `x[n] = (1/N)·Σ X[k]·e^(+2πi·kn/N)`, so `inverse(forward(x)) = x`.
 *
 * @example
 * ```ts
 * const fft = new Fft(8);
 * const re = Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0);
 * const im = new Float64Array(8);
 * fft.forward(re, im); // an impulse: every bin is 1 + 0i
 * ```
 */
export class Fft {
  /** Transform size (a power of two ≥ 2). */
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reverse: Uint32Array;

  /**
   * @param size - Number of points, a power of two between 2 and 2^20.
   * @throws PortraitRigError `audio/invalid-option` for another size.
   */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || size > 1 << 20 || (size & (size - 1)) !== 0) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        `FFT size must be a power of two between 2 and 1048576 (got ${String(size)}).`);
    }
    this.size = size;
    const half = size >> 1;
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
    this.reverse = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reverse[i] = r;
    }
  }

  /** Forward transform of `re + i·im` in place (length ≥ `size`; only the first `size` entries are used). */
  forward(re: Float64Array, im: Float64Array): void {
    this.transform(re, im, -1);
  }

  /** Inverse transform of `re + i·im` in place, scaled by `1/size`. */
  inverse(re: Float64Array, im: Float64Array): void {
    this.transform(re, im, 1);
    const scale = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i]! *= scale;
      im[i]! *= scale;
    }
  }

  private transform(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
    const n = this.size;
    if (re.length < n || im.length < n) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `FFT of size ${n} needs arrays of at least ${n} numbers (got ${re.length} and ${im.length}).`);
    }
    const reverse = this.reverse;
    for (let i = 0; i < n; i++) {
      const j = reverse[i]!;
      if (j > i) {
        const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
        const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
      }
    }
    const cos = this.cos;
    const sin = this.sin;
    for (let length = 2; length <= n; length <<= 1) {
      const half = length >> 1;
      const step = n / length;
      for (let start = 0; start < n; start += length) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step]!;
          const wi = sign * sin[k * step]!;
          const a = start + k;
          const b = a + half;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a]! += xr;
          im[a]! += xi;
        }
      }
    }
  }
}
