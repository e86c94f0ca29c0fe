import { spawn, type ChildProcess } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { atomicPath } from '../io/atomicPath.js';
import type { FrameSink } from './FrameSink.js';

/** Options for {@link FfmpegSink}. */
export interface FfmpegSinkOptions {
  /** Frame width in pixels. */
  readonly width: number;
  /** Frame height in pixels. */
  readonly height: number;
  /** Frames per second. */
  readonly fps: number;
  /** ffmpeg executable (see `findFfmpeg`). */
  readonly ffmpeg: string;
  /** x264 constant rate factor (0 lossless … 51 worst); default 18. */
  readonly crf?: number;
  /**
   * A sound file (any format ffmpeg reads) to mux beside the video: its first audio stream is encoded as AAC
   * (Opus in `.webm`), padded with silence or cut so that it lasts exactly as long as the video.
   */
  readonly audio?: string;
}

/**
 * Streams RGBA frames into ffmpeg: `.mp4`/`.mov`/`.mkv` as H.264 (yuv420p, `+faststart`), `.webm` as VP9. Odd
 * frame sizes are cropped to even ones (yuv420p needs them). With `audio`, the sound is muxed in (AAC, Opus in
 * WebM) and fitted to the video's length (`apad` + `-shortest`). Writes a hidden temp file beside `path`, renamed on
 * `finish`.
 */
export class FfmpegSink implements FrameSink {
  readonly path: string;
  readonly description: string;
  readonly #temp: string;
  readonly #child: ChildProcess;
  readonly #options: FfmpegSinkOptions;
  readonly #closed: Promise<number | null>;
  #stderr = '';
  #state: 'open' | 'finished' | 'aborted' = 'open';
  #spawnError: Error | undefined;

  /**
   * Starts ffmpeg.
   * @param path - final output path; its extension picks the codec.
   */
  constructor(path: string, options: FfmpegSinkOptions) {
    this.path = path;
    this.#options = options;
    this.#temp = atomicPath(path);
    const ext = extname(path).toLowerCase();
    const codec = ext === '.webm'
      ? ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', String(options.crf ?? 30), '-pix_fmt', 'yuv420p']
      : ['-c:v', 'libx264', '-preset', 'medium', '-crf', String(options.crf ?? 18), '-pix_fmt', 'yuv420p', '-movflags', '+faststart'];
    const audioCodec = ext === '.webm' ? ['-c:a', 'libopus', '-b:a', '128k'] : ['-c:a', 'aac', '-b:a', '160k'];
    this.description = `${ext.slice(1)} (ffmpeg ${codec[1]}${options.audio ? ` + ${audioCodec[1]} audio` : ''})`;
    const audio = options.audio
      ? ['-i', options.audio, '-map', '0:v:0', '-map', '1:a:0', '-af', 'apad', ...audioCodec, '-shortest']
      : ['-an'];
    const args = [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${options.width}x${options.height}`, '-framerate', String(options.fps),
      '-i', 'pipe:0', ...audio, '-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2', ...codec, '-r', String(options.fps), this.#temp,
    ];
    this.#child = spawn(options.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.#child.stderr?.setEncoding('utf8');
    this.#child.stderr?.on('data', (chunk: string) => { this.#stderr = (this.#stderr + chunk).slice(-4000); });
    this.#child.stdin?.on('error', () => undefined); // EPIPE when ffmpeg exits early: reported by close
    this.#closed = new Promise((resolve) => {
      this.#child.on('error', (error) => { this.#spawnError = error; resolve(null); });
      this.#child.on('close', (code) => resolve(code));
    });
  }

  async write(frame: RgbaImage): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `cannot write to "${this.path}" after it was finished or aborted.`);
    if (frame.width !== this.#options.width || frame.height !== this.#options.height) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `frame is ${frame.width}×${frame.height} but the video is ${this.#options.width}×${this.#options.height}.`);
    }
    const stdin = this.#child.stdin;
    if (!stdin || stdin.destroyed || this.#child.exitCode !== null || this.#spawnError) {
      throw this.#failure('ffmpeg stopped accepting frames');
    }
    const buffer = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
    const ok = stdin.write(Buffer.from(buffer)); // copy: the caller may reuse its frame buffer
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = (): void => { stdin.off('drain', done); stdin.off('close', done); resolve(); };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
    }
  }

  async finish(): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `"${this.path}" was already finished or aborted.`);
    this.#state = 'finished';
    this.#child.stdin?.end();
    const code = await this.#closed;
    if (code !== 0) {
      await rm(this.#temp, { force: true });
      throw this.#failure(`ffmpeg exited with ${code === null ? 'an error' : `code ${code}`}`);
    }
    try {
      await rename(this.#temp, this.path);
    } catch (error) {
      await rm(this.#temp, { force: true });
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.#state === 'aborted') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'aborted';
    if (wasOpen) {
      this.#child.stdin?.destroy();
      this.#child.kill('SIGKILL');
      await this.#closed;
    }
    await rm(this.#temp, { force: true });
  }

  #failure(what: string): PortraitRigError {
    const detail = this.#spawnError ? this.#spawnError.message : this.#stderr.trim().split('\n').slice(-3).join(' | ');
    return new PortraitRigError('BACKEND_FAILURE',
      `${what} while writing "${this.path}"${detail ? `: ${detail}` : ''}. Check that ffmpeg has libx264 (mp4) or ` +
      'libvpx-vp9 (webm), or write .webp/.gif/a folder instead.');
  }
}
