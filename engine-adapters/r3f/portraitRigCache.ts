import { PortraitAnimator } from '../../sdk/animator/PortraitAnimator.js';
import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import { loadModel } from '../../sdk/runtime/loadModel.js';
import { PortraitModel } from '../../sdk/runtime/PortraitModel.js';
import { urlModelSource } from '../../sdk/runtime/urlModelSource.js';
import { OrtWebBackend } from '../../sdk/web/OrtWebBackend.js';
import { loadPortraitImage } from '../three/loadPortraitImage.js';
import type { PortraitSource } from '../three/PortraitSource.js';
import { RemotePortraitModel } from '../three/worker/RemotePortraitModel.js';
import type { PortraitRig } from './PortraitRig.js';
import type { PortraitRigOptions } from './PortraitRigOptions.js';

/** A model for {@link usePortraitRig}: a folder URL (loaded and cached), or a model you loaded (used as is, never disposed). */
export type PortraitRigModel = string | URL | PortraitModel | RemotePortraitModel;

/** One cached load, drei `useLoader` style: the promise React suspends on, its outcome, and what to free on `clear`. */
interface Entry<T> {
  readonly key: string;
  readonly promise: Promise<T>;
  readonly parts: readonly string[];
  release: (() => Promise<void>) | undefined;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (value: object): number => {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId++;
    ids.set(value, id);
  }
  return id;
};

const models = new Map<string, Entry<PortraitModel | RemotePortraitModel>>();
const rigs = new Map<string, Entry<PortraitRig>>();

/** The cache key of a model and its loading options. @internal */
export function modelKey(model: PortraitRigModel, options: PortraitRigOptions = {}): string {
  if (typeof model === 'object' && !(model instanceof URL)) return `model#${idOf(model)}`;
  const base = typeof location === 'undefined' ? undefined : location.href;
  let url = String(model);
  try { url = new URL(url, base).href; } catch { /* keep as written */ }
  const host = options.worker ? `worker#${idOf(options.worker)}` : options.backend ? `backend#${idOf(options.backend)}` : 'main';
  return `${url}|${options.device ?? 'auto'}|${host}|${options.threads ?? ''}|${options.wasmPaths ?? ''}`;
}

/** The cache key of a portrait source. @internal */
export function sourceKey(source: PortraitSource): string {
  if (typeof source === 'string' || source instanceof URL) {
    const base = typeof location === 'undefined' ? undefined : location.href;
    try { return new URL(String(source), base).href; } catch { return String(source); }
  }
  return `source#${idOf(source as object)}`;
}

function loadRigModel(model: PortraitRigModel, options: PortraitRigOptions): Entry<PortraitModel | RemotePortraitModel> {
  const key = modelKey(model, options);
  const cached = models.get(key);
  if (cached) return cached;
  let entry: Entry<PortraitModel | RemotePortraitModel>;
  if (model instanceof PortraitModel || model instanceof RemotePortraitModel) {
    entry = { key, parts: [key], promise: Promise.resolve(model), release: undefined };
  } else {
    const url = String(model);
    const promise = options.worker
      ? options.worker.loadModel(url, {
        ...(options.device !== undefined ? { device: options.device } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        ...(options.wasmPaths !== undefined ? { wasmPaths: options.wasmPaths } : {}),
      })
      : loadModel(urlModelSource(url), {
        backend: options.backend ?? new OrtWebBackend({
          ...(options.threads !== undefined ? { threads: options.threads } : {}),
          ...(options.wasmPaths !== undefined ? { wasmPaths: options.wasmPaths } : {}),
        }),
        ...(options.device !== undefined ? { device: options.device } : {}),
      });
    entry = { key, parts: [key], promise, release: () => promise.then((m) => m.dispose(), () => undefined) };
  }
  entry.promise.catch(() => undefined); // an unhandled rejection is reported by React through the promise it suspends on
  models.set(key, entry);
  return entry;
}

async function createRig(modelPromise: Promise<PortraitModel | RemotePortraitModel>, source: PortraitSource): Promise<{ rig: PortraitRig; dispose: () => Promise<void> }> {
  const model = await modelPromise;
  if (model instanceof RemotePortraitModel) {
    const animator = await model.worker.createAnimator(model, source);
    return {
      rig: Object.freeze({ animator, device: model.device, manifest: model.manifest, resolution: model.resolution }),
      dispose: () => animator.dispose(),
    };
  }
  const image = await loadPortraitImage(source, model.resolution);
  const animator = new PortraitAnimator(model);
  try {
    await animator.setSource(image);
  } catch (error) {
    await animator.dispose();
    throw error;
  }
  return {
    rig: Object.freeze({ animator, device: model.device, manifest: model.manifest, resolution: model.resolution }),
    dispose: () => animator.dispose(),
  };
}

/**
 * The cache entry for `model` + `source`: started on first request, then the same promise for every caller (so React
 * can suspend on it). @internal
 */
export function rigEntry(model: PortraitRigModel, source: PortraitSource, options: PortraitRigOptions = {}): Entry<PortraitRig> {
  if (source === undefined || source === null) {
    throw new PortraitRigError('INVALID_ARGUMENT', 'usePortraitRig needs a portrait source: a URL, Blob, ImageBitmap, ImageData or image element.');
  }
  const mEntry = loadRigModel(model, options);
  const key = `${mEntry.key}::${sourceKey(source)}`;
  const cached = rigs.get(key);
  if (cached) return cached;
  let dispose: (() => Promise<void>) | undefined;
  const promise = createRig(mEntry.promise, source).then(({ rig, dispose: d }) => {
    dispose = d;
    return rig;
  });
  promise.catch(() => undefined);
  const entry: Entry<PortraitRig> = {
    key, parts: [mEntry.key, sourceKey(source)], promise,
    release: async () => {
      await promise.catch(() => undefined);
      await dispose?.();
    },
  };
  rigs.set(key, entry);
  return entry;
}

/**
 * Removes cached rigs and models and frees what the cache created (animators; models it loaded from a URL — never
 * a model object you passed in). With no `model`, clears everything; with a `model` but no `source`, that model
 * and every rig of it. Unmount the components that use them first.
 *
 * @internal
 */
export async function clearRigs(model?: PortraitRigModel, source?: PortraitSource, options: PortraitRigOptions = {}): Promise<void> {
  const mKey = model === undefined ? undefined : modelKey(model, options);
  const sKey = source === undefined ? undefined : sourceKey(source);
  const released: Promise<void>[] = [];
  for (const [key, entry] of rigs) {
    if ((mKey === undefined || entry.parts[0] === mKey) && (sKey === undefined || entry.parts[1] === sKey)) {
      rigs.delete(key);
      if (entry.release) released.push(entry.release());
    }
  }
  await Promise.all(released);
  if (sKey !== undefined) return;
  const modelReleases: Promise<void>[] = [];
  for (const [key, entry] of models) {
    if (mKey === undefined || key === mKey) {
      models.delete(key);
      if (entry.release) modelReleases.push(entry.release());
    }
  }
  await Promise.all(modelReleases);
}

/** Number of cached rigs and models (for tests and diagnostics). @internal */
export function rigCacheSize(): { rigs: number; models: number } {
  return { rigs: rigs.size, models: models.size };
}
