import { PortraitRigError } from '../errors/PortraitRigError.js';

/**
 * Converts planar NCHW float RGB (values in `range`) into interleaved RGBA bytes with alpha 255: the inverse of
 * {@link rgbaToTensor}. Values outside `range` are clamped.
 *
 * @param data - the tensor data.
 * @param width - image width in pixels.
 * @param height - image height in pixels.
 * @param out - destination, `width·height·4` bytes (reused across frames to avoid allocation).
 * @param offset - first element of the image in `data` (`batchIndex · 3 · width · height`).
 * @param range - `[low, high]` that map to 0 and 255.
 * @returns `out`.
 */
export function tensorToRgba(
  data: Float32Array, width: number, height: number, out: Uint8ClampedArray, offset = 0,
  range: readonly [number, number] = [-1, 1],
): Uint8ClampedArray {
  const plane = width * height;
  if (data.length < offset + 3 * plane) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `tensor has ${data.length} floats; a ${width}×${height} RGB image at offset ${offset} needs ${offset + 3 * plane}.`);
  }
  if (out.length !== plane * 4) {
    throw new PortraitRigError('INVALID_ARGUMENT', `output buffer must have ${plane * 4} bytes (got ${out.length}).`);
  }
  const [low, high] = range;
  const scale = 255 / (high - low);
  const g = offset + plane;
  const b = offset + 2 * plane;
  for (let i = 0, p = 0; i < plane; i += 1, p += 4) {
    out[p] = (data[offset + i]! - low) * scale;
    out[p + 1] = (data[g + i]! - low) * scale;
    out[p + 2] = (data[b + i]! - low) * scale;
    out[p + 3] = 255;
  }
  return out;
}
