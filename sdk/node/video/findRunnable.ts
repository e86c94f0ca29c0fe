import { spawn } from 'node:child_process';

const cache = new Map<string, Promise<string | undefined>>();

/**
 * `candidate` when `candidate -hide_banner -version` runs and exits 0 (ffmpeg and ffprobe both accept it), else
 * `undefined`. Checked once per path.
 * @internal
 */
export function findRunnable(candidate: string): Promise<string | undefined> {
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
