import { findRunnable } from './findRunnable.js';

/**
 * The ffmpeg executable to use, or `undefined` when none runs: `$PORTRAIT_RIG_FFMPEG` when set, else `ffmpeg` on
 * the `PATH`. Checked once per path (runs `ffmpeg -version`).
 *
 * @example
 * ```ts
 * if (!(await findFfmpeg())) console.warn('no ffmpeg: writing animated WebP instead of MP4');
 * ```
 */
export function findFfmpeg(): Promise<string | undefined> {
  const candidate = process.env.PORTRAIT_RIG_FFMPEG || 'ffmpeg';
  return findRunnable(candidate);
}
