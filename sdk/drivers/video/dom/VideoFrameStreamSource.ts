import type { DrivingFrame } from '../DrivingFrame.js';
import type { VideoFrameReadOptions, VideoFrameSource } from '../VideoFrameSource.js';
import type { VideoInfo } from '../VideoInfo.js';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { abortError } from '../../../runtime/abort.js';
import { CanvasFrameReader } from './CanvasFrameReader.js';

/** What {@link VideoFrameStreamSource} needs to know about the stream. */
export interface VideoFrameStreamInfo {
  /** Width to read frames at, pixels (frames of another size are scaled to it). */
  readonly width: number;
  /** Height to read frames at, pixels. */
  readonly height: number;
  /** Nominal frames per second (for `info`; frame times come from the frames' timestamps). */
  readonly fps: number;
  /** Number of frames, when known (decoded files); default unknown. */
  readonly frameCount?: number;
  /** Names the stream in messages; default `'video frames'`. */
  readonly label?: string;
  /** True for a camera; default true. */
  readonly live?: boolean;
}

/** `MediaStreamTrackProcessor` (Chromium; not yet in every DOM typing). */
interface TrackProcessorConstructor {
  new (init: { track: MediaStreamTrack }): { readonly readable: ReadableStream<VideoFrame> };
}

/**
 * Driving frames from WebCodecs: a `ReadableStream` of `VideoFrame`s — from a camera track through
 * `MediaStreamTrackProcessor` (see {@link VideoFrameStreamSource.fromTrack}) or from your own `VideoDecoder`. Each
 * frame is drawn into a canvas, read back as RGBA and closed; its time is its `timestamp` (µs) relative to the first.
 * The stream can be read once. Browser only (`portrait-rig/web`).
 *
 * @example
 * ```ts
 * const [track] = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks();
 * const source = VideoFrameStreamSource.fromTrack(track);
 * for await (const captured of captureMotion(model, source, { batchSize: 1 })) show(captured.alpha);
 * ```
 */
export class VideoFrameStreamSource implements VideoFrameSource {
  /** Size, rate and length. */
  readonly info: VideoInfo;
  readonly #readable: ReadableStream<VideoFrame>;
  #used = false;

  /**
   * @param readable - the frames; this source closes each one after reading it.
   * @param info - size to read at, nominal rate.
   */
  constructor(readable: ReadableStream<VideoFrame>, info: VideoFrameStreamInfo) {
    this.#readable = readable;
    this.info = Object.freeze({
      label: info.label ?? 'video frames', width: info.width, height: info.height, fps: info.fps,
      frameCount: info.frameCount, duration: info.frameCount !== undefined ? info.frameCount / info.fps : undefined, live: info.live ?? true,
    });
  }

  /**
   * A source for a camera track, through Chromium's `MediaStreamTrackProcessor`.
   * @throws PortraitRigError `video/decoder-missing` where the browser has no `MediaStreamTrackProcessor` (use
   *   `HtmlVideoSource.fromStream` there).
   */
  static fromTrack(track: MediaStreamTrack, options: { readonly label?: string } = {}): VideoFrameStreamSource {
    const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
    if (!Processor) {
      throw new PortraitRigError('video/decoder-missing', 'this browser has no MediaStreamTrackProcessor (WebCodecs for camera tracks); use HtmlVideoSource.fromStream(stream) instead.');
    }
    const settings = track.getSettings();
    return new VideoFrameStreamSource(new Processor({ track }).readable, {
      width: settings.width ?? 640, height: settings.height ?? 480, fps: settings.frameRate ?? 30, label: options.label ?? track.label ?? 'camera',
    });
  }

  /**
   * Reads the stream's frames in order (once).
   * @throws PortraitRigError `INVALID_STATE` on a second call, `ABORTED`.
   */
  async *frames(options: VideoFrameReadOptions = {}): AsyncGenerator<DrivingFrame, void, undefined> {
    if (this.#used) throw new PortraitRigError('INVALID_STATE', `"${this.info.label}" was already read; a stream of VideoFrames can be read once.`);
    this.#used = true;
    const { signal } = options;
    const reader = this.#readable.getReader();
    const canvas = new CanvasFrameReader(this.info.width, this.info.height);
    let first: number | undefined;
    let last = -1;
    try {
      for (let index = 0; ; index += 1) {
        if (signal?.aborted) throw abortError(signal, `reading "${this.info.label}"`);
        const { value: frame, done } = await reader.read();
        if (done) return;
        let image;
        let timestamp;
        try {
          image = canvas.read(frame);
          timestamp = frame.timestamp;
        } finally {
          frame.close();
        }
        first ??= timestamp;
        const time = Math.max((timestamp - first) / 1e6, last + 1e-6);
        last = time;
        yield { index, time, image };
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
}
