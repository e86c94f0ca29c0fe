import type { Device } from '../../sdk/runtime/Device.js';
import type { InferenceBackend } from '../../sdk/runtime/InferenceBackend.js';
import type { PortraitWorker } from '../three/worker/PortraitWorker.js';

/** How {@link usePortraitRig} loads a model given by URL. Part of the cache key (by identity for objects). */
export interface PortraitRigOptions {
  /** `auto` (default), `webgpu` or `wasm`. */
  readonly device?: Device;
  /**
   * Run inference in this worker (recommended: nothing heavy on the main thread). Without it the model runs on the
   * main thread with `backend`.
   */
  readonly worker?: PortraitWorker;
  /** The backend for main-thread inference; default `new OrtWebBackend({ threads, wasmPaths })`. */
  readonly backend?: InferenceBackend;
  /** WebAssembly threads (default: up to 4 when cross-origin isolated). */
  readonly threads?: number;
  /** Where onnxruntime-web's `.wasm` files are served, if your bundler does not emit them. */
  readonly wasmPaths?: string;
}
