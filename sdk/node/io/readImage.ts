import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { loadSharp } from './loadSharp.js';

/** Options for {@link readImage}. */
export interface ReadImageOptions {
  /**
   * Resize to this square side (or `{ width, height }`) with sharp's high-quality filter, covering the frame and
   * cropping the overflow around the centre. Default: keep the original size.
   */
  readonly size?: number | {
    /** Output width in pixels. */
    readonly width: number;
    /** Output height in pixels. */
    readonly height: number;
  };
  /** Names the image in error messages when `input` is bytes; default the path or `image`. */
  readonly label?: string;
  /** Refuse images with more pixels than this (decompression bombs); default 100 megapixels. */
  readonly maxPixels?: number;
}

/** A decoded image: RGBA pixels plus what the file said about itself. */
export interface DecodedImage extends RgbaImage {
  /** Always a fresh `Uint8ClampedArray`, `width · height · 4` bytes. */
  readonly data: Uint8ClampedArray;
  /** Container format as sharp detected it (`png`, `jpeg`, `webp`, `gif`, `tiff`, …). */
  readonly format: string;
}

/**
 * Reads an image file (or bytes) of any common format into 8-bit sRGB RGBA with sharp: applies the EXIF orientation,
 * converts ICC-profiled, CMYK, grayscale and 16-bit images to sRGB 8-bit, adds an opaque alpha channel where there is
 * none, takes the first frame of animations, and optionally resizes.
 *
 * @param input - file path or the file's bytes.
 * @throws PortraitRigError `BAD_IMAGE` naming the file, what is wrong and the fix (missing, truncated, not an image,
 *   too large, zero-sized).
 * @example
 * ```ts
 * const portrait = await readImage('me.jpg', { size: 128 }); // 128×128 RGBA, upright, sRGB
 * ```
 */
export async function readImage(input: string | Uint8Array, options: ReadImageOptions = {}): Promise<DecodedImage> {
  const label = options.label ?? (typeof input === 'string' ? input : 'image');
  const sharp = await loadSharp();
  const maxPixels = options.maxPixels ?? 100_000_000;
  try {
    const base = sharp(typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength), {
      failOn: 'truncated', limitInputPixels: maxPixels, pages: 1,
    });
    const meta = await base.metadata();
    let pipeline = base.clone().rotate().toColourspace('srgb');
    if (!meta.width || !meta.height) {
      throw new PortraitRigError('BAD_IMAGE', `image "${label}" has no pixels (${meta.width ?? 0}×${meta.height ?? 0}); use a real photo or drawing.`);
    }
    if (options.size !== undefined) {
      const w = typeof options.size === 'number' ? options.size : options.size.width;
      const h = typeof options.size === 'number' ? options.size : options.size.height;
      if (!Number.isInteger(w) || !Number.isInteger(h) || w <= 0 || h <= 0) {
        throw new PortraitRigError('INVALID_ARGUMENT', `readImage: size must be positive integers (got ${w}×${h}).`);
      }
      pipeline = pipeline.resize(w, h, { fit: 'cover', position: 'centre', kernel: 'lanczos3' });
    }
    const { data, info } = await pipeline.ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) {
      throw new PortraitRigError('BAD_IMAGE', `image "${label}" decoded to ${info.channels} channels instead of RGBA; convert it to PNG or JPEG.`);
    }
    const pixels = new Uint8ClampedArray(data.byteLength);
    pixels.set(data);
    return { width: info.width, height: info.height, data: pixels, format: meta.format ?? 'unknown' };
  } catch (error) {
    if (error instanceof PortraitRigError) throw error;
    throw badImage(label, error);
  }
}

function badImage(label: string, error: unknown): PortraitRigError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  let fix = 'Re-save it as PNG or JPEG (e.g. `ffmpeg -i in -frames:v 1 out.png` or any image editor) and try again.';
  let what = `cannot be read as an image (${reason})`;
  if (code === 'ENOENT' || /Input file is missing/i.test(reason)) {
    what = 'does not exist';
    fix = 'Check the path (relative paths resolve against the working directory).';
  } else if (/unsupported image format/i.test(reason)) {
    what = 'is not an image format sharp can decode (PNG, JPEG, WebP, GIF, TIFF, AVIF, SVG)';
  } else if (/premature end|truncat|unexpected end|end of file|corrupt|invalid|read error|bad/i.test(reason)) {
    what = `is corrupt or truncated (${reason})`;
    fix = 'The file is damaged or incomplete: download or export it again.';
  } else if (/pixel limit/i.test(reason)) {
    what = `is too large (${reason})`;
    fix = 'Downscale it first, or raise maxPixels.';
  }
  return new PortraitRigError('BAD_IMAGE', `image "${label}" ${what}. ${fix}`, { cause: error });
}
