import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRgbaImage } from '../../image/createRgbaImage.js';
import { createFrameSink } from './createFrameSink.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createFrameSink', () => {
  it('creates a missing parent folder for a file output (out/demo.webp)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'portrait-rig-sink-'));
    dirs.push(root);
    const target = join(root, 'out', 'nested', 'demo.webp');
    const sink = await createFrameSink(target, { width: 8, height: 8, fps: 10 });
    await sink.write(createRgbaImage(8, 8));
    await sink.write(createRgbaImage(8, 8));
    await sink.finish();
    expect(existsSync(target)).toBe(true);
  });

  it('rejects an unknown extension before touching the disk', async () => {
    const root = mkdtempSync(join(tmpdir(), 'portrait-rig-sink-'));
    dirs.push(root);
    await expect(createFrameSink(join(root, 'missing', 'demo.xyz'), { width: 8, height: 8, fps: 10 }))
      .rejects.toThrow(/unknown extension/);
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });
});
