import type { Rect } from './Rect.js';

/**
 * A square crop of a source image framed around a face, and the transform that maps model-resolution frames back
 * into the source (the inverse paste transform). Produced by {@link computePortraitCrop}.
 *
 * A model pixel `(u, v)` (0..resolution) lands at source pixel `(x + u · scale, y + v · scale)`; a source pixel
 * `(sx, sy)` is model pixel `((sx − x) / scale, (sy − y) / scale)`.
 */
export interface PortraitCrop extends Rect {
  /** Side of the model's square input in pixels (the crop is resampled to `resolution × resolution`). */
  readonly resolution: number;
  /** Source pixels per model pixel (`width / resolution`). */
  readonly scale: number;
  /** Size of the source image the crop was computed for, pixels. */
  readonly imageWidth: number;
  /** Height of the source image, pixels. */
  readonly imageHeight: number;
  /** True when the crop reaches outside the image (those parts are padded by repeating the edge). */
  readonly padded: boolean;
  /** The part of the crop inside the image, in source pixels (what a paste-back overwrites). */
  readonly inside: Rect;
}
