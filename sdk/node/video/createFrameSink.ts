import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AnimatedImageSink } from './AnimatedImageSink.js';
import { FfmpegSink } from './FfmpegSink.js';
import { findFfmpeg } from './findFfmpeg.js';
import type { FrameSink } from './FrameSink.js';
import { ImageSequenceSink } from './ImageSequenceSink.js';

/** Options for {@link createFrameSink}. */
export interface CreateFrameSinkOptions {
  /** Frame width in pixels. */
  readonly width: number;
  /** Frame height in pixels. */
  readonly height: number;
  /** Frames per second. */
  readonly fps: number;
  /** Called with a message when the requested format is replaced (mp4 without ffmpeg → animated webp) or audio is dropped. */
  readonly onNotice?: (message: string) => void;
  /**
   * A sound file to mux into a video output (see `FfmpegSink`). Animated images and frame folders cannot carry
   * sound: they ignore it with a notice.
   */
  readonly audio?: string;
}

const VIDEO = ['.mp4', '.mov', '.mkv', '.m4v', '.webm'];

/**
 * Picks the writer for an output path: a video extension → ffmpeg (falling back to an animated `.webp` beside it,
 * with a notice, when ffmpeg is missing); `.webp`/`.gif` → animated image via sharp; a path ending in `/` or without
 * an extension → a folder of PNG frames. The output's parent folder is created when missing (like `out/` in
 * `--out out/demo.mp4`).
 *
 * @throws PortraitRigError `INVALID_ARGUMENT` for an unknown extension.
 */
export async function createFrameSink(path: string, options: CreateFrameSinkOptions): Promise<FrameSink> {
  const ext = extname(path).toLowerCase();
  const dropAudio = (what: string): void => {
    if (options.audio) {
      options.onNotice?.(`${what} cannot carry sound, so the audio "${options.audio}" is ignored; write .mp4, .webm, .mov or .mkv to keep it.`);
    }
  };
  if (path.endsWith('/') || path.endsWith('\\') || ext === '') {
    dropAudio('a folder of PNG frames');
    return new ImageSequenceSink(path.replace(/[/\\]+$/, '') || '.');
  }
  if (ext === '.webp' || ext === '.gif') {
    await mkdir(dirname(path), { recursive: true });
    dropAudio(`an animated ${ext.slice(1)}`);
    return new AnimatedImageSink(path, options);
  }
  if (VIDEO.includes(ext)) {
    await mkdir(dirname(path), { recursive: true });
    const ffmpeg = await findFfmpeg();
    if (ffmpeg) return new FfmpegSink(path, { ...options, ffmpeg });
    const fallback = path.slice(0, path.length - ext.length) + '.webp';
    options.onNotice?.(`ffmpeg was not found, so "${path}" cannot be written; writing an animated WebP to "${fallback}" instead. ` +
      'Install ffmpeg (apt install ffmpeg, brew install ffmpeg, winget install ffmpeg) or set PORTRAIT_RIG_FFMPEG to its path for mp4.');
    dropAudio('the animated WebP fallback');
    return new AnimatedImageSink(fallback, options);
  }
  throw new PortraitRigError('INVALID_ARGUMENT',
    `cannot write "${path}": unknown extension "${ext}". Use .mp4, .webm, .mov, .mkv (ffmpeg), .webp or .gif (animated), or a folder path ending in "/".`);
}
