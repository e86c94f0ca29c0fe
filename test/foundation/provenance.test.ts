import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every bundled model or data file says where it comes from and under which license, in its own folder: a
// SOURCES.md, README.md or MODEL_CARD.md beside it (or, for a model folder, in the folder above) that names it.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DATA = /\.(png|jpe?g|webp|gif|mp4|webm|y4m|wav|mp3|onnx|data|bin|pt|npy|clip\.json)$/i;
const NOTES = ['SOURCES.md', 'README.md', 'MODEL_CARD.md'];
const LICENSE = /\bMIT\b|public domain|CC[ -]BY|Apache/i;

function notesFor(file: string): { path: string; text: string }[] {
  const folder = path.dirname(file);
  return [folder, path.dirname(folder)].flatMap((dir) => NOTES.map((name) => path.join(dir, name)))
    .filter((note) => existsSync(path.join(repoRoot, note)))
    .map((note) => ({ path: note, text: readFileSync(path.join(repoRoot, note), 'utf8') }));
}

describe('provenance of bundled data', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n')
    .filter((f) => DATA.test(f) && !f.startsWith('test/docs/fixtures/'));

  it('finds the data files (a glob that matched nothing would prove nothing)', () => {
    expect(tracked.length).toBeGreaterThan(10);
  });

  it('every tracked data file is named, with a license, by a note in its folder or the folder above', () => {
    const orphans = tracked.filter((file) => {
      const names = [path.basename(file), path.basename(path.dirname(file)) + '/'];
      return !notesFor(file).some((note) => LICENSE.test(note.text) && names.some((n) => note.text.includes(n.replace(/\/$/, ''))));
    });
    expect(orphans, 'add a SOURCES.md beside these files: what they are, who made them, their license').toEqual([]);
  });
});
