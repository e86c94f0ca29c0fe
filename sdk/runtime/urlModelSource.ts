import { PortraitRigError } from '../errors/PortraitRigError.js';
import { abortError, throwIfAborted } from './abort.js';
import type { ModelFileReadOptions, ModelFileSource } from './ModelFileSource.js';

/** Options for {@link urlModelSource}. */
export interface UrlModelSourceOptions {
  /**
   * Cache API cache the files are kept in so a reload does not download them again: a cache name, `true` for
   * `portrait-rig-models`, or `false` to always fetch. Ignored where `caches` does not exist (Node, insecure origins).
   * Default `true`. Put a version in the URL (or the cache name) when the model files change.
   */
  readonly cache?: boolean | string;
  /** `fetch` to use (default: the global one); e.g. one that adds credentials. */
  readonly fetch?: typeof fetch;
  /** Extra `RequestInit` for every request (headers, mode, credentials). */
  readonly requestInit?: RequestInit;
}

/** Default Cache API cache name of {@link urlModelSource}. */
export const DEFAULT_MODEL_CACHE = 'portrait-rig-models';

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

async function readBody(response: Response, url: string, options: ModelFileReadOptions | undefined): Promise<Uint8Array> {
  const header = response.headers.get('content-length');
  const encoded = response.headers.get('content-encoding');
  // with compression, Content-Length counts compressed bytes: the total is unknown
  const total = header !== null && !encoded ? Number(header) : undefined;
  const known = total !== undefined && Number.isFinite(total) && total >= 0 ? total : undefined;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    options?.onProgress?.(bytes.byteLength, known ?? bytes.byteLength);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  options?.onProgress?.(0, known);
  for (;;) {
    if (options?.signal?.aborted) {
      await reader.cancel().catch(() => undefined);
      throw abortError(options.signal, `downloading ${url}`);
    }
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    options?.onProgress?.(loaded, known);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.byteLength; }
  return bytes;
}

/**
 * A model folder served over HTTP(S): files are fetched relative to `baseUrl`, with progress, and kept in the
 * Cache API. Missing files (HTTP 404 …) and network errors throw `MODEL_FILE_MISSING` naming the URL.
 *
 * @param baseUrl - the folder's URL (a trailing `/` is added when missing); relative URLs resolve against the page.
 * @example
 * ```ts
 * const model = await loadModel(urlModelSource('/models/rig-tiny/'), {
 *   backend: new OrtWebBackend(), onProgress: (e) => e.status === 'progress' && console.log(e.file, e.progress),
 * });
 * ```
 */
export function urlModelSource(baseUrl: string | URL, options: UrlModelSourceOptions = {}): ModelFileSource {
  let base = String(baseUrl);
  if (!base.endsWith('/')) base += '/';
  const cacheName = options.cache === false ? undefined : typeof options.cache === 'string' ? options.cache : DEFAULT_MODEL_CACHE;
  const resolve = (path: string): string => {
    try {
      const pageBase = typeof location === 'undefined' ? undefined : location.href;
      return new URL(path, new URL(base, pageBase)).href;
    } catch {
      return base + path;
    }
  };
  const openCache = async (): Promise<Cache | undefined> => {
    if (cacheName === undefined || typeof caches === 'undefined') return undefined;
    try {
      return await caches.open(cacheName);
    } catch {
      return undefined; // e.g. insecure origin or storage disabled: just fetch
    }
  };
  return {
    label: base,
    async read(path, readOptions) {
      const url = resolve(path);
      throwIfAborted(readOptions?.signal, `downloading ${url}`);
      const cache = await openCache();
      const cached = await cache?.match(url).catch(() => undefined);
      if (cached) return readBody(cached, url, readOptions);
      const doFetch = options.fetch ?? fetch;
      let response: Response;
      try {
        response = await doFetch(url, { ...options.requestInit, ...(readOptions?.signal ? { signal: readOptions.signal } : {}) });
      } catch (error) {
        if (readOptions?.signal?.aborted || isAbort(error)) throw abortError(readOptions?.signal, `downloading ${url}`);
        const reason = error instanceof Error ? error.message : String(error);
        throw new PortraitRigError('MODEL_FILE_MISSING',
          `could not download model file "${path}" from ${url} (${reason}). Check the URL, the network and CORS headers.`, { cause: error });
      }
      if (!response.ok) {
        throw new PortraitRigError('MODEL_FILE_MISSING',
          `model file "${path}" could not be downloaded from ${url}: HTTP ${response.status} ${response.statusText}. ` +
          'Check that the model folder is served at that URL and lists every file of manifest.json.');
      }
      readOptions?.onDownload?.();
      let bytes: Uint8Array;
      try {
        bytes = await readBody(response, url, readOptions);
      } catch (error) {
        if (readOptions?.signal?.aborted || isAbort(error)) throw abortError(readOptions?.signal, `downloading ${url}`);
        throw error;
      }
      if (cache) {
        const headers = new Headers({ 'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
          'content-length': String(bytes.byteLength) });
        await cache.put(url, new Response(bytes.slice().buffer, { headers })).catch(() => undefined); // quota: keep going
      }
      return bytes;
    },
  };
}
