import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { assertRgbaImage } from '../../image/assertRgbaImage.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { resizeRgba } from '../../image/resizeRgba.js';
import { rgbaToTensor } from '../../image/rgbaToTensor.js';
import type { ManifestTensor } from '../../rig/ModelManifest.js';
import { throwIfAborted } from '../../runtime/abort.js';
import { float16ToFloat32, float32ToFloat16 } from '../../runtime/float16.js';
import type { BackendTensor } from '../../runtime/InferenceBackend.js';
import type { PortraitModel } from '../../runtime/PortraitModel.js';

/** Options of {@link DrivingEncoder}. */
export interface DrivingEncoderOptions {
  /**
   * Frames per encoder call; default 8 (1 for live use, where latency matters more than throughput). A model whose
   * encoder has a fixed batch size uses that size.
   */
  readonly batchSize?: number;
}

/** Options of {@link DrivingEncoder.encode}. */
export interface DrivingEncodeOptions {
  /** Cancels between encoder calls (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
  /** One `motionDim` array per image to write the coefficients into (else new arrays). */
  readonly out?: readonly Float32Array[];
}

function findRole(tensors: readonly ManifestTensor[], role: ManifestTensor['role']): ManifestTensor {
  const found = tensors.find((t) => t.role === role);
  if (!found) throw new PortraitRigError('MANIFEST_MISMATCH', `the model manifest has no "${role}" tensor where one is required.`);
  return found;
}

/**
 * Measures the motion coefficients `α` of many frames (a driving video) with the model's encoder, several frames per
 * encoder call along the batch axis. Images are prepared exactly as `PortraitAnimator.setSource` prepares a source
 * (resized to the model resolution when needed, mapped to the normalization range), so a frame identical to the
 * source measures exactly `α_src`.
 *
 * Calls are serialized (they share preallocated input buffers). Every call runs full batches: a last, partial batch
 * is padded by repeating its last frame. A frame's α therefore
 * never depends on how many frames happened to share its call (some runtimes pick different kernels for different
 * batch sizes), which keeps still videos exactly still.
 *
 * @example
 * ```ts
 * const encoder = new DrivingEncoder(model, { batchSize: 8 });
 * const alphas = await encoder.encode(croppedFrames);   // Float32Array (motionDim) per frame
 * ```
 */
export class DrivingEncoder {
  /** The model whose encoder runs (not owned). */
  readonly model: PortraitModel;
  /** Frames per encoder call. */
  readonly batchSize: number;
  /** Length of α. */
  readonly motionDim: number;
  readonly #input: ManifestTensor;
  readonly #alpha: ManifestTensor;
  /** Run only what α needs (not the feature maps a source needs). */
  readonly #alphaOnly: readonly string[];
  readonly #half: boolean;
  readonly #pixels: Float32Array;
  readonly #halfPixels: Uint16Array | undefined;
  readonly #alphas: Float32Array;
  #chain: Promise<unknown> = Promise.resolve();

  /**
   * @param model - a loaded model (not disposed by the encoder).
   * @param options - batch size.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a bad batch size.
   */
  constructor(model: PortraitModel, options: DrivingEncoderOptions = {}) {
    const manifest = model.manifest;
    this.model = model;
    this.motionDim = manifest.motionDim;
    this.#input = findRole(manifest.files.encoder.inputs, 'image');
    this.#alpha = findRole(manifest.files.encoder.outputs, 'alpha');
    this.#alphaOnly = [this.#alpha.name];
    const fixed = this.#input.shape[0];
    const requested = options.batchSize ?? 8;
    if (!Number.isInteger(requested) || requested < 1) {
      throw new PortraitRigError('INVALID_ARGUMENT', `DrivingEncoder: batchSize must be a positive integer (got ${requested}).`);
    }
    this.batchSize = typeof fixed === 'number' ? fixed : requested;
    this.#half = manifest.files.encoder.dtype === 'float16';
    const r = manifest.resolution;
    this.#pixels = new Float32Array(this.batchSize * 3 * r * r);
    this.#halfPixels = this.#half ? new Uint16Array(this.#pixels.length) : undefined;
    this.#alphas = new Float32Array(this.batchSize * this.motionDim);
  }

  /**
   * Measures α for every image, in order.
   *
   * @param images - RGBA frames (any size: resized to the model resolution; crop them first with `cropPortrait`),
   *   or model inputs (`Float32Array` of `3 · resolution²` planar RGB values in the normalization range).
   * @param options - cancellation and output arrays.
   * @returns one `motionDim` array of coefficients per image.
   * @throws PortraitRigError `BAD_IMAGE`, `ABORTED`, `DISPOSED`, `BACKEND_FAILURE`
   */
  encode(images: readonly (RgbaImage | Float32Array)[], options: DrivingEncodeOptions = {}): Promise<Float32Array[]> {
    // calls share the input buffers: run them one after another
    const run = this.#chain.then(() => this.#encode(images, options));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #encode(images: readonly (RgbaImage | Float32Array)[], options: DrivingEncodeOptions): Promise<Float32Array[]> {
    if (this.model.disposed) throw new PortraitRigError('DISPOSED', 'DrivingEncoder: the model was disposed; load it again.');
    if (options.out && options.out.length < images.length) {
      throw new PortraitRigError('INVALID_ARGUMENT', `DrivingEncoder: out has ${options.out.length} arrays for ${images.length} images.`);
    }
    const r = this.model.manifest.resolution;
    const plane = 3 * r * r;
    const range = this.model.manifest.normalization.range;
    const results: Float32Array[] = [];
    for (let start = 0; start < images.length; start += this.batchSize) {
      throwIfAborted(options.signal, 'encoding the driving frames');
      const n = Math.min(this.batchSize, images.length - start);
      for (let k = 0; k < this.batchSize; k += 1) {
        const image = images[start + Math.min(k, n - 1)]!;
        if (k >= n) { this.#pixels.copyWithin(k * plane, (n - 1) * plane, n * plane); continue; }
        if (image instanceof Float32Array) {
          if (image.length !== plane) {
            throw new PortraitRigError('BAD_IMAGE', `driving frame ${start + k}: a tensor must have 3·${r}·${r} = ${plane} values, got ${image.length}.`);
          }
          this.#pixels.set(image, k * plane);
        } else {
          assertRgbaImage(image, `driving frame ${start + k}`);
          const sized = image.width === r && image.height === r ? image : resizeRgba(image, r, r);
          rgbaToTensor(sized, this.#pixels, k * plane, range);
        }
      }
      if (this.#halfPixels) float32ToFloat16(this.#pixels, this.#halfPixels);
      const outputs = await this.model.encoder.run({
        [this.#input.name]: { type: this.#half ? 'float16' : 'float32', data: this.#halfPixels ?? this.#pixels, dims: [this.batchSize, 3, r, r] },
      }, options.signal ? { signal: options.signal, outputs: this.#alphaOnly } : { outputs: this.#alphaOnly });
      try {
        await this.#read(outputs[this.#alpha.name]);
      } finally {
        for (const tensor of Object.values(outputs)) tensor.dispose();
      }
      for (let k = 0; k < n; k += 1) {
        const target = options.out?.[start + k] ?? new Float32Array(this.motionDim);
        if (target.length !== this.motionDim) {
          throw new PortraitRigError('INVALID_ARGUMENT', `DrivingEncoder: out arrays must have motionDim = ${this.motionDim} values, got ${target.length}.`);
        }
        target.set(this.#alphas.subarray(k * this.motionDim, (k + 1) * this.motionDim));
        results.push(target);
      }
    }
    return results;
  }

  async #read(tensor: BackendTensor | undefined): Promise<void> {
    if (!tensor) throw new PortraitRigError('BACKEND_FAILURE', `the encoder did not return its "${this.#alpha.name}" output.`);
    const data = await tensor.getData();
    const need = this.#alphas.length;
    if (data instanceof Float32Array && data.length >= need) {
      this.#alphas.set(data.length === need ? data : data.subarray(0, need));
    } else if (data instanceof Uint16Array && tensor.type === 'float16' && data.length >= need) {
      float16ToFloat32(data.subarray(0, need), this.#alphas);
    } else {
      throw new PortraitRigError('BACKEND_FAILURE', `the encoder's "${this.#alpha.name}" output is ${tensor.type} with ${data.length} values; expected ${need} floats.`);
    }
  }
}
