import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { PortraitCrop } from './PortraitCrop.js';

/**
 * The largest centred square of an image as a {@link PortraitCrop} (what to use when no face box is known): the
 * whole image when it is square, else the middle of its longer side.
 *
 * @param imageWidth - pixels.
 * @param imageHeight - pixels.
 * @param resolution - the model's input side in pixels.
 */
export function centerSquareCrop(imageWidth: number, imageHeight: number, resolution: number): PortraitCrop {
  if (!Number.isInteger(imageWidth) || !Number.isInteger(imageHeight) || imageWidth <= 0 || imageHeight <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `image size must be positive integers (got ${imageWidth}×${imageHeight}).`);
  }
  if (!Number.isInteger(resolution) || resolution <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `resolution must be a positive integer (got ${resolution}).`);
  }
  const side = Math.min(imageWidth, imageHeight);
  const x = Math.floor((imageWidth - side) / 2);
  const y = Math.floor((imageHeight - side) / 2);
  return Object.freeze({
    x, y, width: side, height: side, resolution, scale: side / resolution, imageWidth, imageHeight, padded: false,
    inside: Object.freeze({ x, y, width: side, height: side }),
  });
}
