import { PortraitAnimator } from '../../animator/PortraitAnimator.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { Device, ExecutionDevice } from '../../runtime/Device.js';
import { loadModelFromFolder } from '../loadModelFromFolder.js';
import { OrtNodeBackend } from '../OrtNodeBackend.js';

/** Options for {@link smokeTestModelFolder}. */
export interface SmokeTestOptions {
  /** onnxruntime threads per operator; default onnxruntime's choice. */
  readonly threads?: number;
  /** Device; default `cpu`. */
  readonly device?: Device;
  /** Cancels (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/** What {@link smokeTestModelFolder} measured. */
export interface SmokeTestResult {
  /** Device the model ran on. */
  readonly device: ExecutionDevice;
  /** Milliseconds to load and validate the folder (manifest, dictionary, both sessions). */
  readonly loadMs: number;
  /** Milliseconds of the one encode. */
  readonly encodeMs: number;
  /** Milliseconds of the one decode (the source reconstruction). */
  readonly decodeMs: number;
  /** Smallest and largest value of the decoded image (normalization units; random weights are not images). */
  readonly outputRange: readonly [number, number];
}

/**
 * Loads a model folder with the SDK in onnxruntime-node (every manifest/graph/dictionary check `loadModel` makes)
 * and runs one encode and one decode of a uniform gray image, requiring a finite output. The check
 * `portrait-rig convert` makes before it installs a converted model.
 *
 * @param dir - the model folder.
 * @throws PortraitRigError from loading (`MANIFEST_MISMATCH`, `BACKEND_FAILURE`, …), `ABORTED`, or
 *   `convert/validation-failed` when the output has NaN or infinite values.
 * @example
 * ```ts
 * const { decodeMs } = await smokeTestModelFolder('out/lia-x', { threads: 2 });
 * ```
 */
export async function smokeTestModelFolder(dir: string, options: SmokeTestOptions = {}): Promise<SmokeTestResult> {
  const started = performance.now();
  const model = await loadModelFromFolder(dir, {
    backend: new OrtNodeBackend(options.threads ? { threads: options.threads } : {}),
    device: options.device ?? 'cpu',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const loadMs = performance.now() - started;
    const r = model.resolution;
    const gray = new Uint8ClampedArray(r * r * 4).fill(128);
    for (let i = 3; i < gray.length; i += 4) gray[i] = 255;
    const animator = new PortraitAnimator(model, { onWarning: () => undefined });
    try {
      const t0 = performance.now();
      await animator.setSource({ width: r, height: r, data: gray }, options.signal ? { signal: options.signal } : {});
      const t1 = performance.now();
      const out = await animator.renderFrameTensor({}, options.signal ? { signal: options.signal } : {});
      const t2 = performance.now();
      let lo = Infinity;
      let hi = -Infinity;
      let bad = 0;
      for (const v of out) {
        if (!Number.isFinite(v)) bad += 1;
        else {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      if (bad > 0) {
        throw new PortraitRigError('convert/validation-failed',
          `model folder "${dir}": decoding a gray image gave ${bad} of ${out.length} values that are NaN or infinite; ` +
          'the weights or the conversion are broken (with --fp16, try a float32 conversion).');
      }
      return { device: model.device, loadMs, encodeMs: t1 - t0, decodeMs: t2 - t1, outputRange: [lo, hi] };
    } finally {
      await animator.dispose();
    }
  } finally {
    await model.dispose();
  }
}
