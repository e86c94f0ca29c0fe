import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { FfmpegVideoSource } from './FfmpegVideoSource.js';
import { findFfmpeg } from './findFfmpeg.js';
import { probeVideo } from './probeVideo.js';
import { decoderMissing } from './videoErrors.js';

/** Options of {@link openVideo}. */
export interface OpenVideoOptions {
  /** Names the file in messages; default the path as given. */
  readonly label?: string;
  /** Resample to this constant frame rate (see {@link FfmpegVideoSourceOptions.fps}); default the file's frames as they are. */
  readonly fps?: number;
  /**
   * Decode the first frame now, so that a file with no decodable frame fails here rather than after a model was
   * loaded; default true.
   */
  readonly verify?: boolean;
  /** Cancels probing. */
  readonly signal?: AbortSignal;
}

/**
 * Opens a video file for streaming through ffmpeg: probes it (`probeVideo`: size, rate, frame count; clear errors for
 * missing, corrupt, audio-only, still-image and empty files) and, unless `verify: false`, decodes its first frame. The
 * frames are read later, as often as needed, with `source.frames()`.
 *
 * @param path - the video file (anything ffmpeg reads: mp4, mov, mkv, webm, avi, y4m, animated gif …).
 * @throws PortraitRigError `video/*` codes (see {@link VideoErrorCode}), `ABORTED`.
 *
 * @example
 * ```ts
 * import { openVideo } from 'portrait-rig/node';
 * const video = await openVideo('driving.mp4');
 * console.log(video.info);   // { width, height, fps, frameCount, duration, … }
 * for await (const frame of video.frames()) { … }
 * ```
 */
export async function openVideo(path: string, options: OpenVideoOptions = {}): Promise<FfmpegVideoSource> {
  if (options.fps !== undefined && (!(options.fps > 0) || !Number.isFinite(options.fps))) {
    throw new PortraitRigError('INVALID_ARGUMENT', `openVideo: fps must be a positive number (got ${options.fps}).`);
  }
  const probe = await probeVideo(path, options);
  const ffmpeg = await findFfmpeg();
  if (!ffmpeg) throw decoderMissing('ffmpeg', probe.label);
  const source = new FfmpegVideoSource(probe, { ffmpeg, ...(options.fps !== undefined ? { fps: options.fps } : {}) });
  if (options.verify ?? true) {
    // throws video/no-frames or video/decode-failed when not even one frame decodes; stops ffmpeg after it
    const frames = source.frames(options.signal ? { signal: options.signal } : {});
    await frames.next();
    await frames.return();
  }
  return source;
}
