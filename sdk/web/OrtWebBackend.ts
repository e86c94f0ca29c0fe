import type { InferenceSession } from 'onnxruntime-common';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { ExecutionDevice } from '../runtime/Device.js';
import { createSessionWithFallback } from '../runtime/createSessionWithFallback.js';
import type {
  CreateSessionOptions, InferenceBackend, InferenceSessionHandle, SessionModel,
} from '../runtime/InferenceBackend.js';
import { OrtSessionHandle, type RunQueue } from '../runtime/ort/OrtSessionHandle.js';
import { resolveDevice, type DeviceSupport } from '../runtime/resolveDevice.js';
import { defaultWasmThreads } from './defaultWasmThreads.js';

/** The onnxruntime-web module (`import * as ort from 'onnxruntime-web'`, or its `/webgpu`, `/wasm`, `/all` builds). */
export type OrtWebModule = typeof import('onnxruntime-web');

/** Options for {@link OrtWebBackend}. */
export interface OrtWebBackendOptions {
  /**
   * The onnxruntime-web module to use. Default: `import('onnxruntime-web')` on first use. Pass your own import when
   * your bundler needs it static, or to pick a build (`onnxruntime-web/webgpu`).
   */
  readonly ort?: OrtWebModule;
  /** Where the `ort-wasm-*.wasm/.mjs` files are served (`env.wasm.wasmPaths`); default: beside onnxruntime-web. */
  readonly wasmPaths?: string;
  /**
   * WebAssembly threads. Default: {@link defaultWasmThreads} (one less than the cores, at most 4, when the page is
   * cross-origin isolated by COOP/COEP headers; else 1). Asking for more than 1 without isolation falls back to 1
   * with a console note.
   */
  readonly threads?: number;
  /** Called when the WebGPU device is lost (driver reset, tab in background on some systems): reload the model. */
  readonly onDeviceLost?: (reason: string) => void;
}

/** Serializes tasks: onnxruntime-web must not run two inferences at once. */
function createQueue(): RunQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

interface NavigatorWithGpu {
  gpu?: { requestAdapter(): Promise<unknown> };
}

/**
 * Inference through onnxruntime-web: `webgpu` (browsers with WebGPU; the encoder's feature maps stay on the GPU) and
 * `wasm` (everywhere, Node included). Inference is serialized through a queue. onnxruntime-web is an optional peer
 * dependency, imported on first use.
 *
 * @example
 * ```ts
 * import { loadModel, urlModelSource, PortraitAnimator } from 'portrait-rig';
 * import { OrtWebBackend } from 'portrait-rig/web';
 * const model = await loadModel(urlModelSource('/models/rig-tiny/'), {
 *   backend: new OrtWebBackend(), device: 'auto', onFallback: (e) => console.warn(e.reason),
 * });
 * ```
 */
export class OrtWebBackend implements InferenceBackend {
  /** `onnxruntime-web`. */
  readonly name = 'onnxruntime-web';
  readonly #options: OrtWebBackendOptions;
  readonly #queue = createQueue();
  readonly #sessions = new Set<InferenceSessionHandle>();
  #ort: Promise<OrtWebModule> | undefined;
  #support: Promise<DeviceSupport> | undefined;
  #watchingDevice = false;

  /** @param options - module, wasm paths, threads, device-lost callback. */
  constructor(options: OrtWebBackendOptions = {}) {
    this.#options = options;
  }

  /** Devices here: `webgpu` when `navigator.gpu` yields an adapter, then `wasm`. */
  deviceSupport(): Promise<DeviceSupport> {
    this.#support ??= (async (): Promise<DeviceSupport> => {
      const available: ExecutionDevice[] = [];
      const unavailable: Partial<Record<ExecutionDevice, string>> = {
        cpu: 'in onnxruntime-web the CPU device is "wasm"',
        cuda: 'CUDA is an onnxruntime-node device (portrait-rig/node)',
        dml: 'DirectML is an onnxruntime-node device (portrait-rig/node)',
        coreml: 'CoreML is an onnxruntime-node device (portrait-rig/node)',
      };
      const nav = (globalThis as { navigator?: NavigatorWithGpu }).navigator;
      let adapter: unknown = null;
      if (nav?.gpu) {
        try {
          adapter = await nav.gpu.requestAdapter();
        } catch {
          adapter = null;
        }
      }
      if (adapter) available.push('webgpu');
      else unavailable.webgpu = nav?.gpu ? 'navigator.gpu returned no adapter' : 'this environment has no WebGPU (navigator.gpu)';
      available.push('wasm');
      return { backend: this.name, available, unavailable };
    })();
    return this.#support;
  }

  /**
   * Creates a session from bytes (or a URL as `{ path }`). On `webgpu`, outputs named in
   * `preferredOutputLocation` stay on the GPU.
   */
  async createSession(model: SessionModel, options: CreateSessionOptions = {}): Promise<InferenceSessionHandle> {
    const ort = await this.#load();
    const devices = resolveDevice(options.device, await this.deviceSupport());
    const label = options.label ?? ('path' in model ? model.path : 'model');
    const created = await createSessionWithFallback(this.name, devices, { ...options, label }, async (device) => {
      const sessionOptions: InferenceSession.SessionOptions = {
        executionProviders: [device === 'webgpu' ? 'webgpu' : 'wasm'],
        graphOptimizationLevel: 'all',
        ...(device === 'webgpu' && options.preferredOutputLocation
          ? { preferredOutputLocation: { ...options.preferredOutputLocation } as Record<string, 'cpu' | 'gpu-buffer'> } : {}),
        ...(!('path' in model) && model.externalData?.length
          ? { externalData: model.externalData.map((f) => ({ path: f.path, data: f.data })) } : {}),
      };
      const session = await this.#queue(() => ('path' in model
        ? ort.InferenceSession.create(model.path, sessionOptions)
        : ort.InferenceSession.create(model.bytes, sessionOptions)));
      if (device === 'webgpu') this.#watchDevice(ort);
      return { session, device };
    });
    const handle: InferenceSessionHandle = new OrtSessionHandle({
      session: created.session, Tensor: ort.Tensor, device: created.device, label, backend: this.name,
      queue: this.#queue, onDispose: () => this.#sessions.delete(handle),
    });
    this.#sessions.add(handle);
    return handle;
  }

  /** Disposes every session this backend created that is still open. */
  async dispose(): Promise<void> {
    const open = [...this.#sessions];
    this.#sessions.clear();
    await Promise.all(open.map((s) => s.dispose()));
  }

  #load(): Promise<OrtWebModule> {
    this.#ort ??= (async () => {
      let ort: OrtWebModule;
      try {
        ort = this.#options.ort ?? await import('onnxruntime-web');
      } catch (error) {
        this.#ort = undefined;
        throw new PortraitRigError('BACKEND_FAILURE',
          'onnxruntime-web could not be loaded. Install it with `npm install onnxruntime-web` (an optional peer dependency ' +
          'of portrait-rig), or pass `ort` to new OrtWebBackend({ ort }).', { cause: error });
      }
      if (this.#options.wasmPaths) ort.env.wasm.wasmPaths = this.#options.wasmPaths;
      const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
      let threads = this.#options.threads ?? defaultWasmThreads();
      const isBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
      if (threads > 1 && isBrowser && !isolated) {
        console.info('PortraitRig: multi-threaded WebAssembly needs cross-origin isolation (Cross-Origin-Opener-Policy: ' +
          'same-origin, Cross-Origin-Embedder-Policy: require-corp); running on 1 thread.');
        threads = 1;
      }
      ort.env.wasm.numThreads = threads;
      return ort;
    })();
    return this.#ort;
  }

  #watchDevice(ort: OrtWebModule): void {
    if (this.#watchingDevice || !this.#options.onDeviceLost) return;
    this.#watchingDevice = true;
    const onLost = this.#options.onDeviceLost;
    void Promise.resolve(ort.env.webgpu.device).then((device) => {
      const lost = (device as { lost?: Promise<{ message?: string; reason?: string }> } | undefined)?.lost;
      return lost?.then((info) => onLost(info.message || info.reason || 'unknown reason'));
    }).catch(() => undefined);
  }
}
