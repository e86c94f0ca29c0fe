import { PortraitRigError } from '../../errors/PortraitRigError.js';

/**
 * Thins a densely sampled curve to the keys a linear interpolation needs to stay within `tolerance` of every sample
 * (Ramer–Douglas–Peucker on the vertical distance): keeps the first and last sample and, recursively, the sample
 * farthest from the line between the kept neighbours while it is farther than `tolerance`. Linear keyframes at the
 * returned indices reproduce every input sample within `tolerance`; a tolerance of 0 keeps every sample that is not
 * exactly on a line.
 *
 * @param times - sample times (seconds), strictly increasing.
 * @param values - one value per time.
 * @param tolerance - largest allowed deviation, in the values' unit (≥ 0).
 * @returns the indices to keep, ascending.
 * @throws PortraitRigError `INVALID_ARGUMENT` for mismatched lengths or a negative tolerance.
 *
 * @example
 * ```ts
 * const keep = thinKeyframes([0, 0.04, 0.08, 0.12], [0, 1, 2, 2.001], 0.01);   // → [0, 2, 3]
 * ```
 */
export function thinKeyframes(times: ArrayLike<number>, values: ArrayLike<number>, tolerance: number): number[] {
  const n = times.length;
  if (values.length !== n) {
    throw new PortraitRigError('INVALID_ARGUMENT', `thinKeyframes: ${n} times but ${values.length} values.`);
  }
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new PortraitRigError('INVALID_ARGUMENT', `thinKeyframes: tolerance must be a finite number ≥ 0 (got ${tolerance}).`);
  }
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const t0 = times[first]!;
    const v0 = values[first]!;
    const slope = (values[last]! - v0) / (times[last]! - t0);
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = first + 1; i < last; i += 1) {
      const distance = Math.abs(values[i]! - (v0 + slope * (times[i]! - t0)));
      if (distance > worstDistance) { worstDistance = distance; worst = i; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(first, worst, worst, last);
    }
  }
  const indices: number[] = [];
  for (let i = 0; i < n; i += 1) if (keep[i] === 1) indices.push(i);
  return indices;
}
