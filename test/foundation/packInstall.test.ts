/**
 * SLOW (15–30 s on 2 busy cores; it installs the packed tarball and its dependencies from the npm cache):
 * the published package works when installed, as a user gets it.
 *
 * 1. `npm run build -- --outDir <stage>/dist` compiles with the real build script into a fresh folder (no stale
 *    files, and the repository's own dist/ is never rewritten under tests that may be reading it), the other
 *    files `npm pack` would ship are copied beside it, and `npm pack` makes the tarball.
 * 2. A clean project outside the repository (so Node cannot resolve anything from the repo's node_modules)
 *    installs the tarball with `--prefer-offline --no-audit --no-fund` and `onnxruntime-node-install=skip` in
 *    its .npmrc, as the README tells users.
 * 3. Without the optional peers installed, `portrait-rig` and `portrait-rig/node` import in a child Node process,
 *    onnxruntime-node (CPU binding; no CUDA download happened) and sharp load, and `npx portrait-rig --help` runs
 *    the bin.
 * 4. With the optional peers installed (every peerDependency — onnxruntime-web, three, react, @react-three/fiber —
 *    at the version this repo develops with), *every* subpath in package.json `exports` imports in Node. `/web` is
 *    imported for real: onnxruntime-web supports Node, and our entries have no import-time side effects
 *    (`sideEffects: false`), so an entry that touches `window` or `navigator` at import time fails here.
 * 5. A strict NodeNext TypeScript consumer compiles against every subpath, so each export's `types` resolve.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types?: string; default?: string }>;
  peerDependencies: Record<string, string>;
};
const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const specifierOf = (subpath: string): string => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`);
const CORE_AND_NODE = ['.', './node'];
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
/** Per child command; a cold npm cache on a slow network is the worst case. */
const STEP_TIMEOUT_MS = 5 * 60_000;

/** The environment for child processes: none of the outer `npm test`'s npm_* settings leak into them. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS' || /^ONNXRUNTIME_NODE_INSTALL/.test(key)) {
      continue;
    }
    env[key] = value;
  }
  return env;
}

async function run(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(command, args, { cwd, env: childEnv(), maxBuffer: 64 << 20, timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}: ${e.message}\n${e.stderr ?? ''}\n${e.stdout ?? ''}`);
  }
}

const IMPORT_SCRIPT = `
const out = {};
for (const spec of process.argv.slice(2)) {
  let resolved = null;
  try { resolved = import.meta.resolve(spec); } catch {}
  try {
    const mod = await import(spec);
    out[spec] = { ok: true, resolved, exports: Object.keys(mod).length };
  } catch (error) {
    out[spec] = { ok: false, resolved, error: String(error && error.stack || error) };
  }
}
process.stdout.write(JSON.stringify(out));
`;

interface ImportResult { ok: boolean; resolved: string | null; exports?: number; error?: string }

describe('npm pack → install in a clean project → import every export (slow)', () => {
  let stage = '';
  let app = '';
  let tarballFiles: string[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await step();
    } finally {
      timings[label] = Math.round(performance.now() - start);
    }
  };
  const importInApp = async (subpathsOrSpecs: string[]): Promise<Record<string, ImportResult>> => {
    writeFileSync(path.join(app, 'imports.mjs'), IMPORT_SCRIPT);
    const { stdout } = await run(process.execPath, ['imports.mjs', ...subpathsOrSpecs], app);
    return JSON.parse(stdout) as Record<string, ImportResult>;
  };

  beforeAll(async () => {
    stage = mkdtempSync(path.join(tmpdir(), 'portrait-rig-pack-'));
    const pkgDir = path.join(stage, 'package');
    app = path.join(stage, 'app');
    mkdirSync(pkgDir);
    mkdirSync(app);

    await timed('build', () => run('npm', ['run', 'build', '--', '--outDir', path.join(pkgDir, 'dist')], root));
    await timed('pack', async () => {
      const dry = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root);
      const listed = (JSON.parse(dry.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
      for (const file of listed) {
        if (file.startsWith('dist/')) continue;
        mkdirSync(path.dirname(path.join(pkgDir, file)), { recursive: true });
        cpSync(path.join(root, file), path.join(pkgDir, file));
      }
      const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', stage], pkgDir);
      const info = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
      tarballFiles = info.files.map((f) => f.path);
      writeFileSync(path.join(stage, 'tarball'), path.join(stage, info.filename));
    });

    writeFileSync(path.join(app, 'package.json'),
      JSON.stringify({ name: 'portrait-rig-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
    writeFileSync(path.join(app, '.npmrc'), 'onnxruntime-node-install=skip\n');
    const tarball = readFileSync(path.join(stage, 'tarball'), 'utf8');
    await timed('install', () => run('npm', ['install', tarball, ...NPM_FLAGS], app));
  }, 2 * STEP_TIMEOUT_MS);

  afterAll(() => {
    console.log(`packInstall timings (ms): ${JSON.stringify(timings)}`);
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  it('the tarball ships every export target with its .d.ts and the bin, and no tests or TS sources', () => {
    const expected = new Set<string>();
    for (const subpath of subpaths) {
      const value = pkg.exports[subpath]!;
      if (typeof value === 'string') expected.add(value);
      else for (const target of [value.types, value.default]) if (target) expected.add(target);
    }
    for (const target of Object.values(pkg.bin)) expected.add(target);
    const missing = [...expected].map((t) => t.replace(/^\.\//, '')).filter((t) => !tarballFiles.includes(t));
    expect(missing).toEqual([]);
    expect(tarballFiles.filter((f) => /\.(test|bench)\.|(^|\/)test\//.test(f))).toEqual([]);
    expect(tarballFiles.filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(tarballFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
  });

  it('portrait-rig and portrait-rig/node import in Node from the installed package without the optional peers', async () => {
    const peers = Object.keys(pkg.peerDependencies);
    const results = await importInApp([...CORE_AND_NODE.map(specifierOf), ...peers]);
    for (const peer of peers) expect(results[peer], `${peer} must not be installed yet`).toMatchObject({ ok: false });
    const installed = path.join(app, 'node_modules', pkg.name) + path.sep;
    for (const subpath of CORE_AND_NODE) {
      const result = results[specifierOf(subpath)]!;
      expect(result.error ?? '').toBe('');
      expect(result.ok).toBe(true);
      expect(fileURLToPath(result.resolved!).startsWith(installed)).toBe(true);
      expect(result.exports).toBeGreaterThan(0);
    }
  });

  it('onnxruntime-node (its CPU binding) and sharp load in the project installed with onnxruntime-node-install=skip', async () => {
    const results = await importInApp(['onnxruntime-node', 'sharp']);
    for (const dep of ['onnxruntime-node', 'sharp']) {
      expect(results[dep]!.error ?? '').toBe('');
      expect(fileURLToPath(results[dep]!.resolved!).startsWith(path.join(app, 'node_modules') + path.sep)).toBe(true);
    }
    if (process.platform === 'linux' && process.arch === 'x64') {
      // The .npmrc was honoured: the CUDA provider that the install script downloads by default is not there.
      const bin = path.join(app, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64');
      expect(existsSync(path.join(bin, 'onnxruntime_binding.node'))).toBe(true);
      expect(existsSync(path.join(bin, 'libonnxruntime_providers_cuda.so'))).toBe(false);
    }
  });

  it('`npx portrait-rig --help` runs the installed bin', async () => {
    const bin = Object.keys(pkg.bin)[0]!;
    // The exact command users type. The link must exist first: npx would otherwise fetch a package of that name.
    expect(existsSync(path.join(app, 'node_modules', '.bin', bin))).toBe(true);
    const { stdout } = await run('npx', [bin, '--help'], app);
    expect(stdout).toMatch(/^Usage: portrait-rig <command>/);
  });

  it('the installed `portrait-rig convert` finds the shipped Python exporter from dist/ and runs it', async () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['models/tools/export.py', 'models/tools/portrait_rig_tools/checkpoint.py',
      'models/tools/portrait_rig_tools/fp16.py']));
    writeFileSync(path.join(app, 'not-a-checkpoint.pt'), 'text\n');
    // exit code 1 with the exporter's own message proves the path logic: dist/sdk/node/convert → models/tools/export.py
    const error = await execFileAsync('npx', ['portrait-rig', 'convert', '--family', 'lia-x', '--checkpoint', 'not-a-checkpoint.pt',
      '--out', 'converted'], { cwd: app, env: childEnv(), timeout: STEP_TIMEOUT_MS }).then(() => undefined, (e: unknown) => e as { code: number; stderr: string });
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/not-a-checkpoint\.pt.*not a PyTorch checkpoint/);
    expect(existsSync(path.join(app, 'converted'))).toBe(false);
  });

  it('with the optional peers installed, every subpath in package.json exports imports in Node (/web included)', async () => {
    const peers = Object.keys(pkg.peerDependencies).map((name) => {
      const version = (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as
        { version: string }).version;
      return `${name}@${version}`;
    });
    await timed('install peers', () => run('npm', ['install', ...peers, ...NPM_FLAGS], app));
    const results = await timed('import all', () => importInApp(subpaths.map(specifierOf)));
    expect(Object.keys(results)).toEqual(expect.arrayContaining([pkg.name, `${pkg.name}/node`, `${pkg.name}/web`]));
    const failures = Object.entries(results).filter(([, r]) => !r.ok || !r.exports).map(([s, r]) => `${s}: ${r.error ?? 'no exports'}`);
    expect(failures).toEqual([]);
  }, STEP_TIMEOUT_MS + 60_000);

  it("every subpath's type declarations resolve for a strict NodeNext TypeScript consumer", async () => {
    const lines = subpaths.map((s, i) => `import * as m${i} from '${specifierOf(s)}';`);
    lines.push(`export const modules: object[] = [${subpaths.map((_, i) => `m${i}`).join(', ')}];`);
    writeFileSync(path.join(app, 'consumer.ts'), lines.join('\n') + '\n');
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true,
        skipLibCheck: true, types: [],
      },
      files: ['consumer.ts'],
    }));
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(existsSync(tsc)).toBe(true);
    await timed('typecheck consumer', () => run(process.execPath, [tsc, '-p', app], app));
  });
});
