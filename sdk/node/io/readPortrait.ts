import { centerSquareCrop } from '../../image/centerSquareCrop.js';
import { computePortraitCrop, type PortraitCropOptions } from '../../image/computePortraitCrop.js';
import { cropPortrait } from '../../image/cropPortrait.js';
import type { PortraitCrop } from '../../image/PortraitCrop.js';
import type { Rect } from '../../image/Rect.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { readImage, type DecodedImage } from './readImage.js';

/** Options for {@link readPortrait}. */
export interface ReadPortraitOptions extends Omit<PortraitCropOptions, 'resolution'> {
  /** The model's input side in pixels (`model.resolution`). */
  readonly resolution: number;
  /** The face in source pixels; default: the centred square of the image. */
  readonly faceBox?: Rect;
  /** Names the image in error messages when `input` is bytes. */
  readonly label?: string;
}

/** A source portrait ready for the animator, with what is needed to paste frames back. */
export interface Portrait {
  /** The whole decoded image (upright, sRGB, RGBA) — the background for `pastePortrait`. */
  readonly image: DecodedImage;
  /** The square that was cut out and its inverse transform. */
  readonly crop: PortraitCrop;
  /** The crop at `resolution × resolution`, for `animator.setSource`. */
  readonly input: RgbaImage;
}

/**
 * Reads a portrait file for the animator: decodes it with {@link readImage}, frames a square crop (around `faceBox`
 * LIA-X style, or the centred square) and resamples it to the model resolution.
 *
 * @throws PortraitRigError `BAD_IMAGE`, `INVALID_ARGUMENT` (face box outside the image)
 * @example
 * ```ts
 * const portrait = await readPortrait('me.jpg', { resolution: model.resolution, faceBox: { x: 210, y: 120, width: 180, height: 220 } });
 * await animator.setSource(portrait.input);
 * const full = pastePortrait(portrait.image, await animator.renderFrame({ 'head.yaw': 10 }), portrait.crop);
 * ```
 */
export async function readPortrait(input: string | Uint8Array, options: ReadPortraitOptions): Promise<Portrait> {
  const image = await readImage(input, options.label ? { label: options.label } : {});
  const crop = options.faceBox
    ? computePortraitCrop(image.width, image.height, options.faceBox, options)
    : centerSquareCrop(image.width, image.height, options.resolution);
  return { image, crop, input: cropPortrait(image, crop) };
}
