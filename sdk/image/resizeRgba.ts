import type { RgbaImage } from './RgbaImage.js';
import { resampleRgba } from './resampleRgba.js';

/**
 * Resizes a whole image to `width × height` (bilinear up, area-averaging down). Pure TypeScript; the Node entry's
 * `readImage` uses sharp instead for file input.
 *
 * @param out - optional output data (`width·height·4` bytes) to reuse.
 * @example
 * ```ts
 * const small = resizeRgba(imageData, 128, 128);
 * ```
 */
export function resizeRgba(image: RgbaImage, width: number, height: number, out?: Uint8ClampedArray): RgbaImage & {
  /** The result's pixels, RGBA row by row (`out` when given). */
  data: Uint8ClampedArray;
} {
  return resampleRgba(image, { x: 0, y: 0, width: image.width, height: image.height }, width, height, out);
}
