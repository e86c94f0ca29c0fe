import { spawn } from 'node:child_process';

const cache = new Map<string, Promise<string | undefined>>();

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
  let found = cache.get(candidate);
  if (!found) {
    found = new Promise((resolve) => {
      try {
        const child = spawn(candidate, ['-hide_banner', '-version'], { stdio: 'ignore' });
        child.on('error', () => resolve(undefined));
        child.on('close', (code) => resolve(code === 0 ? candidate : undefined));
      } catch {
        resolve(undefined);
      }
    });
    cache.set(candidate, found);
  }
  return found;
}
