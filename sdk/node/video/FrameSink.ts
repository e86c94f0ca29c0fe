import type { RgbaImage } from '../../image/RgbaImage.js';

/**
 * Receives rendered frames and turns them into a file (video, animation) or a folder of images. Output appears at its
 * final path only after {@link FrameSink.finish}; {@link FrameSink.abort} deletes everything written so far.
 */
export interface FrameSink {
  /** Final output path. */
  readonly path: string;
  /** What is produced, e.g. `mp4 (ffmpeg libx264)`, `animated webp (sharp)`, `png sequence`. */
  readonly description: string;
  /** Appends one frame (all frames must have the size given at creation). */
  write(frame: RgbaImage): Promise<void>;
  /** Completes the output and moves it to `path`. */
  finish(): Promise<void>;
  /** Stops and removes partial output. Idempotent; safe after `finish` failed. */
  abort(): Promise<void>;
}
