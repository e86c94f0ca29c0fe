import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir } from '../../test/runtime/fixtureModels.js';
import { OrtNodeBackend } from '../node/OrtNodeBackend.js';
import { clearModelCache } from './clearModelCache.js';
import { loadModel } from './loadModel.js';
import type { ModelLoadProgress } from './ModelLoadProgress.js';
import { urlModelSource } from './urlModelSource.js';

let server: Server;
let base = '';
const requests: string[] = [];
const backend = new OrtNodeBackend({ threads: 1 });

beforeAll(async () => {
  const root = path.dirname(fixtureDir('lia-tiny'));
  server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(url);
    if (url.endsWith('slow.onnx')) return; // never answers: for the abort test
    const file = path.join(root, url);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    
    res.writeHead(200, { 'content-length': String(statSync(file).size), 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await backend.dispose();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  requests.length = 0;
  delete (globalThis as { caches?: unknown }).caches;
});

/** A minimal in-memory Cache API (Node has none), enough for urlModelSource. */
function installFakeCaches(): Map<string, Map<string, Response>> {
  const stores = new Map<string, Map<string, Response>>();
  (globalThis as { caches?: unknown }).caches = {
    open: async (name: string) => {
      const store = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, store);
      return {
        match: async (url: string) => store.get(url)?.clone(),
        put: async (url: string, response: Response) => { store.set(url, response); },
      };
    },
    delete: async (name: string) => stores.delete(name),
  };
  return stores;
}

describe('urlModelSource + loadModel', () => {
  it('downloads every file with download/progress events and totals from Content-Length', async () => {
    const events: ModelLoadProgress[] = [];
    const model = await loadModel(urlModelSource(`${base}lia-tiny`, { cache: false }), { backend, onProgress: (e) => events.push(e) });
    expect(model.manifest.id).toBe('lia-tiny');
    const decoder = events.filter((e) => 'file' in e && e.file === 'decoder.onnx');
    expect(decoder.map((e) => e.status)[0]).toBe('initiate');
    expect(decoder.map((e) => e.status)[1]).toBe('download');
    const last = decoder.filter((e) => e.status === 'progress').at(-1) as Extract<ModelLoadProgress, { status: 'progress' }>;
    const size = statSync(path.join(fixtureDir('lia-tiny'), 'decoder.onnx')).size;
    expect(last).toMatchObject({ loaded: size, total: size, progress: 100 });
    expect(events.at(-1)).toMatchObject({ status: 'ready', model: 'lia-tiny' });
    await model.dispose();
  });

  it('keeps files in the Cache API so a second load makes no request', async () => {
    const stores = installFakeCaches();
    const first = await loadModel(urlModelSource(`${base}lia-tiny/`), { backend });
    expect(requests).toHaveLength(4);
    expect([...stores.get('portrait-rig-models')!.keys()]).toHaveLength(4);
    requests.length = 0;
    const events: ModelLoadProgress[] = [];
    const second = await loadModel(urlModelSource(`${base}lia-tiny/`), { backend, onProgress: (e) => events.push(e) });
    expect(requests).toEqual([]);
    expect(events.some((e) => e.status === 'download')).toBe(false);
    expect(second.dictionary).toEqual(first.dictionary);
    expect(await clearModelCache()).toBe(true);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('MODEL_FILE_MISSING with the URL and HTTP status for a 404', async () => {
    const error = await loadModel(urlModelSource(`${base}no-such-model/`, { cache: false }), { backend }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_FILE_MISSING' });
    expect((error as Error).message).toContain(`${base}no-such-model/manifest.json: HTTP 404`);
  });

  it('ABORTED when the signal fires during a download', async () => {
    const controller = new AbortController();
    const source = urlModelSource(base, { cache: false });
    const pending = source.read('lia-tiny/slow.onnx', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
