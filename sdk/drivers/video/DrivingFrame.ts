import type { RgbaImage } from '../../image/RgbaImage.js';

/** One decoded frame of a driving video. */
export interface DrivingFrame {
  /** 0-based frame number in decoding order. */
  readonly index: number;
  /** Presentation time in seconds from the start of the video (`index / fps` for constant-rate files). */
  readonly time: number;
  /**
   * The full frame, RGBA at the video's size. Owned by the consumer until it asks for the next frame: sources may
   * reuse the buffer after that, so copy what you keep.
   */
  readonly image: RgbaImage;
}
