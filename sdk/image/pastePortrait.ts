import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { PortraitCrop } from './PortraitCrop.js';
import type { RgbaImage } from './RgbaImage.js';
import { assertRgbaImage } from './assertRgbaImage.js';
import { resampleRgba } from './resampleRgba.js';

/** Options for {@link pastePortrait}. */
export interface PastePortraitOptions {
  /**
   * Width in source pixels of a linear blend at the crop's borders that lie inside the image (hides the seam where
   * the rendered frame meets the untouched background); default 0 (hard edge).
   */
  readonly feather?: number;
  /** Write into this `imageWidth·imageHeight·4`-byte buffer instead of allocating (it may be `background.data`). */
  readonly out?: Uint8ClampedArray;
}

/**
 * Pastes a model-resolution frame back into the full-size image through the crop's inverse transform: the frame
 * is resampled to the crop's size and written over `inside` (optionally feathered), everything else is `background`.
 *
 * @param background - the full-size image (usually the original source); not modified unless `options.out` is its data.
 * @param frame - a `resolution × resolution` frame from the animator.
 * @param crop - the crop the frame's source was cut with.
 * @returns the composed full-size image.
 */
export function pastePortrait(background: RgbaImage, frame: RgbaImage, crop: PortraitCrop, options: PastePortraitOptions = {}): RgbaImage & {
  /** The result's pixels, RGBA row by row (`out` when given). */
  data: Uint8ClampedArray;
} {
  assertRgbaImage(background, 'background image');
  assertRgbaImage(frame, 'frame to paste');
  if (background.width !== crop.imageWidth || background.height !== crop.imageHeight) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `crop was computed for a ${crop.imageWidth}×${crop.imageHeight} image but the background is ${background.width}×${background.height}.`);
  }
  if (frame.width !== crop.resolution || frame.height !== crop.resolution) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `frame must be ${crop.resolution}×${crop.resolution} (the crop's resolution), got ${frame.width}×${frame.height}.`);
  }
  const W = background.width;
  const out = options.out ?? new Uint8ClampedArray(background.data.length);
  if (out.length !== background.data.length) {
    throw new PortraitRigError('INVALID_ARGUMENT', `output buffer must have ${background.data.length} bytes (got ${out.length}).`);
  }
  if (out !== background.data) out.set(background.data);
  const { inside } = crop;
  if (inside.width <= 0 || inside.height <= 0) return { width: W, height: background.height, data: out };
  // the frame region covering `inside`, in frame pixels
  const region = {
    x: (inside.x - crop.x) / crop.scale, y: (inside.y - crop.y) / crop.scale,
    width: inside.width / crop.scale, height: inside.height / crop.scale,
  };
  const patch = resampleRgba(frame, region, inside.width, inside.height);
  const feather = Math.max(0, options.feather ?? 0);
  // feather only the borders that are real crop borders (not the image's edge)
  const fl = inside.x > 0 ? feather : 0;
  const ft = inside.y > 0 ? feather : 0;
  const fr = inside.x + inside.width < W ? feather : 0;
  const fb = inside.y + inside.height < background.height ? feather : 0;
  const p = patch.data;
  for (let j = 0; j < inside.height; j += 1) {
    const wy = Math.min(1, ft > 0 ? (j + 0.5) / ft : 1, fb > 0 ? (inside.height - j - 0.5) / fb : 1);
    const row = ((inside.y + j) * W + inside.x) * 4;
    for (let i = 0; i < inside.width; i += 1) {
      const w = Math.min(wy, fl > 0 ? (i + 0.5) / fl : 1, fr > 0 ? (inside.width - i - 0.5) / fr : 1);
      const o = row + i * 4;
      const q = (j * inside.width + i) * 4;
      if (w >= 1) {
        out[o] = p[q]!; out[o + 1] = p[q + 1]!; out[o + 2] = p[q + 2]!; out[o + 3] = p[q + 3]!;
      } else {
        const v = 1 - w;
        out[o] = p[q]! * w + out[o]! * v;
        out[o + 1] = p[q + 1]! * w + out[o + 1]! * v;
        out[o + 2] = p[q + 2]! * w + out[o + 2]! * v;
        out[o + 3] = p[q + 3]! * w + out[o + 3]! * v;
      }
    }
  }
  return { width: W, height: background.height, data: out };
}
