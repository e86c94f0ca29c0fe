import type { RgbaImage } from '../../image/RgbaImage.js';

/** One decoded frame of a driving video. */
export interface DrivingFrame {
  /** 0-based frame number in decoding order. */
  readonly index: number;
  /** Presentation time in seconds from the start of the video (`index / fps` for constant-rate files). */
  readonly time: number;
  /**
   * The full frame, RGBA at the video's size. The sources of this package hand out a new image per frame, which the
   * consumer may keep (keeping every frame of a long video is what would exhaust memory).
   */
  readonly image: RgbaImage;
}
