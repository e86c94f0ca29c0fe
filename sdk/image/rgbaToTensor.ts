import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { RgbaImage } from './RgbaImage.js';

/**
 * Writes an RGBA image into a planar NCHW float tensor (R, G, B planes; alpha dropped), mapping 0..255 linearly to
 * `range` (LIA-family models: `[-1, 1]`). Fully transparent images composite onto nothing: premultiply beforehand if
 * you want a background colour.
 *
 * @param image - the image; its size must equal the tensor's spatial size (`width · height` per plane).
 * @param out - destination; receives `3 · width · height` floats starting at `offset`.
 * @param offset - first element to write (`batchIndex · 3 · width · height` for a batch).
 * @param range - `[low, high]` the values 0 and 255 map to.
 * @returns `out`.
 */
export function rgbaToTensor(image: RgbaImage, out: Float32Array, offset = 0, range: readonly [number, number] = [-1, 1]): Float32Array {
  const plane = image.width * image.height;
  if (out.length < offset + 3 * plane) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `tensor buffer too small: needs ${offset + 3 * plane} floats for a ${image.width}×${image.height} image at offset ${offset} (has ${out.length}).`);
  }
  const [low, high] = range;
  const scale = (high - low) / 255;
  const d = image.data;
  const g = offset + plane;
  const b = offset + 2 * plane;
  for (let i = 0, p = 0; i < plane; i += 1, p += 4) {
    out[offset + i] = d[p]! * scale + low;
    out[g + i] = d[p + 1]! * scale + low;
    out[b + i] = d[p + 2]! * scale + low;
  }
  return out;
}
