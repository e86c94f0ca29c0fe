/**
 * A Vite production build of a tiny browser app that imports `portrait-rig` and `portrait-rig/web` succeeds
 * while onnxruntime-node and sharp are *unresolvable*.
 *
 * How absence is proven: the build runs with a `pre` plugin that fails the build the moment anything — our
 * sources or any dependency, through a static or a dynamic import — asks to resolve `onnxruntime-node` or `sharp`
 * (or loads a file from their folders). That is strictly stronger than building where they are not installed:
 * an uninstalled package fails the build only for the imports the bundler cannot leave external, while here any
 * attempt fails. A second build of the same app plus one module with `import('onnxruntime-node')` shows the guard
 * firing, so the passing build is not vacuous.
 *
 * The app is built in app mode (index.html → main.ts) like a user's Vite project, in a temp folder, with
 * `portrait-rig` and its subpaths aliased to this repository's sources (package.json `exports` mapped back to
 * `sdk/*.ts`), so the test needs no `npm run build`; packInstall.test.ts covers the published `dist`.
 * Node builtins imported by our own sources fail the build too; Vite's "externalized for browser compatibility"
 * notices for builtins that a dependency imports are collected and must be empty as well.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createLogger, type Plugin, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageNameOf, sourceEntries } from './moduleGraph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_ONLY = new Set(['onnxruntime-node', 'sharp']);

/** Fails the build on any attempt to resolve or load onnxruntime-node/sharp, or a builtin from our sources. */
function forbidNodeOnly(dependencyBuiltins: string[]): Plugin {
  return {
    name: 'portrait-rig:forbid-node-only',
    enforce: 'pre',
    resolveId(source, importer) {
      const from = importer ? path.relative(root, importer) : '(entry)';
      if (!source.startsWith('.') && !source.startsWith('/') && !source.startsWith('\0')) {
        if (NODE_ONLY.has(packageNameOf(source))) {
          this.error(`forbidden: ${from} imports "${source}" in a browser build`);
        }
        if (isBuiltin(source)) {
          if (importer && !importer.split(path.sep).includes('node_modules')) {
            this.error(`forbidden: ${from} imports the Node builtin "${source}" in a browser build`);
          }
          dependencyBuiltins.push(`${source} (from ${from})`);
        }
      }
      return null;
    },
    load(id) {
      const parts = id.split(/[\\/]/);
      const at = parts.lastIndexOf('node_modules');
      if (at >= 0 && NODE_ONLY.has(parts[at + 1] ?? '')) this.error(`forbidden: ${id} is part of a browser build`);
      return null;
    },
  };
}

interface AppBuild {
  moduleIds: string[];
  files: string[];
  dependencyBuiltins: string[];
  warnings: string[];
}

async function buildApp(appDir: string): Promise<AppBuild> {
  const { exports } = sourceEntries(root);
  const alias = [...exports].map(([subpath, source]) => ({
    find: new RegExp(`^portrait-rig${subpath === '.' ? '' : subpath.slice(1).replace(/[/.]/g, '\\$&')}$`),
    replacement: path.join(root, source),
  }));
  const dependencyBuiltins: string[] = [];
  const warnings: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (msg) => { warnings.push(msg); };
  logger.warnOnce = (msg) => { warnings.push(msg); };
  logger.error = () => {}; // the rejected promise carries the error; keep the test output clean
  const result = await build({
    configFile: false,
    root: appDir,
    logLevel: 'warn',
    customLogger: logger,
    mode: 'production',
    resolve: { alias },
    css: { postcss: {} },
    plugins: [forbidNodeOnly(dependencyBuiltins)],
    build: {
      write: false,
      outDir: path.join(appDir, 'dist'),
      emptyOutDir: false,
      reportCompressedSize: false,
      rolldownOptions: { onwarn: (warning) => { warnings.push(warning.message); } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const items = outputs.flatMap((o) => o.output);
  const moduleIds = items.flatMap((item) => (item.type === 'chunk' ? item.moduleIds : []));
  return { moduleIds, files: items.map((item) => item.fileName), dependencyBuiltins, warnings };
}

describe('Vite production build of a browser app using portrait-rig + portrait-rig/web', () => {
  let appDir = '';
  beforeAll(() => {
    appDir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-vite-'));
    writeFileSync(path.join(appDir, 'index.html'),
      '<!doctype html><html><body><script type="module" src="/main.ts"></script></body></html>\n');
    // Namespace imports keep every export alive, so tree-shaking cannot hide a reachable module.
    writeFileSync(path.join(appDir, 'main.ts'), [
      "import * as core from 'portrait-rig';",
      "import * as web from 'portrait-rig/web';",
      'document.body.textContent = `${Object.keys(core).length} ${Object.keys(web).length}`;',
      '',
    ].join('\n'));
    writeFileSync(path.join(appDir, 'leak.ts'),
      "import * as web from 'portrait-rig/web';\nexport const leak = () => import('onnxruntime-node');\nexport { web };\n");
  });
  afterAll(() => rmSync(appDir, { recursive: true, force: true }));

  it('bundles the core and web entries without onnxruntime-node, sharp or Node builtins', async () => {
    const app = await buildApp(appDir);
    const ours = app.moduleIds.map((id) => path.relative(root, id));
    expect(ours).toEqual(expect.arrayContaining(['sdk/index.ts', 'sdk/web.ts']));
    expect(app.files).toContain('index.html');
    expect(app.files.some((f) => /^assets\/index-.*\.js$/.test(f))).toBe(true);
    expect(app.dependencyBuiltins).toEqual([]);
    expect(app.warnings.filter((w) => /externalized for browser compatibility/i.test(w))).toEqual([]);
  });

  it('the same build fails when a module of the app reaches onnxruntime-node through import()', async () => {
    writeFileSync(path.join(appDir, 'main.ts'), "import { leak } from './leak.js';\nconsole.log(leak);\n");
    await expect(buildApp(appDir)).rejects.toThrow(/forbidden: .*leak\.ts imports "onnxruntime-node"/);
  });
});
