import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { Rect } from '../../image/Rect.js';

/**
 * How per-frame face boxes become the one box of a shot:
 * - `'median'` (default): the median centre and the median size — robust to a detector's occasional outlier; the
 *   crop's margin (45 % of the face on every side) absorbs ordinary head motion;
 * - `'union'`: the smallest box holding every detection — the face never leaves the crop, at the price of a
 *   smaller face when the head travels across the frame (and of any false detection).
 */
export type FaceBoxCombineMode = 'median' | 'union';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Combines per-frame face boxes into one stable box for a whole shot (see {@link FaceBoxCombineMode}), so the crop
 * does not move from frame to frame — a moving crop would read as head motion.
 *
 * @param boxes - detections in pixels (at least one).
 * @param mode - `'median'` (default) or `'union'`.
 * @throws PortraitRigError `INVALID_ARGUMENT` for no boxes or an unknown mode.
 *
 * @example
 * ```ts
 * combineFaceBoxes([{ x: 100, y: 80, width: 60, height: 70 }, { x: 104, y: 82, width: 58, height: 70 }]);
 * // → { x: 101, y: 81, width: 59, height: 70 }
 * ```
 */
export function combineFaceBoxes(boxes: readonly Rect[], mode: FaceBoxCombineMode = 'median'): Rect {
  if (boxes.length === 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', 'combineFaceBoxes: no face boxes to combine; pass at least one detection.');
  }
  if (mode === 'union') {
    const left = Math.min(...boxes.map((b) => b.x));
    const top = Math.min(...boxes.map((b) => b.y));
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height));
    return { x: left, y: top, width: right - left, height: bottom - top };
  }
  if (mode !== 'median') {
    throw new PortraitRigError('INVALID_ARGUMENT', `combineFaceBoxes: mode ${JSON.stringify(mode)} must be "median" or "union".`);
  }
  const width = median(boxes.map((b) => b.width));
  const height = median(boxes.map((b) => b.height));
  const cx = median(boxes.map((b) => b.x + b.width / 2));
  const cy = median(boxes.map((b) => b.y + b.height / 2));
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}
