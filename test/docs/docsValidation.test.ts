/**
 * The docs build's checks can fail: fixtures prove that the validation settings of typedoc.json report undocumented
 * exports, and that the TypeDoc plugin (scripts/docs/typedocPlugin.mjs) documents exactly the package.json exports.
 * The real build is checked in site.test.ts. A few seconds: the fixtures are tiny programs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReflectionKind } from 'typedoc';
import { describe, expect, it } from 'vitest';
import { buildDocs } from './buildDocs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/docs/fixtures');

describe('docs build validation', () => {
  it('reports an undocumented export and an undocumented interface member as warnings, with the settings of typedoc.json', async () => {
    // fixtures/undocumented/typedoc.json extends the repository's typedoc.json and only swaps the program, the entry
    // point, the plugin (the fixture is not a package export) and the guides
    const build = await buildDocs({ config: path.join(fixtures, 'undocumented/typedoc.json') });
    // so the settings under test come from the repository's typedoc.json
    expect(build.app.options.getValue('treatWarningsAsErrors')).toBe(true);
    expect(build.app.options.getValue('validation').notDocumented).toBe(true);

    expect(build.errors).toEqual([]);
    const undocumented = build.warnings.filter((w) => w.includes('does not have any documentation'));
    expect(undocumented.some((w) => /\bundocumentedFunction\b/.test(w)), build.warnings.join('\n')).toBe(true);
    expect(undocumented.some((w) => /\bFixtureOptions\.undocumentedField\b/.test(w)), build.warnings.join('\n')).toBe(true);
    expect(build.warnings.filter((w) => /\bdocumentedFunction\b|\bdocumentedField\b/.test(w))).toEqual([]);
    expect(build.warnings).toHaveLength(2);
  }, 120_000);

  it('the TypeDoc plugin derives the entry points from package.json exports and names each module by its import specifier', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'portrait-rig-docs-fixture-'));
    try {
      const build = await buildDocs({ config: path.join(fixtures, 'package/typedoc.json'), out });
      expect(build.warnings).toEqual([]);
      expect(build.errors).toEqual([]);
      const modules = build.project?.getChildrenByKind(ReflectionKind.Module).map((m) => m.name);
      expect(modules?.sort()).toEqual(['fixture-pkg', 'fixture-pkg/extra', 'fixture-pkg/more']);

      // guides: explicit position first, each file once, titled by its heading (a repeated heading gets the path),
      // pages named after the files, GitHub's anchors for headings with code (the link to it validated above)
      expect(build.project?.documents?.map((d) => d.name)).toEqual(['Beta guide', 'Alpha guide', 'Alpha guide (docs/other.md)']);
      expect(readdirSync(path.join(out, 'documents')).sort()).toEqual(['first.html', 'other.html', 'second.html']);
      expect(readFileSync(path.join(out, 'documents/second.html'), 'utf8')).toContain('id="using-beta-now"');
      expect(readFileSync(path.join(out, 'documents/first.html'), 'utf8')).toContain('href="second.html#using-beta-now"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('the TypeDoc plugin warns, failing the build, when configured entry points leave a package export out', async () => {
    const src = path.join(fixtures, 'package/src');
    const build = await buildDocs({
      config: path.join(fixtures, 'package/typedoc.json'),
      overrides: { entryPoints: [path.join(src, 'index.ts'), path.join(src, 'extra.ts')], projectDocuments: [] },
    });
    expect(build.warnings).toEqual([expect.stringContaining('package export "fixture-pkg/more" has no page in the docs')]);
  }, 120_000);
});
