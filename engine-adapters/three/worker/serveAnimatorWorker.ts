import { PortraitAnimator } from '../../../sdk/animator/PortraitAnimator.js';
import { PortraitRigError } from '../../../sdk/errors/PortraitRigError.js';
import type { RgbaImage } from '../../../sdk/image/RgbaImage.js';
import type { DeviceFallbackEvent } from '../../../sdk/runtime/DeviceFallbackEvent.js';
import type { InferenceBackend } from '../../../sdk/runtime/InferenceBackend.js';
import { loadModel } from '../../../sdk/runtime/loadModel.js';
import type { ModelFileSource } from '../../../sdk/runtime/ModelFileSource.js';
import type { PortraitModel } from '../../../sdk/runtime/PortraitModel.js';
import { urlModelSource } from '../../../sdk/runtime/urlModelSource.js';
import { OrtWebBackend } from '../../../sdk/web/OrtWebBackend.js';
import { loadPortraitImage } from '../loadPortraitImage.js';
import type { MessageEndpoint } from './MessageEndpoint.js';
import type { LoadedModelInfo, LoadModelRequest, RenderResult, SourcePayload, WorkerRequest, WorkerResponse } from './protocol.js';

/** Options of {@link serveAnimatorWorker}. */
export interface ServeAnimatorWorkerOptions {
  /** Where requests arrive: default the worker's global scope (`self`). A `MessagePort` works too. */
  readonly scope?: MessageEndpoint;
  /**
   * Makes the inference backend for a model load. Default: `new OrtWebBackend({ threads, wasmPaths })`
   * (onnxruntime-web: WebGPU or WebAssembly, multi-threaded when the page is cross-origin isolated).
   */
  readonly createBackend?: (request: LoadModelRequest) => InferenceBackend | Promise<InferenceBackend>;
  /** Makes the file source for a model URL. Default: `urlModelSource(url, { cache })` (fetch + Cache API). */
  readonly modelSource?: (request: LoadModelRequest) => ModelFileSource;
  /** Turns a portrait into an image at the model resolution. Default {@link loadPortraitImage}. */
  readonly decodeImage?: (source: SourcePayload, resolution: number) => Promise<RgbaImage>;
  /**
   * onnxruntime-web's log level for the default backend; default `'error'`. (Its warnings — e.g. that shape
   * operators run on the CPU under WebGPU — go to `console.error` and would read as failures.)
   */
  readonly ortLogLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

/** A running worker service (see {@link serveAnimatorWorker}). */
export interface AnimatorWorkerService {
  /** Stops listening and disposes every model and animator it holds. */
  close(): Promise<void>;
}

function payloadToSource(source: SourcePayload): Parameters<typeof loadPortraitImage>[0] {
  switch (source.kind) {
    case 'url': return source.url;
    case 'blob': return source.blob;
    case 'bitmap': return source.bitmap;
    case 'pixels': return { width: source.width, height: source.height, data: source.data };
    default: throw new PortraitRigError('INVALID_ARGUMENT', 'unknown portrait source kind.');
  }
}

/**
 * Serves PortraitRig's animator protocol inside a Web Worker, so that model loading, encoding and every decoder
 * run happen off the page's main thread. The page talks to it through `PortraitWorker` (from `portrait-rig/three`). One worker can hold
 * several models and animators (inference is serialized by onnxruntime-web anyway).
 *
 * Your worker file is two lines (bundlers such as Vite follow `new Worker(new URL(…), { type: 'module' })`):
 *
 * @example
 * ```ts
 * // portrait.worker.ts
 * import { serveAnimatorWorker } from 'portrait-rig/three/worker';
 * serveAnimatorWorker();
 *
 * // main.ts
 * import { PortraitWorker } from 'portrait-rig/three';
 * const worker = new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module' }));
 * ```
 */
export function serveAnimatorWorker(options: ServeAnimatorWorkerOptions = {}): AnimatorWorkerService {
  const scope = options.scope ?? (globalThis as unknown as MessageEndpoint);
  if (typeof scope?.addEventListener !== 'function' || typeof scope.postMessage !== 'function') {
    throw new PortraitRigError('INVALID_ARGUMENT', 'serveAnimatorWorker must run in a Web Worker (or be given { scope: messagePort }).');
  }
  const createBackend = options.createBackend ?? (async (request: LoadModelRequest) => {
    const ort = await import('onnxruntime-web');
    const level = options.ortLogLevel ?? 'error';
    ort.env.logLevel = level;
    const severity = { verbose: 0, info: 1, warning: 2, error: 3, fatal: 4 }[level];
    // Sessions log at their own severity (default: warning); give every session the chosen one.
    const create: typeof ort.InferenceSession.create = (...args: unknown[]) => {
      const last = args.length - 1;
      const sessionOptions = typeof args[last] === 'object' && args[last] !== null && !(args[last] instanceof Uint8Array) && !(args[last] instanceof ArrayBuffer)
        ? { logSeverityLevel: severity, ...(args[last] as object) } : undefined;
      return (ort.InferenceSession.create as (...a: unknown[]) => ReturnType<typeof ort.InferenceSession.create>)(
        ...(sessionOptions ? [...args.slice(0, last), sessionOptions] : [...args, { logSeverityLevel: severity }]));
    };
    return new OrtWebBackend({
      ort: { ...ort, InferenceSession: { ...ort.InferenceSession, create } } as typeof ort,
      ...(request.threads !== undefined ? { threads: request.threads } : {}),
      ...(request.wasmPaths !== undefined ? { wasmPaths: request.wasmPaths } : {}),
    });
  });
  const modelSource = options.modelSource
    ?? ((request: LoadModelRequest) => urlModelSource(request.url, request.cache !== undefined ? { cache: request.cache } : {}));
  const decodeImage = options.decodeImage
    ?? ((source: SourcePayload, resolution: number) => loadPortraitImage(payloadToSource(source), resolution));

  let nextHandle = 1;
  const models = new Map<number, { model: PortraitModel; backend: InferenceBackend; animators: Set<number> }>();
  const animators = new Map<number, { animator: PortraitAnimator; model: number }>();
  const post = (message: WorkerResponse, transfer: Transferable[] = []): void => { scope.postMessage(message, transfer); };

  const releaseAnimator = async (handle: number): Promise<void> => {
    const entry = animators.get(handle);
    if (!entry) return;
    animators.delete(handle);
    models.get(entry.model)?.animators.delete(handle);
    await entry.animator.dispose();
  };
  const releaseModel = async (handle: number): Promise<void> => {
    const entry = models.get(handle);
    if (!entry) return;
    models.delete(handle);
    await Promise.all([...entry.animators].map(releaseAnimator));
    await entry.model.dispose();
    await entry.backend.dispose();
  };

  const handle = async (request: WorkerRequest): Promise<{ value: unknown; transfer?: Transferable[] }> => {
    switch (request.op) {
      case 'load-model': {
        const backend = await createBackend(request);
        const fallbacks: DeviceFallbackEvent[] = [];
        const model = await loadModel(modelSource(request), {
          backend, device: request.device,
          ...(request.keepFeaturesOnDevice !== undefined ? { keepFeaturesOnDevice: request.keepFeaturesOnDevice } : {}),
          onFallback: (event) => { fallbacks.push(event); },
          onProgress: (event) => { post({ op: 'progress', id: request.id, event }); },
        });
        const id = nextHandle++;
        models.set(id, { model, backend, animators: new Set() });
        const info: LoadedModelInfo = { handle: id, manifest: model.manifest, device: model.device, fallbacks };
        return { value: info };
      }
      case 'create-animator': {
        const entry = models.get(request.model);
        if (!entry) throw new PortraitRigError('DISPOSED', 'the model was released in the worker; load it again.');
        const image = await decodeImage(request.source, entry.model.resolution);
        const animator = new PortraitAnimator(entry.model, { onWarning: () => undefined });
        try {
          await animator.setSource(image);
        } catch (error) {
          await animator.dispose();
          throw error;
        }
        const id = nextHandle++;
        animators.set(id, { animator, model: request.model });
        entry.animators.add(id);
        return { value: { handle: id } };
      }
      case 'render': {
        const entry = animators.get(request.animator);
        if (!entry) throw new PortraitRigError('DISPOSED', 'the animator was released in the worker; create it again.');
        const started = performance.now();
        await entry.animator.renderFrame(request.alpha, { out: new Uint8ClampedArray(request.pixels) });
        const result: RenderResult = { pixels: request.pixels, ms: performance.now() - started };
        return { value: result, transfer: [request.pixels] };
      }
      case 'release': {
        if (models.has(request.handle)) await releaseModel(request.handle);
        else await releaseAnimator(request.handle);
        return { value: null };
      }
      default:
        throw new PortraitRigError('INVALID_ARGUMENT', `unknown worker request ${(request as { op?: unknown }).op as string}.`);
    }
  };

  const onMessage = (event: Event): void => {
    const request = (event as MessageEvent<WorkerRequest>).data;
    if (typeof request !== 'object' || request === null || typeof request.id !== 'number') return;
    handle(request).then(
      ({ value, transfer }) => { post({ op: 'result', id: request.id, ok: true, value }, transfer); },
      (error: unknown) => {
        const code = error instanceof PortraitRigError ? error.code : 'BACKEND_FAILURE';
        const message = error instanceof Error ? error.message : String(error);
        const pixels = request.op === 'render' && request.pixels.byteLength > 0 ? request.pixels : undefined;
        post({ op: 'result', id: request.id, ok: false, error: { code, message }, ...(pixels ? { pixels } : {}) }, pixels ? [pixels] : []);
      },
    );
  };
  scope.addEventListener('message', onMessage);
  scope.start?.();
  return {
    async close() {
      scope.removeEventListener('message', onMessage);
      await Promise.all([...models.keys()].map(releaseModel));
    },
  };
}
