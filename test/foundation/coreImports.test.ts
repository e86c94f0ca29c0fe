/**
 * Import boundaries of the published entries, proven by walking the real module graph (see moduleGraph.ts).
 *
 * Policy (issue #2):
 * - `portrait-rig` (the core, sdk/index.ts) reaches none of three, react, react-dom, @react-three/*,
 *   onnxruntime-*, sharp or a Node builtin — neither through a static import nor through a dynamic `import()`. The
 *   core is shared by the browser and Node entries, so a lazy `import('onnxruntime-node')` in it would put
 *   onnxruntime-node into every browser bundle's graph; the /web and /node entries hand the core its backend.
 * - Its type-only imports (what its `.d.ts` files reference) name none of those either, except onnxruntime-common,
 *   a regular dependency that is always installed; so `portrait-rig`'s types load without the optional peers
 *   and without @types/node.
 * - Every export other than `./node` is browser-safe: it reaches neither onnxruntime-node, sharp nor a Node
 *   builtin, statically or dynamically. So onnxruntime-node and sharp are reachable from `/node` (and the CLI bin)
 *   only. `/web` additionally leaves three and React to `/three` and `/r3f`.
 * - A dynamic `import()` whose specifier is not a string literal cannot be checked by this walker nor by a
 *   bundler, so it is rejected in the core and in browser-safe entries.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceEntries, violations, walkModuleGraph, type Forbidden } from './moduleGraph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const isBuiltin = (t: string): boolean => t.startsWith('node:');
const isUnanalyzable = (t: string): boolean => t === '<unanalyzable>';
const isNodeOnlyPackage = (t: string): boolean => t === 'onnxruntime-node' || t === 'sharp';
const isUiPackage = (t: string): boolean =>
  t === 'three' || t === 'react' || t === 'react-dom' || t.startsWith('@react-three/');
const isOrt = (t: string): boolean => t.startsWith('onnxruntime-');

/** The core's runtime graph. */
const coreForbidden: Forbidden = (t) => isUiPackage(t) || isOrt(t) || isNodeOnlyPackage(t) || isBuiltin(t) ||
  isUnanalyzable(t);
/** The core's type graph: onnxruntime-common is a regular dependency, its types are always there. */
const coreTypesForbidden: Forbidden = (t) => isUiPackage(t) || (isOrt(t) && t !== 'onnxruntime-common') ||
  isNodeOnlyPackage(t) || isBuiltin(t) || t === 'node' || t === '@types/node';
/** Any export other than ./node. */
const browserForbidden: Forbidden = (t) => isNodeOnlyPackage(t) || isBuiltin(t) || isUnanalyzable(t);
/** The web entry: browser-safe, and three/React belong to /three and /r3f. */
const webForbidden: Forbidden = (t, e) => browserForbidden(t, e) || isUiPackage(t);

describe('moduleGraph walker (the boundary checks below can fail)', () => {
  let dir = '';
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-graph-'));
    write('entry.ts', "export * from './lib/a.js';\nexport { viaDynamic } from './lib/lazy.js';\n");
    write('lib/a.ts', "import { b } from './b.js';\nexport const a = b + 1;\n");
    write('lib/b.ts', "import { readFileSync } from 'node:fs';\nexport const b = readFileSync.length;\n");
    write('lib/lazy.ts', "export async function viaDynamic() { return import('onnxruntime-node'); }\n");
    write('types.ts', "import type { Mesh } from 'three';\nexport type M = Mesh | import('react').ReactNode;\n");
    write('mixed.ts', "import { type Mesh } from 'three';\nexport type M = Mesh;\n");
    write('bare.ts', "import fs from 'fs';\nimport { z } from 'zod';\nexport const x = [fs, z];\n");
    write('hidden.ts', "const name = 'onnxruntime-node';\nexport const load = () => import(name);\n");
    write('view.tsx', 'export const View = () => <div />;\n');
    write('typeOnlyChain.ts', "import type { Loader } from './loader.js';\nexport type L = Loader;\n");
    write('loader.ts', "import sharp from 'sharp';\nexport type Loader = typeof sharp;\nexport const s = sharp;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags a node:fs import two relative hops away, naming the chain from the entry', () => {
    const graph = walkModuleGraph('entry.ts', { root: dir });
    expect(graph.modules).toEqual(['entry.ts', 'lib/a.ts', 'lib/lazy.ts', 'lib/b.ts']);
    expect(violations(graph, coreForbidden)).toEqual([
      'onnxruntime-node [dynamic] via entry.ts → lib/lazy.ts',
      'node:fs [static] via entry.ts → lib/a.ts → lib/b.ts',
    ]);
  });

  it('counts a dynamic import("onnxruntime-node") against a browser-safe entry', () => {
    const graph = walkModuleGraph('entry.ts', { root: dir });
    expect(violations(graph, browserForbidden)).toContain('onnxruntime-node [dynamic] via entry.ts → lib/lazy.ts');
  });

  it('treats un-prefixed builtins ("fs") as Node builtins and leaves allowed packages alone', () => {
    const graph = walkModuleGraph('bare.ts', { root: dir });
    expect(graph.externals.map((e) => e.target)).toEqual(['node:fs', 'zod']);
    expect(violations(graph, coreForbidden)).toEqual(['fs [static] via bare.ts']);
  });

  it('rejects an import() whose specifier is not a string literal', () => {
    const graph = walkModuleGraph('hidden.ts', { root: dir });
    expect(violations(graph, browserForbidden)).toEqual(['import(name) [unanalyzable] via hidden.ts']);
  });

  it('sees the implicit react/jsx-runtime import of a .tsx file', () => {
    const graph = walkModuleGraph('view.tsx', { root: dir });
    expect(violations(graph, coreForbidden)).toEqual(['react/jsx-runtime [static] via view.tsx']);
  });

  it('does not count type-only imports at run time, but the type graph reports them', () => {
    expect(walkModuleGraph('types.ts', { root: dir }).externals).toEqual([]);
    expect(violations(walkModuleGraph('types.ts', { root: dir, mode: 'types' }), coreTypesForbidden)).toEqual([
      'three [type] via types.ts',
      'react [type] via types.ts',
    ]);
  });

  it('counts `import { type X }` as a runtime import (verbatimModuleSyntax keeps `import {} from`)', () => {
    expect(violations(walkModuleGraph('mixed.ts', { root: dir }), coreForbidden)).toEqual(['three [static] via mixed.ts']);
  });

  it('follows type-only edges in the type graph only', () => {
    expect(walkModuleGraph('typeOnlyChain.ts', { root: dir }).modules).toEqual(['typeOnlyChain.ts']);
    const types = walkModuleGraph('typeOnlyChain.ts', { root: dir, mode: 'types' });
    expect(violations(types, coreTypesForbidden)).toEqual(['sharp [static] via typeOnlyChain.ts → loader.ts']);
  });

  it('fails loudly on a relative import it cannot resolve', () => {
    write('broken.ts', "export * from './missing.js';\n");
    expect(() => walkModuleGraph('broken.ts', { root: dir })).toThrow(/cannot resolve "\.\/missing\.js"/);
  });
});

describe('import boundaries of the published entries', () => {
  const { exports, bins } = sourceEntries(root);

  it('maps every package.json export and bin to a source file the walker can start from', () => {
    expect(exports.get('.')).toBe('sdk/index.ts');
    expect(exports.get('./web')).toBe('sdk/web.ts');
    expect(exports.get('./node')).toBe('sdk/node/index.ts');
    expect(bins.get('portrait-rig')).toBe('sdk/node/cli/main.ts');
  });

  it('the core entry (portrait-rig) reaches no three, react, @react-three/*, onnxruntime-*, sharp or Node builtin, statically or dynamically', () => {
    const graph = walkModuleGraph('sdk/index.ts', { root });
    // The walker really walked the core (not just its entry file).
    expect(graph.modules).toEqual(expect.arrayContaining(['sdk/index.ts', 'sdk/motion/index.ts', 'sdk/rig/index.ts']));
    expect(violations(graph, coreForbidden)).toEqual([]);
  });

  it("the core's type-only imports name none of the optional peers, Node-only packages or Node builtins", () => {
    expect(violations(walkModuleGraph('sdk/index.ts', { root, mode: 'types' }), coreTypesForbidden)).toEqual([]);
  });

  it('the web entry (portrait-rig/web) reaches no onnxruntime-node, sharp, Node builtin, three or react, even via import()', () => {
    const graph = walkModuleGraph('sdk/web.ts', { root });
    expect(graph.modules).toContain('sdk/index.ts');
    expect(violations(graph, webForbidden)).toEqual([]);
  });

  it('every export except ./node is browser-safe (no onnxruntime-node, sharp or Node builtin, even via import())', () => {
    const found: Record<string, string[]> = {};
    for (const [subpath, source] of exports) {
      if (subpath === './node') continue;
      found[subpath] = violations(walkModuleGraph(source, { root }), browserForbidden);
    }
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['.', './web']));
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  it('onnxruntime-node and sharp are reachable only from the /node entry and the CLI bin', () => {
    const reaching: string[] = [];
    const entries = [...[...exports].map(([subpath, source]) => [`export ${subpath}`, source] as const),
      ...[...bins].map(([name, source]) => [`bin ${name}`, source] as const)];
    for (const [label, source] of entries) {
      const graph = walkModuleGraph(source, { root });
      if (graph.externals.some((e) => isNodeOnlyPackage(e.target))) reaching.push(label);
    }
    expect(reaching.filter((label) => label !== 'export ./node' && !label.startsWith('bin '))).toEqual([]);
  });
});
