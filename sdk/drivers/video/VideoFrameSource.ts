import type { DrivingFrame } from './DrivingFrame.js';
import type { VideoInfo } from './VideoInfo.js';

/** Options of {@link VideoFrameSource.frames}. */
export interface VideoFrameReadOptions {
  /** Stops decoding: the iteration rejects with `ABORTED` and the decoder is released. */
  readonly signal?: AbortSignal;
}

/**
 * A video as a stream of RGBA frames: a file decoded by ffmpeg in Node (`openVideo` from `portrait-rig/node`), a
 * `<video>` element or a camera in browsers (`HtmlVideoSource`, `VideoFrameStreamSource` from `portrait-rig/web`),
 * or frames you already hold ({@link memoryVideoSource}).
 *
 * Sources stream: they decode a frame when the consumer asks for it and hold at most a few frames, so a video of
 * any length runs in bounded memory. Leaving the loop early (`break`, an exception, the signal) releases the
 * decoder.
 *
 * @example
 * ```ts
 * for await (const frame of source.frames({ signal })) {
 *   console.log(frame.index, frame.time, frame.image.width);
 * }
 * ```
 */
export interface VideoFrameSource {
  /** Size, rate and length (as far as known before decoding). */
  readonly info: VideoInfo;
  /**
   * Decodes the frames in order. A file source starts from the first frame on every call (so framing can take a
   * first pass); a live source continues with the newest frames.
   *
   * @throws PortraitRigError a `video/*` code ({@link VideoErrorCode}) when decoding fails, `ABORTED`.
   */
  frames(options?: VideoFrameReadOptions): AsyncIterable<DrivingFrame>;
}
