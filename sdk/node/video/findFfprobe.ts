import { basename, dirname, join } from 'node:path';
import { findRunnable } from './findRunnable.js';

/**
 * The ffprobe executable to use, or `undefined` when none runs: `$PORTRAIT_RIG_FFPROBE` when set, else the `ffprobe`
 * beside `$PORTRAIT_RIG_FFMPEG` when that is set, else `ffprobe` on the `PATH`. Checked once per path
 * (runs `ffprobe -version`).
 *
 * @example
 * ```ts
 * if (!(await findFfprobe())) console.warn('install ffmpeg (it includes ffprobe) to read driving videos');
 * ```
 */
export function findFfprobe(): Promise<string | undefined> {
  const ffmpeg = process.env.PORTRAIT_RIG_FFMPEG;
  const beside = ffmpeg ? join(dirname(ffmpeg), basename(ffmpeg).replace(/ffmpeg/i, 'ffprobe')) : undefined;
  const candidate = process.env.PORTRAIT_RIG_FFPROBE || (beside && beside !== ffmpeg ? beside : undefined) || 'ffprobe';
  return findRunnable(candidate);
}
