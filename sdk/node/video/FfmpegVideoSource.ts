import { spawn } from 'node:child_process';
import type { DrivingFrame } from '../../drivers/video/DrivingFrame.js';
import { VideoErrorCode } from '../../drivers/video/VideoErrorCode.js';
import type { VideoFrameReadOptions, VideoFrameSource } from '../../drivers/video/VideoFrameSource.js';
import type { VideoInfo } from '../../drivers/video/VideoInfo.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { abortError } from '../../runtime/abort.js';
import { reencodeHint } from './videoErrors.js';
import type { VideoProbe } from './VideoProbe.js';

/** Options of {@link FfmpegVideoSource}. */
export interface FfmpegVideoSourceOptions {
  /** The ffmpeg executable (see `findFfmpeg`). */
  readonly ffmpeg: string;
  /**
   * Resample to this constant frame rate (ffmpeg's `fps` filter: frames are dropped or repeated). Default: every
   * frame of the file as it is, frame `i` at `i / probe.fps` seconds.
   */
  readonly fps?: number;
}

/** Reading statistics of the last {@link FfmpegVideoSource.frames} iteration (diagnostics, tests). */
export interface FfmpegReadStats {
  /** Bytes received from ffmpeg so far. */
  readonly bytesRead: number;
  /** Frames handed to the consumer so far. */
  readonly framesRead: number;
  /** Largest number of bytes held in this process that the consumer had not received yet. */
  readonly peakBufferedBytes: number;
}

/**
 * A video file decoded by ffmpeg into RGBA frames streamed through a pipe (`-f rawvideo -pix_fmt rgba pipe:1`).
 * Streaming with back-pressure: ffmpeg decodes only as fast as the consumer takes frames (the pipe fills and ffmpeg
 * waits), and this process holds at most one frame being assembled plus one pipe chunk — a video of any length runs
 * in bounded memory. Each {@link FfmpegVideoSource.frames} call starts a new ffmpeg from the first frame; leaving
 * the loop (or the signal) kills it. Create one with `openVideo`.
 *
 * Every frame is a new buffer the consumer may keep (memory stays bounded as long as it does not keep them all).
 */
export class FfmpegVideoSource implements VideoFrameSource {
  /** Size, rate and length. */
  readonly info: VideoInfo;
  /** What ffprobe reported. */
  readonly probe: VideoProbe;
  readonly #options: FfmpegVideoSourceOptions;
  #stats: FfmpegReadStats = { bytesRead: 0, framesRead: 0, peakBufferedBytes: 0 };

  /**
   * @param probe - from `probeVideo`.
   * @param options - the ffmpeg executable and an optional constant frame rate.
   */
  constructor(probe: VideoProbe, options: FfmpegVideoSourceOptions) {
    this.probe = probe;
    this.#options = options;
    const fps = options.fps ?? probe.fps;
    const frameCount = options.fps !== undefined && probe.duration !== undefined ? Math.round(probe.duration * options.fps) : probe.frameCount;
    this.info = Object.freeze({
      label: probe.label, width: probe.width, height: probe.height, fps, frameCount, duration: probe.duration, live: false,
    });
  }

  /** Statistics of the current or last iteration. */
  get stats(): FfmpegReadStats {
    return this.#stats;
  }

  /**
   * Decodes the video from its first frame.
   *
   * @throws PortraitRigError `video/no-frames` when nothing could be decoded, `video/decode-failed` when ffmpeg stops
   *   with an error part-way, `video/decoder-missing`, `ABORTED`.
   */
  async *frames(options: VideoFrameReadOptions = {}): AsyncGenerator<DrivingFrame, void, undefined> {
    const { signal } = options;
    const { width, height, fps, label } = this.info;
    if (signal?.aborted) throw abortError(signal, `reading "${label}"`);
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', this.probe.path, '-map', '0:v:0', '-an', '-sn', '-dn'];
    if (this.#options.fps !== undefined) args.push('-vf', `fps=${this.#options.fps}`);
    else args.push('-vsync', 'passthrough');
    args.push('-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1');
    const child = spawn(this.#options.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => { stderr = (stderr + text).slice(-8192); });
    let spawnError: Error | undefined;
    const exited = new Promise<number | null>((resolve) => {
      child.on('error', (error) => { spawnError = error; resolve(null); });
      child.on('close', (code) => resolve(code));
    });
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    const frameBytes = width * height * 4;
    // uninitialised memory (every byte is overwritten before the frame is handed out): no zero-filling per frame
    const allocate = (): Uint8ClampedArray => { const b = Buffer.allocUnsafeSlow(frameBytes); return new Uint8ClampedArray(b.buffer, b.byteOffset, frameBytes); };
    let buffer = allocate();
    let filled = 0;
    let index = 0;
    const stats = { bytesRead: 0, framesRead: 0, peakBufferedBytes: 0 };
    this.#stats = stats;
    const reason = (): string => stderr.trim().split('\n').map((line) => line.replace(this.probe.path, label).replace(/ @ 0x[0-9a-f]+\]/g, ']').trim()).filter(Boolean).slice(-3).join(' | ');
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        stats.bytesRead += chunk.length;
        let offset = 0;
        while (offset < chunk.length) {
          const take = Math.min(frameBytes - filled, chunk.length - offset);
          buffer.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, filled + chunk.length - offset);
          if (filled === frameBytes) {
            if (signal?.aborted) throw abortError(signal, `reading "${label}"`);
            filled = 0;
            stats.framesRead = index + 1;
            const image = { width, height, data: buffer };
            buffer = allocate();
            yield { index, time: index / fps, image };
            index += 1;
          }
        }
      }
      const code = await exited;
      if (signal?.aborted) throw abortError(signal, `reading "${label}"`);
      if (spawnError) {
        throw new PortraitRigError(VideoErrorCode.DecoderMissing,
          `cannot start ffmpeg (${spawnError.message}) to read "${label}"; install ffmpeg or set PORTRAIT_RIG_FFMPEG to its path.`);
      }
      if (index === 0) {
        throw new PortraitRigError(VideoErrorCode.NoFrames,
          `video "${label}" has no decodable frame${reason() ? ` (ffmpeg: ${reason()})` : ''}; the file is empty, truncated or corrupt. ` +
          `Export it again, or re-encode it: ${reencodeHint(label)}.`);
      }
      if (code !== 0) {
        throw new PortraitRigError(VideoErrorCode.DecodeFailed,
          `decoding "${label}" failed after ${index} frame(s)${reason() ? ` (ffmpeg: ${reason()})` : ''}; the file is damaged. ` +
          `Re-encode it (${reencodeHint(label)}) or cut the damaged part.`);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  }
}
