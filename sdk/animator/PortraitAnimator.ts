import { PortraitRigError } from '../errors/PortraitRigError.js';
import { assertRgbaImage } from '../image/assertRgbaImage.js';
import type { RgbaImage } from '../image/RgbaImage.js';
import { resizeRgba } from '../image/resizeRgba.js';
import { rgbaToTensor } from '../image/rgbaToTensor.js';
import { tensorToRgba } from '../image/tensorToRgba.js';
import type { ChannelValues } from '../rig/ChannelValues.js';
import type { ManifestTensor } from '../rig/ModelManifest.js';
import { RigCalibration } from '../rig/RigCalibration.js';
import type { RigWarning } from '../rig/RigWarning.js';
import { abortError, throwIfAborted } from '../runtime/abort.js';
import { float16ToFloat32, float32ToFloat16 } from '../runtime/float16.js';
import type { BackendTensor, CpuTensorData, TensorData, TensorFeed } from '../runtime/InferenceBackend.js';
import type { PortraitModel } from '../runtime/PortraitModel.js';
import { navigateLatent } from './navigateLatent.js';
import { applyFrameInput } from './applyFrameInput.js';

/**
 * What drives one frame: channel values (degrees, amounts; see the model's channels) or a raw motion `α`
 * (`Float32Array` of length `motionDim`, coefficient units). Either is *relative*: it is added to the source's own
 * coefficients `α_src` (and the current edit), so an empty object renders the (edited) source unchanged.
 */
export type FrameInput = ChannelValues | Float32Array;

/** Options for {@link PortraitAnimator}. */
export interface PortraitAnimatorOptions {
  /** Unknown channels with a non-neutral value throw `UNKNOWN_CHANNEL` instead of being skipped with one warning; default false. */
  readonly strict?: boolean;
  /** Receives non-strict warnings (once per unknown channel); default `console.warn`. */
  readonly onWarning?: (warning: RigWarning) => void;
  /** Channel map to use instead of the model's own (e.g. one with overrides). Must have the model's `motionDim`. */
  readonly calibration?: RigCalibration;
  /** Largest number of frames {@link PortraitAnimator.renderBatch} decodes per decoder call; default 8. */
  readonly maxBatch?: number;
  /** Dispose the model together with the animator; default false (whoever created the model disposes it). */
  readonly disposeModel?: boolean;
}

/** Options for {@link PortraitAnimator.renderFrame}. */
export interface RenderFrameOptions {
  /** Write the RGBA pixels here (`resolution² · 4` bytes) instead of allocating a new array per frame. */
  readonly out?: Uint8ClampedArray;
  /** Cancels the frame (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/** Options for {@link PortraitAnimator.renderFrameTensor}. */
export interface RenderFrameTensorOptions {
  /** Destination of `3 · resolution²` floats (planar RGB in the normalization range). */
  readonly out?: Float32Array;
  /** Cancels the frame (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/** Options for {@link PortraitAnimator.renderBatch}. */
export interface RenderBatchOptions {
  /** One output buffer per frame (`resolution² · 4` bytes each) to write into. */
  readonly out?: readonly Uint8ClampedArray[];
  /** Cancels between decoder calls (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
  /** Called after each frame is converted, with its index (for progress bars). */
  readonly onFrame?: (index: number, frame: RgbaImage) => void;
}

/** Options for {@link PortraitAnimator.setSource}. */
export interface SetSourceOptions {
  /** Cancels encoding (rejects with `ABORTED`; the previous source stays). */
  readonly signal?: AbortSignal;
}

/** An RGBA frame at the model's resolution. */
export interface AnimatorFrame extends RgbaImage {
  /** `resolution² · 4` bytes, alpha 255. */
  readonly data: Uint8ClampedArray;
}

interface Encoding {
  z: Float32Array;
  alpha: Float32Array;
  features: Map<string, BackendTensor>;
}

type FloatArray = Float32Array | Uint16Array;

function findRole(tensors: readonly ManifestTensor[], role: ManifestTensor['role']): ManifestTensor {
  const found = tensors.find((t) => t.role === role);
  if (!found) throw new PortraitRigError('MANIFEST_MISMATCH', `manifest has no "${role}" tensor where one is required.`);
  return found;
}

async function readFloat(tensor: BackendTensor, out: Float32Array, what: string): Promise<Float32Array> {
  const data: TensorData = tensor.location === 'cpu' ? (tensor as unknown as { data: TensorData }).data : await tensor.getData();
  if (data instanceof Float32Array) {
    if (data.length < out.length) throw new PortraitRigError('BACKEND_FAILURE', `${what}: expected ${out.length} values, got ${data.length}.`);
    out.set(data.length === out.length ? data : data.subarray(0, out.length));
    return out;
  }
  if (data instanceof Uint16Array && tensor.type === 'float16') {
    return float16ToFloat32(data.length === out.length ? data : data.subarray(0, out.length), out);
  }
  throw new PortraitRigError('BACKEND_FAILURE', `${what}: expected float32/float16 data, got ${tensor.type}.`);
}

/**
 * Animates one portrait: encodes the source once (`z_src`, `α_src`, feature maps — kept on the GPU where the backend
 * allows), then renders frames by navigating the latent in TypeScript (`z = z_src + Q · α`, with
 * `α = α_src + edit + motion`) and running only the decoder.
 *
 * Calls are serialized: a `renderFrame` issued while `setSource` runs waits for it. Frames are RGBA at the model's
 * resolution; paste them back into a larger image with `pastePortrait`.
 *
 * @example
 * ```ts
 * import { OrtNodeBackend, loadModelFromFolder, readImage } from 'portrait-rig/node';
 * import { PortraitAnimator } from 'portrait-rig';
 *
 * const model = await loadModelFromFolder('models/rig-tiny', { backend: new OrtNodeBackend() });
 * const animator = new PortraitAnimator(model);
 * await animator.setSource(await readImage('me.png', { size: model.resolution }));
 * animator.setEdit({ 'mouth.smile': 0.3 });                           // edit the source first (edit–warp–render)
 * const frame = await animator.renderFrame({ 'head.yaw': 15, 'eyes.blink': 1 }); // degrees, amount
 * animator.dispose();
 * await model.dispose();
 * ```
 */
export class PortraitAnimator {
  /** The model (not owned unless `disposeModel` was set). */
  readonly model: PortraitModel;
  /** The channel map turning channel values into α. */
  readonly calibration: RigCalibration;
  /** Side of the square frames in pixels. */
  readonly resolution: number;
  /** Length of α. */
  readonly motionDim: number;
  /** Length of z. */
  readonly styleDim: number;

  readonly #options: PortraitAnimatorOptions;
  readonly #maxBatch: number;
  readonly #range: readonly [number, number];
  readonly #imageInput: ManifestTensor;
  readonly #latentOut: ManifestTensor;
  readonly #alphaOut: ManifestTensor;
  readonly #latentIn: ManifestTensor;
  readonly #imageOut: ManifestTensor;
  readonly #featureNames: readonly string[];
  readonly #encoderHalf: boolean;
  readonly #decoderHalf: boolean;
  // preallocated per-frame state
  readonly #alphaWork: Float32Array;
  readonly #edit: Float32Array;
  readonly #z: Float32Array;
  readonly #zHalf: Uint16Array | undefined;
  readonly #pixels: Float32Array;
  readonly #feeds: Record<string, TensorFeed> = {};
  readonly #zFeed: CpuTensorData;
  #source: Encoding | undefined;
  #batchCache = new Map<number, { z: Float32Array; zHalf: Uint16Array | undefined; feeds: Record<string, TensorFeed>; pixels: Float32Array }>();
  #tiledFeatures: Map<string, { type: 'float32' | 'float16'; data: FloatArray; dims: number[] }> | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #disposed = false;

  /**
   * @param model - a loaded model (see `loadModel`, `loadModelFromFolder`).
   * @param options - strict channel handling, warnings, batch size.
   * @throws PortraitRigError `INVALID_ARGUMENT` when `calibration` does not fit the model.
   */
  constructor(model: PortraitModel, options: PortraitAnimatorOptions = {}) {
    if (model.disposed) throw new PortraitRigError('DISPOSED', 'the model was disposed; load it again before creating an animator.');
    this.model = model;
    this.#options = options;
    const m = model.manifest;
    this.resolution = m.resolution;
    this.motionDim = m.motionDim;
    this.styleDim = m.styleDim;
    this.calibration = options.calibration ?? new RigCalibration(m, {
      ...(options.strict !== undefined ? { strict: options.strict } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    if (this.calibration.motionDim !== m.motionDim) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `calibration has motionDim ${this.calibration.motionDim} but model "${m.id}" has ${m.motionDim}; build it from the model's manifest.`);
    }
    const requested = options.maxBatch ?? 8;
    if (!Number.isInteger(requested) || requested < 1) {
      throw new PortraitRigError('INVALID_ARGUMENT', `maxBatch must be a positive integer (got ${requested}).`);
    }
    this.#maxBatch = Math.max(1, Math.min(requested, model.maxBatch));
    this.#range = m.normalization.range;
    const enc = m.files.encoder;
    const dec = m.files.decoder;
    this.#imageInput = findRole(enc.inputs, 'image');
    this.#latentOut = findRole(enc.outputs, 'latent');
    this.#alphaOut = findRole(enc.outputs, 'alpha');
    this.#latentIn = findRole(dec.inputs, 'latent');
    this.#imageOut = findRole(dec.outputs, 'image');
    this.#featureNames = dec.inputs.filter((t) => t.role === 'feature').map((t) => t.name);
    this.#encoderHalf = enc.dtype === 'float16';
    this.#decoderHalf = dec.dtype === 'float16';
    this.#alphaWork = new Float32Array(this.motionDim);
    this.#edit = new Float32Array(this.motionDim);
    this.#z = new Float32Array(this.styleDim);
    this.#zHalf = this.#decoderHalf ? new Uint16Array(this.styleDim) : undefined;
    this.#pixels = new Float32Array(3 * this.resolution * this.resolution);
    this.#zFeed = { type: this.#decoderHalf ? 'float16' : 'float32', data: this.#zHalf ?? this.#z, dims: [1, this.styleDim] };
  }

  /** True once a source is encoded. */
  get hasSource(): boolean {
    return this.#source !== undefined;
  }

  /** The source's own coefficients `α_src` (a copy), or `undefined` before {@link PortraitAnimator.setSource}. */
  get sourceAlpha(): Float32Array | undefined {
    return this.#source ? this.#source.alpha.slice() : undefined;
  }

  /** The source's latent `z_src` (a copy), or `undefined` before {@link PortraitAnimator.setSource}. */
  get sourceLatent(): Float32Array | undefined {
    return this.#source ? this.#source.z.slice() : undefined;
  }

  /** The current edit as α (a copy). */
  get editAlpha(): Float32Array {
    return this.#edit.slice();
  }

  /**
   * Encodes `image` as the new source (once; frames reuse the encoding). Any size is accepted: images that are not
   * `resolution × resolution` are resized here (crop to the face first with `computePortraitCrop`/`cropPortrait`).
   *
   * @param image - RGBA pixels (an `ImageData` works), or the model input itself: a `Float32Array` of
   *   `3 · resolution²` planar RGB values already in the manifest's normalization range (no 8-bit rounding).
   * @throws PortraitRigError `BAD_IMAGE`, `ABORTED`, `DISPOSED`, `BACKEND_FAILURE`
   */
  setSource(image: RgbaImage | Float32Array, options: SetSourceOptions = {}): Promise<void> {
    this.#checkAlive();
    const feed = this.#encoderFeed(image, 'source image');
    return this.#serialize(async () => {
      throwIfAborted(options.signal, 'setSource');
      const outputs = await this.model.encoder.run({ [this.#imageInput.name]: feed }, options.signal ? { signal: options.signal } : {});
      const features = new Map<string, BackendTensor>();
      try {
        const zTensor = outputs[this.#latentOut.name];
        const aTensor = outputs[this.#alphaOut.name];
        if (!zTensor || !aTensor) throw new PortraitRigError('BACKEND_FAILURE', 'the encoder did not return its latent and alpha outputs.');
        const z = await readFloat(zTensor, new Float32Array(this.styleDim), 'encoder latent');
        const alpha = await readFloat(aTensor, new Float32Array(this.motionDim), 'encoder alpha');
        for (const name of this.#featureNames) {
          const t = outputs[name];
          if (!t) throw new PortraitRigError('BACKEND_FAILURE', `the encoder did not return feature map "${name}".`);
          features.set(name, t);
        }
        if (options.signal?.aborted) throw abortError(options.signal, 'setSource');
        this.#releaseSource();
        this.#source = { z, alpha, features };
        for (const name of this.#featureNames) this.#feeds[name] = features.get(name)!;
        this.#feeds[this.#latentIn.name] = this.#zFeed;
      } catch (error) {
        for (const t of features.values()) t.dispose();
        throw error;
      } finally {
        for (const [name, t] of Object.entries(outputs)) if (!features.has(name)) t.dispose();
      }
    });
  }

  /**
   * Sets the persistent edit applied before motion (edit–warp–render): channel values or an α offset. `undefined`
   * or `{}` clears it. Takes effect from the next frame.
   *
   * @throws PortraitRigError `UNKNOWN_CHANNEL` (strict), `INVALID_ARGUMENT`
   */
  setEdit(edit: FrameInput | undefined): void {
    this.#checkAlive();
    if (edit === undefined) { this.#edit.fill(0); return; }
    applyFrameInput(this.calibration, edit, this.#edit, 'set', this.model.manifest.id);
  }

  /**
   * Writes the α a frame would use, `α_src + edit + motion`, into `out` (allocation-free; for drivers and tests).
   *
   * @param motion - channel values or a motion α; `undefined` for none.
   * @param out - length `motionDim`; a new array when omitted.
   * @throws PortraitRigError `INVALID_STATE` before `setSource`.
   */
  composeAlpha(motion: FrameInput | undefined, out: Float32Array = new Float32Array(this.motionDim)): Float32Array {
    const source = this.#requireSource();
    this.#checkAlpha(out);
    const a = source.alpha;
    const e = this.#edit;
    for (let i = 0; i < out.length; i += 1) out[i] = a[i]! + e[i]!;
    if (motion === undefined) return out;
    return applyFrameInput(this.calibration, motion, out, 'add', this.model.manifest.id);
  }

  /**
   * Writes the latent a frame decodes, `z_src + Q · (α_src + edit + motion)`, into `out` (allocation-free).
   * @param out - length `styleDim`; a new array when omitted.
   */
  composeLatent(motion: FrameInput | undefined, out: Float32Array = new Float32Array(this.styleDim)): Float32Array {
    const source = this.#requireSource();
    this.composeAlpha(motion, this.#alphaWork);
    return navigateLatent(source.z, this.model.dictionary, this.#alphaWork, out);
  }

  /**
   * Renders one frame: `α = α_src + edit + motion` → `z = z_src + Q·α` → decoder → RGBA. Allocation-free apart from
   * the runtime's own tensors when `options.out` is given.
   *
   * @param motion - channel values (degrees, amounts) or a motion α, relative to the source; `{}` renders the source.
   * @returns the frame (`options.out` when given).
   * @throws PortraitRigError `INVALID_STATE` before `setSource`, `UNKNOWN_CHANNEL` (strict), `ABORTED`, `DISPOSED`
   */
  renderFrame(motion: FrameInput = {}, options: RenderFrameOptions = {}): Promise<AnimatorFrame> {
    this.#checkAlive();
    const r = this.resolution;
    const out = options.out ?? new Uint8ClampedArray(r * r * 4);
    if (out.length !== r * r * 4) {
      return Promise.reject(new PortraitRigError('INVALID_ARGUMENT', `out must have ${r * r * 4} bytes (${r}×${r} RGBA), got ${out.length}.`));
    }
    return this.#serialize(async () => {
      await this.#decodeOne(motion, this.#pixels, options.signal);
      tensorToRgba(this.#pixels, r, r, out, 0, this.#range);
      return { width: r, height: r, data: out };
    });
  }

  /**
   * Like {@link PortraitAnimator.renderFrame} but returns the decoder's float output unrounded: planar RGB,
   * `3 · resolution²` values in the normalization range (for float pipelines and parity checks).
   *
   * @param motion - as for {@link PortraitAnimator.renderFrame}.
   * @param options - `out`: destination of `3 · resolution²` floats (a new array when omitted); `signal`: cancels.
   */
  renderFrameTensor(motion: FrameInput = {}, options: RenderFrameTensorOptions = {}): Promise<Float32Array> {
    this.#checkAlive();
    const size = 3 * this.resolution * this.resolution;
    const out = options.out ?? new Float32Array(size);
    if (out.length !== size) {
      return Promise.reject(new PortraitRigError('INVALID_ARGUMENT', `out must have ${size} floats, got ${out.length}.`));
    }
    return this.#serialize(() => this.#decodeOne(motion, out, options.signal));
  }

  async #decodeOne(motion: FrameInput, pixels: Float32Array, signal: AbortSignal | undefined): Promise<Float32Array> {
    throwIfAborted(signal, 'renderFrame');
    this.composeLatent(motion, this.#z);
    if (this.#zHalf) float32ToFloat16(this.#z, this.#zHalf);
    const outputs = await this.model.decoder.run(this.#feeds, signal ? { signal } : {});
    try {
      const image = outputs[this.#imageOut.name];
      if (!image) throw new PortraitRigError('BACKEND_FAILURE', `the decoder did not return "${this.#imageOut.name}".`);
      return await readFloat(image, pixels, 'decoder image');
    } finally {
      for (const t of Object.values(outputs)) t.dispose();
    }
  }

  /**
   * Renders many frames, decoding up to `maxBatch` per decoder call along the batch axis (offline work: faster per
   * frame than {@link PortraitAnimator.renderFrame} on most devices). Frames equal those of `renderFrame`.
   *
   * @param motions - one input per frame (see {@link FrameInput}).
   * @returns the frames in order.
   * @throws PortraitRigError as {@link PortraitAnimator.renderFrame}.
   */
  renderBatch(motions: readonly FrameInput[], options: RenderBatchOptions = {}): Promise<AnimatorFrame[]> {
    this.#checkAlive();
    const r = this.resolution;
    const size = r * r * 4;
    if (options.out && options.out.length < motions.length) {
      return Promise.reject(new PortraitRigError('INVALID_ARGUMENT', `out has ${options.out.length} buffers for ${motions.length} frames.`));
    }
    for (const buffer of options.out ?? []) {
      if (buffer.length !== size) return Promise.reject(new PortraitRigError('INVALID_ARGUMENT', `every out buffer must have ${size} bytes, got ${buffer.length}.`));
    }
    return this.#serialize(async () => {
      const source = this.#requireSource();
      const frames: AnimatorFrame[] = [];
      for (let start = 0; start < motions.length; start += this.#maxBatch) {
        throwIfAborted(options.signal, 'renderBatch');
        const n = Math.min(this.#maxBatch, motions.length - start);
        const batch = await this.#batchState(n, source);
        for (let k = 0; k < n; k += 1) {
          this.composeLatent(motions[start + k], batch.z.subarray(k * this.styleDim, (k + 1) * this.styleDim));
        }
        if (batch.zHalf) float32ToFloat16(batch.z, batch.zHalf);
        const outputs = await this.model.decoder.run(batch.feeds, options.signal ? { signal: options.signal } : {});
        try {
          const image = outputs[this.#imageOut.name];
          if (!image) throw new PortraitRigError('BACKEND_FAILURE', `the decoder did not return "${this.#imageOut.name}".`);
          await readFloat(image, batch.pixels, 'decoder image');
          for (let k = 0; k < n; k += 1) {
            const index = start + k;
            const data = options.out?.[index] ?? new Uint8ClampedArray(size);
            tensorToRgba(batch.pixels, r, r, data, k * 3 * r * r, this.#range);
            const frame = { width: r, height: r, data };
            frames.push(frame);
            options.onFrame?.(index, frame);
          }
        } finally {
          for (const t of Object.values(outputs)) t.dispose();
        }
      }
      return frames;
    });
  }

  /**
   * Runs only the encoder on `image` and returns its coefficients α (e.g. a driving-video frame, for relative
   * transfer: `motion = α_drive − α_start`). Does not change the source.
   *
   * @throws PortraitRigError `BAD_IMAGE`, `ABORTED`, `DISPOSED`
   */
  measureAlpha(image: RgbaImage | Float32Array, options: SetSourceOptions = {}): Promise<Float32Array> {
    this.#checkAlive();
    const feed = this.#encoderFeed(image, 'image');
    return this.#serialize(async () => {
      throwIfAborted(options.signal, 'measureAlpha');
      const alphaOnly = [this.#alphaOut.name];
      const outputs = await this.model.encoder.run({ [this.#imageInput.name]: feed },
        options.signal ? { signal: options.signal, outputs: alphaOnly } : { outputs: alphaOnly });
      try {
        const aTensor = outputs[this.#alphaOut.name];
        if (!aTensor) throw new PortraitRigError('BACKEND_FAILURE', 'the encoder did not return its alpha output.');
        return await readFloat(aTensor, new Float32Array(this.motionDim), 'encoder alpha');
      } finally {
        for (const t of Object.values(outputs)) t.dispose();
      }
    });
  }

  /**
   * Releases the source encoding (GPU feature maps included); disposes the model too when `disposeModel` was set.
   * Pending calls finish first. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#chain.catch(() => undefined);
    this.#releaseSource();
    if (this.#options.disposeModel) await this.model.dispose();
  }

  #encoderFeed(image: RgbaImage | Float32Array, what: string): CpuTensorData {
    const r = this.resolution;
    let input: Float32Array;
    if (image instanceof Float32Array) {
      if (image.length !== 3 * r * r) {
        throw new PortraitRigError('BAD_IMAGE',
          `${what}: a tensor source must have 3·${r}·${r} = ${3 * r * r} values (planar RGB in the normalization range), got ${image.length}.`);
      }
      input = image;
    } else {
      assertRgbaImage(image, what);
      const sized = image.width === r && image.height === r ? image : resizeRgba(image, r, r);
      input = rgbaToTensor(sized, new Float32Array(3 * r * r), 0, this.#range);
    }
    return this.#encoderHalf
      ? { type: 'float16', data: float32ToFloat16(input, new Uint16Array(input.length)), dims: [1, 3, r, r] }
      : { type: 'float32', data: input, dims: [1, 3, r, r] };
  }

  async #batchState(n: number, source: Encoding): Promise<{ z: Float32Array; zHalf: Uint16Array | undefined; feeds: Record<string, TensorFeed>; pixels: Float32Array }> {
    const cached = this.#batchCache.get(n);
    if (cached) return cached;
    if (n === 1) {
      const state = { z: this.#z, zHalf: this.#zHalf, feeds: this.#feeds, pixels: this.#pixels };
      this.#batchCache.set(1, state);
      return state;
    }
    // tile every feature map n times along the batch axis (downloads GPU-resident maps once)
    if (!this.#tiledFeatures) {
      this.#tiledFeatures = new Map();
      for (const name of this.#featureNames) {
        const t = source.features.get(name)!;
        const data = await t.getData();
        if (!(data instanceof Float32Array) && !(data instanceof Uint16Array)) {
          throw new PortraitRigError('BACKEND_FAILURE', `feature map "${name}" has element type ${t.type}; expected float32 or float16.`);
        }
        this.#tiledFeatures.set(name, { type: t.type === 'float16' ? 'float16' : 'float32', data, dims: [...t.dims] });
      }
    }
    const feeds: Record<string, TensorFeed> = {};
    for (const [name, one] of this.#tiledFeatures) {
      const tiled = one.data instanceof Float32Array ? new Float32Array(one.data.length * n) : new Uint16Array(one.data.length * n);
      for (let k = 0; k < n; k += 1) tiled.set(one.data, k * one.data.length);
      feeds[name] = { type: one.type, data: tiled, dims: [n, ...one.dims.slice(1)] };
    }
    const z = new Float32Array(n * this.styleDim);
    const zHalf = this.#decoderHalf ? new Uint16Array(n * this.styleDim) : undefined;
    feeds[this.#latentIn.name] = { type: zHalf ? 'float16' : 'float32', data: zHalf ?? z, dims: [n, this.styleDim] };
    const state = { z, zHalf, feeds, pixels: new Float32Array(n * 3 * this.resolution * this.resolution) };
    this.#batchCache.set(n, state);
    return state;
  }

  #serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(() => {
      if (this.#disposed) throw new PortraitRigError('DISPOSED', 'the animator was disposed; create a new one.');
      return task();
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  #releaseSource(): void {
    if (this.#source) for (const t of this.#source.features.values()) t.dispose();
    this.#source = undefined;
    this.#tiledFeatures = undefined;
    this.#batchCache = new Map();
  }

  #requireSource(): Encoding {
    if (!this.#source) {
      throw new PortraitRigError('INVALID_STATE', 'no source portrait: call `await animator.setSource(image)` before rendering.');
    }
    return this.#source;
  }

  #checkAlpha(alpha: Float32Array): void {
    if (alpha.length !== this.motionDim) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `α must have motionDim = ${this.motionDim} values for model "${this.model.manifest.id}", got ${alpha.length}.`);
    }
  }

  #checkAlive(): void {
    if (this.#disposed) throw new PortraitRigError('DISPOSED', 'the animator was disposed; create a new one.');
    if (this.model.disposed) throw new PortraitRigError('DISPOSED', 'the model was disposed; load it again and create a new animator.');
  }
}
