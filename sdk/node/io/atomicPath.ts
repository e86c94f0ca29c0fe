import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';

/**
 * A hidden temp path beside `target` that keeps its extension (so encoders still infer the format):
 * `dir/out.mp4` → `dir/.out.1a2b3c4d.partial.mp4`. Renaming it onto `target` is atomic (same folder).
 * @internal
 */
export function atomicPath(target: string): string {
  const ext = extname(target);
  const stem = basename(target, ext);
  return join(dirname(target), `.${stem}.${randomBytes(4).toString('hex')}.partial${ext}`);
}
