import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import { centerSquareCrop } from '../../sdk/image/centerSquareCrop.js';
import { cropPortrait } from '../../sdk/image/cropPortrait.js';
import type { RgbaImage } from '../../sdk/image/RgbaImage.js';
import { throwIfAborted } from '../../sdk/runtime/abort.js';
import { isRgbaImage } from './isRgbaImage.js';
import type { PortraitSource } from './PortraitSource.js';

/** Options of {@link loadPortraitImage}. */
export interface LoadPortraitImageOptions {
  /** Cancels the download/decoding (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function context(size: number): Canvas2D {
  if (typeof OffscreenCanvas !== 'undefined') {
    const ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
    if (ctx) return ctx;
  }
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx) return ctx;
  }
  throw new PortraitRigError('BAD_IMAGE',
    'decoding an image needs a browser (OffscreenCanvas or a document); outside browsers pass an RgbaImage (e.g. readImage from portrait-rig/node).');
}

/**
 * Turns a {@link PortraitSource} into the model's input: the largest centred square, resized to
 * `resolution × resolution` RGBA. URLs are fetched (relative ones against the page or worker), encoded images are
 * decoded off the main thread by `createImageBitmap`. Works in windows and workers.
 *
 * @param source - URL, Blob, ImageBitmap, ImageData/RgbaImage, or an image element/canvas.
 * @param resolution - the model's resolution in pixels.
 * @throws PortraitRigError `BAD_IMAGE` (download failed, not an image), `ABORTED`.
 *
 * @example
 * ```ts
 * const input = await loadPortraitImage('/portraits/me.jpg', model.resolution);
 * await animator.setSource(input);
 * ```
 */
export async function loadPortraitImage(source: PortraitSource, resolution: number, options: LoadPortraitImageOptions = {}): Promise<RgbaImage> {
  const { signal } = options;
  throwIfAborted(signal, 'loading the portrait');
  if (isRgbaImage(source)) {
    if (source.width === resolution && source.height === resolution) return source;
    return cropPortrait(source, centerSquareCrop(source.width, source.height, resolution));
  }
  let decodable: ImageBitmapSource;
  let label = 'the portrait image';
  if (typeof source === 'string' || source instanceof URL) {
    const base = typeof location === 'undefined' ? undefined : location.href;
    const url = new URL(String(source), base).href;
    label = url;
    let response: Response;
    try {
      response = await fetch(url, signal ? { signal } : {});
    } catch (error) {
      throwIfAborted(signal, 'loading the portrait');
      throw new PortraitRigError('BAD_IMAGE', `could not download the portrait ${url} (${error instanceof Error ? error.message : String(error)}); check the URL.`, { cause: error });
    }
    if (!response.ok) throw new PortraitRigError('BAD_IMAGE', `the portrait ${url} could not be downloaded: HTTP ${response.status}; check the URL.`);
    decodable = await response.blob();
  } else {
    decodable = source;
  }
  if (typeof createImageBitmap !== 'function') {
    throw new PortraitRigError('BAD_IMAGE',
      'decoding an image needs a browser (createImageBitmap); outside browsers pass an RgbaImage (e.g. readImage from portrait-rig/node).');
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = typeof ImageBitmap !== 'undefined' && decodable instanceof ImageBitmap ? decodable : await createImageBitmap(decodable);
  } catch (error) {
    throw new PortraitRigError('BAD_IMAGE', `${label} could not be decoded as an image (${error instanceof Error ? error.message : String(error)}); re-save it as PNG or JPEG.`, { cause: error });
  }
  try {
    throwIfAborted(signal, 'loading the portrait');
    const side = Math.min(bitmap.width, bitmap.height);
    if (side < 1) throw new PortraitRigError('BAD_IMAGE', `${label} is empty (${bitmap.width}×${bitmap.height}).`);
    const ctx = context(resolution);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, resolution, resolution);
    return ctx.getImageData(0, 0, resolution, resolution);
  } finally {
    if (bitmap !== decodable) bitmap.close();
  }
}
