import { PortraitRigError } from '../../../sdk/errors/PortraitRigError.js';
import { parseModelManifest } from '../../../sdk/rig/parseModelManifest.js';
import { RigCalibration, type RigCalibrationOptions } from '../../../sdk/rig/RigCalibration.js';
import type { Device } from '../../../sdk/runtime/Device.js';
import type { ModelLoadProgressCallback } from '../../../sdk/runtime/ModelLoadProgress.js';
import { isRgbaImage } from '../isRgbaImage.js';
import type { PortraitSource } from '../PortraitSource.js';
import type { MessageEndpoint } from './MessageEndpoint.js';
import type { LoadedModelInfo, SourcePayload } from './protocol.js';
import { RemotePortraitModel } from './RemotePortraitModel.js';
import { WorkerAnimator } from './WorkerAnimator.js';
import { WorkerChannel } from './WorkerChannel.js';

/** Options of {@link PortraitWorker}. */
export interface PortraitWorkerOptions {
  /** Terminate the worker in {@link PortraitWorker.dispose}; default true (the PortraitWorker owns it). */
  readonly terminate?: boolean;
}

/** Options of {@link PortraitWorker.loadModel}. */
export interface WorkerLoadModelOptions {
  /** `auto` (default: WebGPU when an adapter exists, else WebAssembly), `webgpu` or `wasm`. */
  readonly device?: Device;
  /** WebAssembly threads (default: up to 4 when the page is cross-origin isolated, else 1). */
  readonly threads?: number;
  /** Where onnxruntime-web's `.wasm` files are served, when your bundler does not emit them. */
  readonly wasmPaths?: string;
  /** Cache API cache for the model files: a name, or `false` for none; default `portrait-rig-models`. */
  readonly cache?: string | false;
  /** Keep the encoder's feature maps on the GPU (WebGPU); default true. */
  readonly keepFeaturesOnDevice?: boolean;
  /** Download and load progress (per file, then `ready`). */
  readonly onProgress?: ModelLoadProgressCallback;
}

/** Options of {@link PortraitWorker.createAnimator}. */
export interface WorkerCreateAnimatorOptions extends RigCalibrationOptions {}

function resolveUrl(url: string | URL): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  try {
    return new URL(String(url), base).href;
  } catch {
    return String(url);
  }
}

async function toPayload(source: PortraitSource): Promise<{ payload: SourcePayload; transfer: Transferable[] }> {
  if (typeof source === 'string' || source instanceof URL) return { payload: { kind: 'url', url: resolveUrl(source) }, transfer: [] };
  if (isRgbaImage(source)) {
    return { payload: { kind: 'pixels', width: source.width, height: source.height, data: source.data }, transfer: [] };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { payload: { kind: 'blob', blob: source }, transfer: [] };
  if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) return { payload: { kind: 'bitmap', bitmap: source }, transfer: [] };
  if (typeof createImageBitmap !== 'function') {
    throw new PortraitRigError('BAD_IMAGE', 'this portrait source needs createImageBitmap (a browser); pass a URL, a Blob or an RgbaImage.');
  }
  const bitmap = await createImageBitmap(source);
  return { payload: { kind: 'bitmap', bitmap }, transfer: [bitmap] };
}

/**
 * The page's side of a PortraitRig worker: loads models and creates animators *inside a Web Worker* (which runs
 * `serveAnimatorWorker` (from `portrait-rig/three/worker`)), so that onnxruntime — model loading, encoding and every decoder run — never occupies
 * the main thread. Frames come back as RGBA through reused transferred buffers.
 *
 * @example
 * ```ts
 * import { AnimatedPortrait, PortraitWorker } from 'portrait-rig/three';
 * const worker = new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module' }));
 * const model = await worker.loadModel('/models/rig-tiny/', { device: 'auto', onProgress: console.log });
 * console.log('running on', model.device);            // 'webgpu' or 'wasm'
 * const animator = await worker.createAnimator(model, '/portraits/me.png');
 * scene.add(new AnimatedPortrait({ animator }));
 * // later
 * await worker.dispose();                             // frees everything and terminates the worker
 * ```
 */
export class PortraitWorker {
  readonly #channel: WorkerChannel;
  readonly #terminate: boolean;
  readonly #models = new Set<RemotePortraitModel>();
  #disposed = false;

  /**
   * @param worker - a `Worker` whose script calls `serveAnimatorWorker()` (or any {@link MessageEndpoint}, e.g. a
   *   `MessagePort`).
   * @param options - whether {@link PortraitWorker.dispose} terminates the worker.
   */
  constructor(worker: MessageEndpoint, options: PortraitWorkerOptions = {}) {
    if (typeof worker?.postMessage !== 'function' || typeof worker.addEventListener !== 'function') {
      throw new PortraitRigError('INVALID_ARGUMENT',
        'PortraitWorker needs a Worker: new PortraitWorker(new Worker(new URL(\'./portrait.worker.ts\', import.meta.url), { type: \'module\' })).');
    }
    this.#channel = new WorkerChannel(worker);
    this.#terminate = options.terminate ?? true;
  }

  /** The worker (or port) this talks to. */
  get endpoint(): MessageEndpoint {
    return this.#channel.endpoint;
  }

  /** True after {@link PortraitWorker.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Loads a model folder by URL inside the worker (fetched with progress and cached; relative URLs resolve against
   * this page), on the requested device.
   *
   * @param url - the model folder (`manifest.json`, `encoder.onnx`, `decoder.onnx`, `dictionary.bin`).
   * @throws PortraitRigError `MODEL_FILE_MISSING`, `MANIFEST_MISMATCH`, `UNSUPPORTED_DEVICE`, `BACKEND_FAILURE`, `DISPOSED`
   */
  async loadModel(url: string | URL, options: WorkerLoadModelOptions = {}): Promise<RemotePortraitModel> {
    this.#checkAlive();
    const info = await this.#channel.request<LoadedModelInfo>({
      op: 'load-model', url: resolveUrl(url), device: options.device ?? 'auto',
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.wasmPaths !== undefined ? { wasmPaths: options.wasmPaths } : {}),
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
      ...(options.keepFeaturesOnDevice !== undefined ? { keepFeaturesOnDevice: options.keepFeaturesOnDevice } : {}),
    }, [], { onProgress: options.onProgress });
    const manifest = parseModelManifest(info.manifest, `${resolveUrl(url)} (from the worker)`);
    const model = new RemotePortraitModel(this, this.#channel, info.handle, manifest, info.device, info.fallbacks);
    this.#models.add(model);
    return model;
  }

  /**
   * Creates an animator for `source` inside the worker: the portrait is fetched/decoded (in the worker for URLs and
   * Blobs), centre-cropped, resized and encoded once.
   *
   * @param model - a model this worker loaded.
   * @param source - the portrait (see {@link PortraitSource}).
   * @param options - strict channel handling and warnings for the calibration on this thread.
   * @throws PortraitRigError `BAD_IMAGE`, `DISPOSED`, `BACKEND_FAILURE`, `INVALID_ARGUMENT`
   */
  async createAnimator(model: RemotePortraitModel, source: PortraitSource, options: WorkerCreateAnimatorOptions = {}): Promise<WorkerAnimator> {
    this.#checkAlive();
    if (!(model instanceof RemotePortraitModel) || model.channel !== this.#channel) {
      throw new PortraitRigError('INVALID_ARGUMENT', 'createAnimator needs a model loaded by this PortraitWorker (worker.loadModel(url)).');
    }
    if (model.disposed) throw new PortraitRigError('DISPOSED', 'the model was disposed; load it again.');
    const { payload, transfer } = await toPayload(source);
    const { handle } = await this.#channel.request<{ handle: number }>({ op: 'create-animator', model: model.handle, source: payload }, transfer);
    return new WorkerAnimator(model, handle, new RigCalibration(model.manifest, options));
  }

  /**
   * Frees every model and animator in the worker, then terminates the worker (unless `terminate: false` was given).
   * Pending requests reject with `DISPOSED`. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const models = [...this.#models];
    this.#models.clear();
    const released = models.map((m) => m.dispose()); // posts the releases now
    this.#channel.close(); // rejects what is still pending with DISPOSED
    if (this.#terminate) this.#channel.endpoint.terminate?.();
    await Promise.all(released);
  }

  #checkAlive(): void {
    if (this.#disposed) throw new PortraitRigError('DISPOSED', 'the PortraitWorker was disposed; create a new one.');
  }
}
