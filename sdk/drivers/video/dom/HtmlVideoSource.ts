import type { DrivingFrame } from '../DrivingFrame.js';
import { VideoErrorCode } from '../VideoErrorCode.js';
import type { VideoFrameReadOptions, VideoFrameSource } from '../VideoFrameSource.js';
import type { VideoInfo } from '../VideoInfo.js';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { abortError } from '../../../runtime/abort.js';
import { CanvasFrameReader } from './CanvasFrameReader.js';

/** Options of {@link HtmlVideoSource}. */
export interface HtmlVideoSourceOptions {
  /**
   * `'live'`: hand out the newest frame each time the consumer asks (frames it was too slow for are skipped) — for
   * cameras and real-time playback. `'seek'`: step through a file frame by frame at `fps` by seeking, so none is
   * skipped however slow the consumer — for offline capture. Default: `'live'` for a `MediaStream` (camera) or a
   * stream without a finite duration, else `'seek'`.
   */
  readonly mode?: 'live' | 'seek';
  /** Seek mode: frames per second to sample (default 25). Live: the nominal rate reported in `info` (default: the camera's, else 30). */
  readonly fps?: number;
  /** Names the video in messages; default the element's `src` or `'camera'`. */
  readonly label?: string;
}

function waitFor(video: HTMLVideoElement, event: 'loadedmetadata' | 'loadeddata' | 'seeked', signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      video.removeEventListener(event, done);
      video.removeEventListener('error', failed);
      signal?.removeEventListener('abort', aborted);
    };
    const done = (): void => { cleanup(); resolve(); };
    const failed = (): void => {
      cleanup();
      reject(new PortraitRigError(VideoErrorCode.Unreadable,
        `the browser cannot play the video "${video.currentSrc || 'stream'}" (${video.error?.message || `media error ${video.error?.code ?? '?'}`}); ` +
        'use H.264 mp4 or VP9 webm, and check that the URL is served with CORS if it is on another origin.'));
    };
    const aborted = (): void => { cleanup(); reject(abortError(signal, 'reading the video')); };
    video.addEventListener(event, done, { once: true });
    video.addEventListener('error', failed, { once: true });
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** Resolves with the presentation time (ms, `performance.now()` clock) of the next frame the element shows. */
function nextFrame(video: HTMLVideoElement): Promise<number> {
  if (typeof video.requestVideoFrameCallback === 'function') {
    return new Promise((resolve) => { video.requestVideoFrameCallback((now) => resolve(now)); });
  }
  const shown = video.currentTime;
  return new Promise((resolve) => {
    const poll = (now: number): void => { if (video.currentTime !== shown || video.ended) resolve(now); else requestAnimationFrame(poll); };
    requestAnimationFrame(poll);
  });
}

/**
 * Waits until the element presents the frame a seek lands on. `seeked` alone is not enough: under load Chromium fires
 * it before the new frame reaches the compositor, and `drawImage` then still copies the previous frame. A seek onto
 * the frame already shown presents nothing new, hence the time limit.
 */
function presentedAfterSeek(video: HTMLVideoElement, limitMs = 500): Promise<void> {
  if (typeof video.requestVideoFrameCallback !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { video.cancelVideoFrameCallback(handle); resolve(); }, limitMs);
    const handle = video.requestVideoFrameCallback(() => { clearTimeout(timer); resolve(); });
  });
}

/**
 * Driving frames from an `HTMLVideoElement`: a camera (`getUserMedia` stream) or a video file/URL. Frames are drawn
 * into a canvas at the video's size and read back as RGBA (`ImageData`). See {@link HtmlVideoSourceOptions.mode}
 * for live versus frame-by-frame reading. Create one with {@link HtmlVideoSource.open} (waits for the video's
 * metadata) or {@link HtmlVideoSource.fromStream} (camera). Browser only (`portrait-rig/web`).
 *
 * @example
 * ```ts
 * const camera = await HtmlVideoSource.fromStream(await navigator.mediaDevices.getUserMedia({ video: true }));
 * for await (const frame of camera.frames({ signal })) {
 *   const [alpha] = await encoder.encode([cropPortrait(frame.image, crop)]);
 *   await animator.renderFrame(transfer.motion(filter.filter(alpha, frame.time)), { out: pixels });
 * }
 * ```
 */
export class HtmlVideoSource implements VideoFrameSource {
  /** The element frames are read from (not owned unless created by {@link HtmlVideoSource.fromStream}). */
  readonly video: HTMLVideoElement;
  /** Size, rate and length. */
  readonly info: VideoInfo;
  /** `'live'` or `'seek'`. */
  readonly mode: 'live' | 'seek';

  /**
   * @param video - an element whose metadata is loaded (`readyState ≥ HAVE_METADATA`); see {@link HtmlVideoSource.open}.
   * @param options - mode, rate, label.
   * @throws PortraitRigError `INVALID_STATE` before the metadata is loaded, `video/no-frames` for a 0×0 video.
   */
  constructor(video: HTMLVideoElement, options: HtmlVideoSourceOptions = {}) {
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) {
      throw new PortraitRigError('INVALID_STATE', 'HtmlVideoSource: the video has no metadata yet; use `await HtmlVideoSource.open(video)`.');
    }
    const stream = typeof MediaStream === 'function' && video.srcObject instanceof MediaStream ? video.srcObject : undefined;
    const label = options.label ?? (stream ? 'camera' : video.currentSrc || video.src || 'video');
    if (!(video.videoWidth > 0) || !(video.videoHeight > 0)) {
      throw new PortraitRigError(VideoErrorCode.NoFrames, `video "${label}" has no picture (0×0); pass a video with a video track.`);
    }
    this.video = video;
    this.mode = options.mode ?? (stream || !Number.isFinite(video.duration) ? 'live' : 'seek');
    const trackRate = stream?.getVideoTracks()[0]?.getSettings().frameRate;
    const fps = options.fps ?? (this.mode === 'seek' ? 25 : trackRate ?? 30);
    if (!(fps > 0) || !Number.isFinite(fps)) throw new PortraitRigError('INVALID_ARGUMENT', `HtmlVideoSource: fps must be a positive number (got ${fps}).`);
    const duration = Number.isFinite(video.duration) ? video.duration : undefined;
    this.info = Object.freeze({
      label, width: video.videoWidth, height: video.videoHeight, fps,
      frameCount: this.mode === 'seek' && duration !== undefined ? Math.max(1, Math.floor(duration * fps)) : undefined,
      duration: this.mode === 'seek' ? duration : undefined, live: this.mode === 'live',
    });
  }

  /**
   * Waits until `video` has its metadata (size, duration), then wraps it.
   * @throws PortraitRigError `video/unreadable` when the browser cannot play it, `ABORTED`.
   */
  static async open(video: HTMLVideoElement, options: HtmlVideoSourceOptions & { readonly signal?: AbortSignal } = {}): Promise<HtmlVideoSource> {
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) await waitFor(video, 'loadedmetadata', options.signal);
    return new HtmlVideoSource(video, options);
  }

  /**
   * A live source for a camera stream (`navigator.mediaDevices.getUserMedia({ video: true })`): plays it in a muted,
   * inline `<video>` that is not attached to the page (attach `source.video` to show the camera).
   */
  static async fromStream(stream: MediaStream, options: HtmlVideoSourceOptions & { readonly signal?: AbortSignal } = {}): Promise<HtmlVideoSource> {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    const opened = HtmlVideoSource.open(video, { mode: 'live', ...options });
    await video.play();
    return opened;
  }

  /**
   * Reads frames: live mode from now on (the newest frame per request), seek mode from the start.
   * @throws PortraitRigError `ABORTED`, `video/unreadable`.
   */
  async *frames(options: VideoFrameReadOptions = {}): AsyncGenerator<DrivingFrame, void, undefined> {
    const { signal } = options;
    const video = this.video;
    const reader = new CanvasFrameReader(this.info.width, this.info.height);
    if (this.mode === 'seek') {
      if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await waitFor(video, 'loadeddata', signal);
      const count = this.info.frameCount ?? 1;
      const seekable = video.seekable.length > 0 ? video.seekable.end(video.seekable.length - 1) : 0;
      if (count > 1 && seekable < (count - 1) / this.info.fps) {
        throw new PortraitRigError(VideoErrorCode.NotSeekable,
          `video "${this.info.label}" cannot be stepped through frame by frame: the browser can seek only to ${seekable.toFixed(2)} s of ` +
          `${(this.info.duration ?? 0).toFixed(2)} s (the server does not answer HTTP range requests). Serve it with range support ` +
          "(Accept-Ranges: bytes), load it as a Blob URL (URL.createObjectURL(await (await fetch(url)).blob())), or use mode: 'live'.");
      }
      for (let index = 0; index < count; index += 1) {
        if (signal?.aborted) throw abortError(signal, `reading "${this.info.label}"`);
        const time = index / this.info.fps;
        if (video.currentTime !== time) {
          const presented = presentedAfterSeek(video);
          const seeked = waitFor(video, 'seeked', signal);
          video.currentTime = time;
          await seeked;
          await presented;
        }
        if (Math.abs(video.currentTime - time) > 0.5 / this.info.fps) {
          throw new PortraitRigError(VideoErrorCode.NotSeekable,
            `video "${this.info.label}": seeking to ${time.toFixed(3)} s landed at ${video.currentTime.toFixed(3)} s; the browser cannot step through this file frame by frame (use mode: 'live').`);
        }
        yield { index, time, image: reader.read(video) };
      }
      return;
    }
    if (video.paused && !video.ended) await video.play();
    let start: number | undefined;
    let last = -1;
    for (let index = 0; !video.ended; index += 1) {
      if (signal?.aborted) throw abortError(signal, `reading "${this.info.label}"`);
      const shown = await nextFrame(video);
      if (signal?.aborted) throw abortError(signal, `reading "${this.info.label}"`);
      start ??= shown;
      const time = Math.max((shown - start) / 1000, last + 1e-6);
      last = time;
      yield { index, time, image: reader.read(video) };
    }
  }
}
