import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { RgbaImage } from './RgbaImage.js';

/**
 * Checks that `image` is a well-formed {@link RgbaImage} (positive integer size, `width·height·4` bytes).
 * @param what - names the image in the message, e.g. `source image "me.png"`.
 * @throws PortraitRigError `BAD_IMAGE`
 * @internal
 */
export function assertRgbaImage(image: RgbaImage, what: string): void {
  const ok = image !== null && typeof image === 'object' && Number.isInteger(image.width) && Number.isInteger(image.height)
    && image.width > 0 && image.height > 0 && (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray);
  if (!ok) {
    throw new PortraitRigError('BAD_IMAGE',
      `${what} is not an RGBA image: pass { width, height, data } with 4 bytes per pixel (an ImageData works).`);
  }
  if (image.data.length !== image.width * image.height * 4) {
    throw new PortraitRigError('BAD_IMAGE',
      `${what} is ${image.width}×${image.height} but has ${image.data.length} bytes instead of ` +
      `${image.width * image.height * 4}; pass RGBA data (4 bytes per pixel), not RGB.`);
  }
}
