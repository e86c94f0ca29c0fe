import type { ModelManifest } from '../../../sdk/rig/ModelManifest.js';
import type { ExecutionDevice } from '../../../sdk/runtime/Device.js';
import type { DeviceFallbackEvent } from '../../../sdk/runtime/DeviceFallbackEvent.js';
import type { PortraitWorker } from './PortraitWorker.js';
import type { WorkerChannel } from './WorkerChannel.js';

/**
 * A model loaded inside a worker (see {@link PortraitWorker.loadModel}): its validated manifest and the device its
 * sessions run on. Create animators for it with {@link PortraitWorker.createAnimator}; dispose it to free the
 * sessions in the worker (its animators go with it).
 */
export class RemotePortraitModel {
  /** The validated manifest (as the worker loaded it). */
  readonly manifest: ModelManifest;
  /** Where the sessions run: `webgpu` or `wasm`. */
  readonly device: ExecutionDevice;
  /** Devices `auto` skipped, with the reason (empty when the first choice worked). */
  readonly fallbacks: readonly DeviceFallbackEvent[];
  /** The worker that loaded it (create its animators with `model.worker.createAnimator(model, source)`). */
  readonly worker: PortraitWorker;
  /** The worker-side handle. @internal */
  readonly handle: number;
  /** @internal */
  readonly channel: WorkerChannel;
  #disposed = false;

  /** Use {@link PortraitWorker.loadModel}. @internal */
  constructor(worker: PortraitWorker, channel: WorkerChannel, handle: number, manifest: ModelManifest, device: ExecutionDevice,
    fallbacks: readonly DeviceFallbackEvent[]) {
    this.worker = worker;
    this.channel = channel;
    this.handle = handle;
    this.manifest = manifest;
    this.device = device;
    this.fallbacks = Object.freeze([...fallbacks]);
  }

  /** Square frame side in pixels. */
  get resolution(): number {
    return this.manifest.resolution;
  }

  /** True after {@link RemotePortraitModel.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees the model's sessions in the worker, and its animators. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.channel.closed) await this.channel.request({ op: 'release', handle: this.handle }).catch(() => undefined);
  }
}
