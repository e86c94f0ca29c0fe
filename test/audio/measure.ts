/** Small measurements shared by the audio tests. */
import { Resampler } from '../../sdk/drivers/audio/Resampler.js';

/** Root mean square of the middle 60 % of `x` (away from edge effects). */
export function resampleRms(x: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (let i = Math.floor(x.length * 0.2); i < x.length * 0.8; i++) {
    sum += x[i]! * x[i]!;
    count++;
  }
  return Math.sqrt(sum / count);
}

/** Resamples a whole buffer. */
export function resamplePcmForTest(x: Float32Array, from: number, to: number): Float32Array {
  const resampler = new Resampler(from, to);
  const out = new Float32Array(resampler.outputLength(x.length));
  resampler.process(x, out);
  return out;
}

/** Pearson correlation of two equally long series. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sx += (x[i]! - mx) ** 2;
    sy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sx * sy);
}

/** Mean of the entries of `x` where `mask(i)` holds. */
export function meanWhere(x: ArrayLike<number>, mask: (i: number) => boolean): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (!mask(i)) continue;
    sum += x[i]!;
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}
