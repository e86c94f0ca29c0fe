/**
 * Vite config of the browser demos (`npm run demos:build` → demos/dist, `npm run demos:serve` serves it with
 * cross-origin isolation). Multi-page: index (links), three (three.js scene), r3f (React Three Fiber), playground
 * (motion playground), webcam (a camera drives a portrait), audio (lip sync from a file or the microphone).
 *
 * - `portrait-rig` and its subpaths are aliased to this repository's sources, so no `npm run build` is needed.
 * - Models: the build copies the bundled model (models/rig-tiny, when it has been exported) and the fixture model
 *   (test/fixtures/models/liax-tiny, random weights) into dist/models/; the demos load
 *   {@link DEMO_DEFAULT_MODEL} unless the URL says `?model=/models/<name>/`.
 * - The dev server and `vite preview` send COOP/COEP so onnxruntime-web's WebAssembly can use threads.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const demos = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(demos, '..');

/** Model folders the demos can load, by URL name → folder. rig-tiny only once it exists. */
export function demoModels(): Record<string, string> {
  const models: Record<string, string> = {};
  const rigTiny = path.join(repo, 'models', 'rig-tiny');
  if (existsSync(path.join(rigTiny, 'manifest.json'))) models['rig-tiny'] = rigTiny;
  models['liax-tiny'] = path.join(repo, 'test', 'fixtures', 'models', 'liax-tiny');
  return models;
}

/** The model the demos use by default: rig-tiny when exported, else the fixture. */
export const DEMO_DEFAULT_MODEL = existsSync(path.join(repo, 'models', 'rig-tiny', 'manifest.json')) ? '/models/rig-tiny/' : '/models/liax-tiny/';

/** Files of a model folder the browser needs: those its manifest names, plus sample portraits. */
function modelFiles(folder: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
    files: Record<string, { path: string; externalData?: { path: string }[] }>; dictionary?: { path?: string };
  };
  const files = new Set(['manifest.json', 'dictionary.bin']);
  for (const file of Object.values(manifest.files)) {
    files.add(file.path);
    for (const extra of file.externalData ?? []) files.add(extra.path);
  }
  if (manifest.dictionary?.path) files.add(manifest.dictionary.path);
  const samples = path.join(folder, 'samples');
  if (existsSync(samples)) for (const name of readdirSync(samples)) if (/\.(png|jpe?g|webp)$/i.test(name)) files.add(`samples/${name}`);
  return [...files].filter((f) => existsSync(path.join(folder, f)));
}

const TYPES: Record<string, string> = {
  '.json': 'application/json', '.onnx': 'application/octet-stream', '.bin': 'application/octet-stream', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
};

/** Serves (dev) and copies (build) the model folders and the clip files. */
function demoAssets(): Plugin {
  const serveFile = (res: ServerResponse, file: string): void => {
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.end(readFileSync(file));
  };
  return {
    name: 'portrait-rig:demo-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]!);
        const model = /^\/models\/([^/]+)\/(.+)$/.exec(url);
        const folder = model ? demoModels()[model[1]!] : undefined;
        if (model && folder && modelFiles(folder).includes(model[2]!)) return serveFile(res, path.join(folder, model[2]!));
        const clip = /^\/clips\/([\w-]+\.clip\.json)$/.exec(url);
        if (clip && existsSync(path.join(repo, 'models', 'clips', clip[1]!))) return serveFile(res, path.join(repo, 'models', 'clips', clip[1]!));
        next();
      });
    },
    writeBundle(options) {
      const out = options.dir ?? path.join(demos, 'dist');
      for (const [name, folder] of Object.entries(demoModels())) {
        for (const file of modelFiles(folder)) {
          mkdirSync(path.dirname(path.join(out, 'models', name, file)), { recursive: true });
          cpSync(path.join(folder, file), path.join(out, 'models', name, file));
        }
      }
      const clips = path.join(repo, 'models', 'clips');
      mkdirSync(path.join(out, 'clips'), { recursive: true });
      for (const name of readdirSync(clips)) if (name.endsWith('.clip.json') && statSync(path.join(clips, name)).isFile()) cpSync(path.join(clips, name), path.join(out, 'clips', name));
    },
  };
}

/** Every demo page: demos/index.html and demos/<name>/index.html (three, r3f, playground, and any other demo folder). */
function demoPages(): Record<string, string> {
  const pages: Record<string, string> = { index: path.join(demos, 'index.html') };
  for (const name of readdirSync(demos)) {
    if (['dist', 'public', 'shared', 'node_modules'].includes(name)) continue;
    const page = path.join(demos, name, 'index.html');
    if (existsSync(page)) pages[name] = page;
  }
  return pages;
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: demos,
  base: '/',
  publicDir: path.join(demos, 'public'),
  logLevel: 'warn',
  define: {
    __DEMO_DEFAULT_MODEL__: JSON.stringify(DEMO_DEFAULT_MODEL),
    __DEMO_MODELS__: JSON.stringify(Object.keys(demoModels())),
  },
  resolve: {
    alias: [
      { find: /^portrait-rig$/, replacement: path.join(repo, 'sdk/index.ts') },
      { find: /^portrait-rig\/web$/, replacement: path.join(repo, 'sdk/web.ts') },
      { find: /^portrait-rig\/three$/, replacement: path.join(repo, 'engine-adapters/three/index.ts') },
      { find: /^portrait-rig\/three\/worker$/, replacement: path.join(repo, 'engine-adapters/three/worker/index.ts') },
      { find: /^portrait-rig\/r3f$/, replacement: path.join(repo, 'engine-adapters/r3f/index.ts') },
    ],
  },
  plugins: [demoAssets()],
  worker: { format: 'es', rolldownOptions: { checks: { pluginTimings: false } } },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { headers: ISOLATION, fs: { allow: [repo] } },
  preview: { headers: ISOLATION },
  build: {
    outDir: path.join(demos, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      checks: { pluginTimings: false },
      input: demoPages(), // every demos/<name>/index.html: three, r3f, playground, webcam, audio, …
    },
  },
});
