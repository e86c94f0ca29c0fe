import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { RgbaImage } from './RgbaImage.js';

/**
 * Allocates an RGBA image (opaque black unless `data` is given) or wraps `data` after checking its length.
 *
 * @param width - pixels, positive integer.
 * @param height - pixels, positive integer.
 * @param data - optional existing `width · height · 4` bytes to wrap (not copied).
 * @throws PortraitRigError `INVALID_ARGUMENT` for a bad size or a data length that does not match.
 */
export function createRgbaImage(width: number, height: number, data?: Uint8ClampedArray | Uint8Array): RgbaImage & {
  /** The pixels: `data` when given, else a new zeroed `Uint8ClampedArray` of `width · height · 4` bytes. */
  readonly data: Uint8ClampedArray | Uint8Array;
} {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `image size must be positive integers (got ${width}×${height}).`);
  }
  const length = width * height * 4;
  if (data) {
    if (data.length !== length) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `RGBA data for ${width}×${height} must have ${length} bytes (got ${data.length}); pass 4 bytes per pixel.`);
    }
    return { width, height, data };
  }
  const pixels = new Uint8ClampedArray(length);
  for (let i = 3; i < length; i += 4) pixels[i] = 255;
  return { width, height, data: pixels };
}
