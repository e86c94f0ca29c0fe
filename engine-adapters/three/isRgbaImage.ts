import type { RgbaImage } from '../../sdk/image/RgbaImage.js';

/** True when `value` looks like an {@link RgbaImage} (`ImageData` included): integer size and `w·h·4` bytes. @internal */
export function isRgbaImage(value: unknown): value is RgbaImage {
  if (typeof value !== 'object' || value === null) return false;
  const image = value as Partial<RgbaImage>;
  return Number.isInteger(image.width) && Number.isInteger(image.height)
    && (image.data instanceof Uint8ClampedArray || image.data instanceof Uint8Array)
    && image.data.length === image.width! * image.height! * 4;
}
