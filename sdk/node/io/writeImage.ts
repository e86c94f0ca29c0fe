import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { assertRgbaImage } from '../../image/assertRgbaImage.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { atomicPath } from './atomicPath.js';
import { loadSharp } from './loadSharp.js';

/** Options for {@link writeImage}. */
export interface WriteImageOptions {
  /** JPEG/WebP/AVIF quality 1..100; default 92. */
  readonly quality?: number;
}

const FORMATS = ['.png', '.jpg', '.jpeg', '.webp', '.avif', '.tif', '.tiff'];

/**
 * Writes an RGBA image to a file whose extension picks the format (`.png`, `.jpg`, `.webp`, `.avif`, `.tiff`),
 * atomically: a temp file in the same folder is renamed over `path` once complete, so a failure leaves no partial
 * file. 8-bit sRGB; JPEG drops alpha.
 *
 * @throws PortraitRigError `INVALID_ARGUMENT` for an unknown extension, `BAD_IMAGE` for malformed pixels.
 * @example
 * ```ts
 * await writeImage('edited.png', await animator.renderFrame({ 'head.yaw': 15 }));
 * ```
 */
export async function writeImage(path: string, image: RgbaImage, options: WriteImageOptions = {}): Promise<void> {
  assertRgbaImage(image, `image for "${path}"`);
  const ext = extname(path).toLowerCase();
  if (!FORMATS.includes(ext)) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `cannot write "${path}": unknown image extension "${ext || '(none)'}"; use one of ${FORMATS.join(', ')}.`);
  }
  const sharp = await loadSharp();
  const quality = options.quality ?? 92;
  let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });
  if (ext === '.png') pipeline = pipeline.png();
  else if (ext === '.jpg' || ext === '.jpeg') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality });
  else if (ext === '.webp') pipeline = pipeline.webp({ quality });
  else if (ext === '.avif') pipeline = pipeline.avif({ quality });
  else pipeline = pipeline.tiff();
  const temp = atomicPath(path);
  try {
    await pipeline.toFile(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
