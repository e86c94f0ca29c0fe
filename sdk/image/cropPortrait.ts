import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { PortraitCrop } from './PortraitCrop.js';
import type { RgbaImage } from './RgbaImage.js';
import { resampleRgba } from './resampleRgba.js';

/**
 * Cuts `crop` out of `image` and resamples it to the model resolution (`crop.resolution` square). Parts outside the
 * image repeat the edge pixels.
 *
 * @param image - the source image the crop was computed for.
 * @param crop - from {@link computePortraitCrop}.
 * @param out - optional `resolution²·4` bytes to reuse.
 * @throws PortraitRigError `INVALID_ARGUMENT` when the image size differs from the one the crop was made for.
 */
export function cropPortrait(image: RgbaImage, crop: PortraitCrop, out?: Uint8ClampedArray): RgbaImage & {
  /** The result's pixels, RGBA row by row (`out` when given). */
  data: Uint8ClampedArray;
} {
  if (image.width !== crop.imageWidth || image.height !== crop.imageHeight) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `crop was computed for a ${crop.imageWidth}×${crop.imageHeight} image but got ${image.width}×${image.height}.`);
  }
  return resampleRgba(image, crop, crop.resolution, crop.resolution, out);
}
