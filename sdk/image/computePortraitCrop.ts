import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { PortraitCrop } from './PortraitCrop.js';
import type { Rect } from './Rect.js';

/** Framing options for {@link computePortraitCrop}. */
export interface PortraitCropOptions {
  /** The model's input side in pixels (the crop is resampled to it). */
  readonly resolution: number;
  /**
   * Margin added on every side, as a fraction of the face box's larger side; default `0.45` (LIA-X-style framing:
   * head, hair and a bit of the shoulders).
   */
  readonly margin?: number;
  /** Extra room above the head: the crop moves up by this fraction of its side; default `0.1`. */
  readonly headroom?: number;
  /**
   * What to do where the framed square leaves the image: `shift` moves it back inside when it fits (padding only
   * when it is larger than the image); `pad` keeps the framing and pads. Default `shift`.
   */
  readonly fit?: 'shift' | 'pad';
}

/**
 * Frames a square crop around a user-given face box (LIA-X style: the box enlarged by a margin, extra room above the
 * head), clamped into the image or padded, with the inverse paste transform. Pixel coordinates; the result has
 * integer position and size.
 *
 * @param imageWidth - source width, pixels.
 * @param imageHeight - source height, pixels.
 * @param faceBox - the face (forehead to chin, ear to ear) in source pixels.
 * @param options - model resolution and framing.
 * @throws PortraitRigError `INVALID_ARGUMENT` for an empty or non-finite box, or one entirely outside the image.
 *
 * @example
 * ```ts
 * const crop = computePortraitCrop(1920, 1080, { x: 880, y: 300, width: 220, height: 260 }, { resolution: 128 });
 * const input = cropPortrait(frame, crop);           // 128×128, ready for the animator
 * const composed = pastePortrait(frame, output, crop); // the rendered face back into the 1920×1080 frame
 * ```
 */
export function computePortraitCrop(imageWidth: number, imageHeight: number, faceBox: Rect, options: PortraitCropOptions): PortraitCrop {
  const { resolution } = options;
  const margin = options.margin ?? 0.45;
  const headroom = options.headroom ?? 0.1;
  const fit = options.fit ?? 'shift';
  if (!Number.isInteger(imageWidth) || !Number.isInteger(imageHeight) || imageWidth <= 0 || imageHeight <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `image size must be positive integers (got ${imageWidth}×${imageHeight}).`);
  }
  if (!Number.isInteger(resolution) || resolution <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `resolution must be a positive integer (got ${resolution}).`);
  }
  const { x, y, width, height } = faceBox;
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `face box must have a finite position and positive size (got x=${x} y=${y} ${width}×${height}); give it in source pixels.`);
  }
  if (x >= imageWidth || y >= imageHeight || x + width <= 0 || y + height <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `face box x=${x} y=${y} ${width}×${height} lies outside the ${imageWidth}×${imageHeight} image.`);
  }
  if (!(margin >= 0) || !Number.isFinite(headroom)) {
    throw new PortraitRigError('INVALID_ARGUMENT', `margin must be ≥ 0 and headroom finite (got ${margin}, ${headroom}).`);
  }
  const side = Math.max(1, Math.round(Math.max(width, height) * (1 + 2 * margin)));
  const cx = x + width / 2;
  const cy = y + height / 2 - headroom * side;
  let left = Math.round(cx - side / 2);
  let top = Math.round(cy - side / 2);
  if (fit === 'shift') {
    if (side <= imageWidth) left = Math.min(Math.max(left, 0), imageWidth - side);
    else left = Math.round((imageWidth - side) / 2);
    if (side <= imageHeight) top = Math.min(Math.max(top, 0), imageHeight - side);
    else top = Math.round((imageHeight - side) / 2);
  }
  const inLeft = Math.max(0, left);
  const inTop = Math.max(0, top);
  const inRight = Math.min(imageWidth, left + side);
  const inBottom = Math.min(imageHeight, top + side);
  const padded = left < 0 || top < 0 || left + side > imageWidth || top + side > imageHeight;
  return Object.freeze({
    x: left, y: top, width: side, height: side, resolution, scale: side / resolution,
    imageWidth, imageHeight, padded,
    inside: Object.freeze({ x: inLeft, y: inTop, width: inRight - inLeft, height: inBottom - inTop }),
  });
}
