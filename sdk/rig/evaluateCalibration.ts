import type { ManifestCalibration } from './ModelManifest.js';

/**
 * Maps one channel value to a dictionary coefficient with a manifest calibration: `linear` gives
 * `scale · value + offset`; `piecewise` interpolates linearly between its points and holds the end points' α
 * outside them. The value is not clamped to the channel's range here ({@link RigCalibration} does that first).
 *
 * @param calibration - a term's calibration from a validated manifest (piecewise x strictly increasing).
 * @param value - channel value in the channel's unit (degrees, amount, or coefficient).
 * @returns the coefficient, in α units.
 *
 * @example
 * ```ts
 * evaluateCalibration({ type: 'piecewise', points: [[-30, -0.41], [0, 0], [30, 0.37]] }, 15); // 0.185
 * ```
 */
export function evaluateCalibration(calibration: ManifestCalibration, value: number): number {
  if (calibration.type === 'linear') return calibration.scale * value + calibration.offset;
  const points = calibration.points;
  const last = points.length - 1;
  const first = points[0];
  const end = points[last];
  if (first === undefined || end === undefined) return Number.NaN;
  if (value <= first[0]) return first[1];
  if (value >= end[0]) return end[1];
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((points[middle] as readonly [number, number])[0] <= value) low = middle;
    else high = middle;
  }
  const [x0, y0] = points[low] as readonly [number, number];
  const [x1, y1] = points[high] as readonly [number, number];
  return y0 + ((value - x0) / (x1 - x0)) * (y1 - y0);
}
