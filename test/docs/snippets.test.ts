/**
 * The TypeScript snippets of the guides compile against the SDK: every ```ts / ```tsx block of README.md,
 * docs/*.md and models/README.md (the Markdown pages of the documentation site) is compiled as a module (strict, the repository's tsconfig options) with `portrait-rig`,
 * `portrait-rig/node`, … resolved to the sources. A broken snippet fails with its file and line. Blocks marked
 * ```ts no-check are skipped (keep that rare). See checkSnippets.ts.
 *
 * One TypeScript program compiles the guides' snippets and a fixture with known errors (fixtures/snippets/broken.md),
 * which proves the checker can fail. About 10–25 s on 2 busy cores (mostly type-checking the SDK sources).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, extractSnippets, formatSnippetErrors, type SnippetReport } from './checkSnippets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = 'test/docs/fixtures/snippets/broken.md';
/** The Markdown pages of the site: README.md, the guides in docs/, and models/README.md. */
const guides = [
  'README.md',
  ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`),
  ...(existsSync(path.join(root, 'models/README.md')) ? ['models/README.md'] : []),
];

/** 1-based line of the first line of `file` that contains `marker`. */
function lineOf(file: string, marker: string): number {
  const index = readFileSync(path.join(root, file), 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`${marker} not found in ${file}`);
  return index + 1;
}

let report: SnippetReport;

beforeAll(() => {
  report = checkSnippets(root, [...guides, FIXTURE]);
}, 180_000);

describe('guide snippets', () => {
  it('every ts/tsx snippet of README.md, docs/*.md and models/README.md type-checks against the SDK sources', () => {
    const errors = report.errors.filter((e) => e.file !== FIXTURE);
    expect(formatSnippetErrors(errors), 'broken snippets (fix them, or mark an intentionally partial one ```ts no-check)').toBe('');
    // the guides do have snippets: an extractor that finds nothing would pass vacuously
    expect(report.snippets.filter((s) => s.file !== FIXTURE && !s.skip).length).toBeGreaterThan(5);
  });

  it('the checker reports a broken snippet at its Markdown line, resolves portrait-rig subpaths and skips no-check blocks', () => {
    const errors = report.errors.filter((e) => e.file === FIXTURE);
    const at = (marker: string) => errors.filter((e) => e.line === lineOf(FIXTURE, marker)).map((e) => e.code);
    expect(at('BROKEN-TYPE')).toEqual([2322]); // Type 'string' is not assignable to type 'number'
    expect(at('BROKEN-IMPORT')).toEqual([2305]); // resolved to sdk/web.ts, which lacks the export (not 2307: not found)
    expect(at('BROKEN-TSX')).toEqual([2322]);
    expect(errors, formatSnippetErrors(errors)).toHaveLength(3); // the correct block and the no-check block add none
    expect(formatSnippetErrors(errors)).toMatch(new RegExp(`^${FIXTURE}:${lineOf(FIXTURE, 'BROKEN-TYPE')}:\\d+ TS2322 `, 'm'));

    const fixtureSnippets = report.snippets.filter((s) => s.file === FIXTURE);
    expect(fixtureSnippets.map((s) => [s.lang, s.skip])).toEqual([['ts', false], ['ts', false], ['ts', false], ['ts', true], ['tsx', false]]);
  });

  it('extracts fenced blocks with their first code line, language and no-check marker, inside list items too', () => {
    const text = ['# T', '', '- item', '', '   ```ts', '   const a = 1;', '   ```', '', '````tsx no-check', '```', '````', '~~~ts', 'x', '~~~'].join('\n');
    expect(extractSnippets('t.md', text)).toEqual([
      { file: 't.md', line: 6, lang: 'ts', skip: false, code: 'const a = 1;' },
      { file: 't.md', line: 10, lang: 'tsx', skip: true, code: '```' },
      { file: 't.md', line: 13, lang: 'ts', skip: false, code: 'x' },
    ]);
  });
});
