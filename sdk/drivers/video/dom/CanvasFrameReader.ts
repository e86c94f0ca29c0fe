import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import type { RgbaImage } from '../../../image/RgbaImage.js';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Draws video frames (a `<video>`, a WebCodecs `VideoFrame`, any `CanvasImageSource`) into a canvas of a fixed size
 * and reads them back as RGBA (`ImageData`). Uses an `OffscreenCanvas` where available (workers too), else a
 * detached `<canvas>`.
 *
 * @internal
 */
export class CanvasFrameReader {
  readonly width: number;
  readonly height: number;
  readonly #context: Context2D;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    let context: Context2D | null = null;
    if (typeof OffscreenCanvas === 'function') {
      context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    } else if (typeof document === 'object') {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      context = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!context) {
      throw new PortraitRigError('video/decoder-missing', 'reading video frames needs a 2D canvas (OffscreenCanvas or <canvas>), which this environment lacks.');
    }
    this.#context = context;
  }

  /** Draws `source` scaled to the reader's size and returns its pixels. */
  read(source: CanvasImageSource): RgbaImage {
    this.#context.drawImage(source, 0, 0, this.width, this.height);
    return this.#context.getImageData(0, 0, this.width, this.height);
  }
}
