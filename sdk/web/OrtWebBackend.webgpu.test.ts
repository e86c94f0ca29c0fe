/**
 * The onnxruntime-web backend on WebGPU in a real browser: Debian's Chromium (headless, SwiftShader's WebGPU adapter)
 * runs a Vite production build of a page that loads a fixture model by URL, keeps the encoder's feature maps on the
 * GPU (`gpu-buffer`) and renders through the animator; the frame must match PyTorch within relative L2 1e-3.
 *
 * SwiftShader emulates the GPU on the CPU (~2.5 s per 64² frame): this is a correctness test, not a speed test.
 * Skipped where /usr/bin/chromium is missing (set PORTRAIT_RIG_CHROMIUM to another Chromium).
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/runtime/fixtureModels.js';
import { CHROMIUM_PATH, launchChromium } from '../../test/support/launchChromium.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json',
};

const PAGE = `
import { loadModel, urlModelSource, PortraitAnimator } from 'portrait-rig';
import { OrtWebBackend } from 'portrait-rig/web';

const rel = (a, b) => { let n = 0, d = 0; for (let i = 0; i < b.length; i++) { n += (a[i] - b[i]) ** 2; d += b[i] ** 2; } return Math.sqrt(n / d); };

window.__run = async (name) => {
  const base = '/models/' + name + '/';
  const backend = new OrtWebBackend();
  const fallbacks = [];
  const progress = [];
  const model = await loadModel(urlModelSource(base), {
    backend, device: 'webgpu', onFallback: (e) => fallbacks.push(e.reason), onProgress: (e) => progress.push(e.status),
  });
  const meta = await (await fetch(base + 'parity.json')).json();
  const bin = await (await fetch(base + 'parity.bin')).arrayBuffer();
  const t = (k) => new Float32Array(bin.slice(meta.tensors[k].offset, meta.tensors[k].offset + meta.tensors[k].length * 4));
  const r = model.resolution;
  const encoded = await model.encoder.run({ image: { type: 'float32', data: t('image'), dims: [1, 3, r, r] } });
  const locations = Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, v.location]));
  for (const v of Object.values(encoded)) v.dispose();
  const animator = new PortraitAnimator(model);
  const started = performance.now();
  await animator.setSource(t('image'));
  const alphaSrc = animator.sourceAlpha;
  const edit = t('alpha_edit');
  const motion = new Float32Array(alphaSrc.length).map((_, i) => edit[i] - alphaSrc[i]);
  const decoded = await animator.renderFrameTensor(motion);
  const frame = await animator.renderFrame(motion);
  const ms = performance.now() - started;
  const result = {
    device: model.device, locations, fallbacks, ready: progress.at(-1), ms,
    relDecoded: rel(decoded, t('decoded')), relAlpha: rel(alphaSrc, t('alpha')),
    frameBytes: frame.data.length, opaque: frame.data[3],
  };
  await animator.dispose();
  await model.dispose();
  return result;
};
document.body.dataset.ready = 'yes';
`;

describe.skipIf(!existsSync(CHROMIUM_PATH))('OrtWebBackend on WebGPU in Chromium (SwiftShader)', () => {
  let appDir = '';
  let server: Server;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    appDir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-webgpu-'));
    writeFileSync(path.join(appDir, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>\n');
    writeFileSync(path.join(appDir, 'main.js'), PAGE);
    const dist = path.join(appDir, 'dist');
    await build({
      configFile: false, root: appDir, logLevel: 'error', mode: 'production',
      resolve: { alias: [
        { find: /^portrait-rig$/, replacement: path.join(repoRoot, 'sdk/index.ts') },
        { find: /^portrait-rig\/web$/, replacement: path.join(repoRoot, 'sdk/web.ts') },
      ] },
      build: { outDir: dist, emptyOutDir: true, reportCompressedSize: false, minify: false },
    });
    const models = path.join(repoRoot, 'test', 'fixtures', 'models');
    server = createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      const file = url.startsWith('/models/') ? path.join(models, url.slice('/models/'.length))
        : path.join(dist, url === '/' ? 'index.html' : url);
      if (!file.startsWith(url.startsWith('/models/') ? models : dist) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': String(statSync(file).size),
        'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
      });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(appDir, { recursive: true, force: true });
  });

  it.each(['lia-tiny', 'liax-tiny'])('renders %s on webgpu with feature maps kept on the GPU, matching PyTorch', async (name) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
    const result = await page.evaluate(async (n) => (window as unknown as { __run(n: string): Promise<Record<string, unknown>> }).__run(n), name);
    await page.close();
    expect(errors).toEqual([]);
    expect(result.fallbacks).toEqual([]);
    expect(result.device).toBe('webgpu');
    expect(result.ready).toBe('ready');
    const locations = result.locations as Record<string, string>;
    expect(locations.z).toBe('cpu');
    expect(locations.alpha).toBe('cpu');
    for (const [key, location] of Object.entries(locations)) if (key.startsWith('feat')) expect(location, key).toBe('gpu-buffer');
    expect(result.relAlpha).toBeLessThan(1e-3);
    expect(result.relDecoded).toBeLessThan(1e-3);
    expect(result.frameBytes).toBe(64 * 64 * 4);
    expect(result.opaque).toBe(255);
  }, 300_000);
});
