import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed `portrait-rig` package's root folder (where package.json says `"name": "portrait-rig"`), found by
 * walking up from this module; works from the sources (tsx) and from `dist/`.
 * @internal
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'portrait-rig') {
          cached = dir;
          return dir;
        }
      } catch {
        // unreadable package.json: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('PortraitRig: cannot find the portrait-rig package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
