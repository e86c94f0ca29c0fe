import type { AnimatorFrame, FrameInput, RenderFrameOptions } from '../../../sdk/animator/PortraitAnimator.js';
import { applyFrameInput } from '../../../sdk/animator/applyFrameInput.js';
import { PortraitRigError } from '../../../sdk/errors/PortraitRigError.js';
import { abortError } from '../../../sdk/runtime/abort.js';
import type { RigCalibration } from '../../../sdk/rig/RigCalibration.js';
import type { PortraitFrameRenderer } from '../PortraitFrameRenderer.js';
import type { RenderResult } from './protocol.js';
import type { RemotePortraitModel } from './RemotePortraitModel.js';

/**
 * A `PortraitAnimator` that lives in a worker (see {@link PortraitWorker.createAnimator}): the same `renderFrame`
 * contract, with inference off the main thread. On this thread it only turns channel values into α with the
 * model's calibration (microseconds), posts α (`motionDim` floats) and copies the returned RGBA into `out`; pixel
 * buffers are transferred back and forth and reused, so the steady state allocates no pixel memory.
 *
 * Pass it to {@link AnimatedPortrait} as `animator`.
 */
export class WorkerAnimator implements PortraitFrameRenderer {
  /** The model, in the worker. */
  readonly model: RemotePortraitModel;
  /** The model's channel map (runs on this thread). */
  readonly calibration: RigCalibration;
  /** Side of the square frames in pixels. */
  readonly resolution: number;
  /** Length of α. */
  readonly motionDim: number;
  /** @internal */
  readonly handle: number;
  readonly #alpha: Float32Array;
  readonly #edit: Float32Array;
  readonly #spare: ArrayBuffer[] = [];
  #inferenceMs = 0;
  #disposed = false;

  /** Use {@link PortraitWorker.createAnimator}. @internal */
  constructor(model: RemotePortraitModel, handle: number, calibration: RigCalibration) {
    this.model = model;
    this.handle = handle;
    this.calibration = calibration;
    this.resolution = model.resolution;
    this.motionDim = calibration.motionDim;
    this.#alpha = new Float32Array(this.motionDim);
    this.#edit = new Float32Array(this.motionDim);
  }

  /** Milliseconds the worker spent on the last frame (decoder + conversion), without the messaging. */
  get inferenceMs(): number {
    return this.#inferenceMs;
  }

  /** True after {@link WorkerAnimator.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Sets the persistent edit applied before motion (channel values or an α offset), as
   * `PortraitAnimator.setEdit`; `undefined` clears it.
   */
  setEdit(edit: FrameInput | undefined): void {
    this.#checkAlive();
    if (edit === undefined) { this.#edit.fill(0); return; }
    applyFrameInput(this.calibration, edit, this.#edit, 'set', this.calibration.manifest.id);
  }

  /**
   * Renders the frame for `motion` in the worker (relative to the source, like `PortraitAnimator.renderFrame`).
   * With `out` (`resolution² · 4` bytes) the pixels are copied there; without it, a new array is returned.
   *
   * @throws PortraitRigError `ABORTED`, `DISPOSED`, `INVALID_ARGUMENT`, `BACKEND_FAILURE`
   */
  async renderFrame(motion: FrameInput, options: RenderFrameOptions = {}): Promise<AnimatorFrame> {
    this.#checkAlive();
    const r = this.resolution;
    const size = r * r * 4;
    const { out, signal } = options;
    if (out && out.length !== size) throw new PortraitRigError('INVALID_ARGUMENT', `out must have ${size} bytes, got ${out.length}.`);
    if (signal?.aborted) throw abortError(signal, 'renderFrame');
    const alpha = applyFrameInput(this.calibration, motion, this.#alpha, 'set', this.calibration.manifest.id);
    const edit = this.#edit;
    for (let i = 0; i < alpha.length; i += 1) alpha[i] = alpha[i]! + edit[i]!;
    const pixels = this.#spare.pop() ?? new ArrayBuffer(size);
    const pending = this.model.channel.request<RenderResult>(
      { op: 'render', animator: this.handle, alpha, pixels }, [pixels], { recycle: (buffer) => { this.#recycle(buffer); } });
    const result = await (signal ? new Promise<RenderResult>((resolve, reject) => {
      const onAbort = (): void => { reject(abortError(signal, 'renderFrame')); };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then((value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) this.#recycle(value.pixels);
        resolve(value);
      }, (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
    }) : pending);
    this.#inferenceMs = result.ms;
    const data = new Uint8ClampedArray(result.pixels);
    if (out) {
      out.set(data);
      this.#recycle(result.pixels);
      return { width: r, height: r, data: out };
    }
    return { width: r, height: r, data };
  }

  /** Frees the animator (its source encoding) in the worker. The model stays. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#spare.length = 0;
    if (!this.model.channel.closed && !this.model.disposed) {
      await this.model.channel.request({ op: 'release', handle: this.handle }).catch(() => undefined);
    }
  }

  #recycle(buffer: ArrayBuffer): void {
    if (!this.#disposed && buffer.byteLength === this.resolution * this.resolution * 4 && this.#spare.length < 4) this.#spare.push(buffer);
  }

  #checkAlive(): void {
    if (this.#disposed) throw new PortraitRigError('DISPOSED', 'the WorkerAnimator was disposed; create a new one.');
    if (this.model.disposed) throw new PortraitRigError('DISPOSED', 'the model was disposed; load it again and create a new animator.');
  }
}
