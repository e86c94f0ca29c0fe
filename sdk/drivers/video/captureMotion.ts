import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { centerSquareCrop } from '../../image/centerSquareCrop.js';
import { cropPortrait } from '../../image/cropPortrait.js';
import type { PortraitCrop } from '../../image/PortraitCrop.js';
import { throwIfAborted } from '../../runtime/abort.js';
import type { PortraitModel } from '../../runtime/PortraitModel.js';
import type { CapturedFrame } from './CapturedFrame.js';
import { DrivingEncoder } from './DrivingEncoder.js';
import { DEFAULT_ONE_EURO, OneEuroFilter, type OneEuroFilterOptions } from './OneEuroFilter.js';
import type { VideoFrameSource } from './VideoFrameSource.js';

/** Options of {@link captureMotion}. */
export interface CaptureMotionOptions {
  /** The crop applied to every frame (from `frameVideo`); default the centred square of the video. */
  readonly crop?: PortraitCrop;
  /** Frames per encoder call; default 8. Ignored when `encoder` is given. */
  readonly batchSize?: number;
  /** An encoder to reuse (e.g. one per live session); default a new {@link DrivingEncoder} of `model`. */
  readonly encoder?: DrivingEncoder;
  /** Temporal smoothing: 1 € filter parameters, or `false` for the raw measurements; default {@link DEFAULT_ONE_EURO}. */
  readonly smoothing?: OneEuroFilterOptions | false;
  /** Cancels decoding and encoding (the iteration rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * Motion capture: streams a driving video through the model's encoder and yields each frame's coefficients `α_t`,
 * in order. Per frame: the one crop of the shot (see `frameVideo`) → model resolution → encoder (in batches) →
 * 1 € filter per coefficient (see {@link OneEuroFilter}) against jitter. Holds at most one batch of frames, so videos
 * of any length run in bounded memory; breaking out of the loop stops the decoder.
 *
 * Combine the result with {@link MotionTransfer} (relative/absolute transfer, pose-only or expression-only) and
 * render with `PortraitAnimator.renderBatch`, or record it as a clip with {@link MotionRecorder} — or let
 * {@link driveAnimator} do both.
 *
 * @throws PortraitRigError the source's `video/*` errors, `ABORTED`, `BACKEND_FAILURE`, `INVALID_ARGUMENT` (a crop
 *   made for another frame size).
 *
 * @example
 * ```ts
 * const video = await openVideo('driving.mp4');                               // portrait-rig/node
 * const { crop } = await frameVideo(video, { resolution: model.resolution });
 * for await (const frame of captureMotion(model, video, { crop })) console.log(frame.time, frame.alpha[0]);
 * ```
 */
export async function* captureMotion(model: PortraitModel, source: VideoFrameSource, options: CaptureMotionOptions = {}): AsyncGenerator<CapturedFrame, void, undefined> {
  const encoder = options.encoder ?? new DrivingEncoder(model, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
  if (encoder.model !== model) throw new PortraitRigError('INVALID_ARGUMENT', 'captureMotion: the encoder belongs to another model.');
  const r = model.manifest.resolution;
  const crop = options.crop ?? centerSquareCrop(source.info.width, source.info.height, r);
  if (crop.resolution !== r) {
    throw new PortraitRigError('INVALID_ARGUMENT', `captureMotion: the crop was made for resolution ${crop.resolution}, the model "${model.manifest.id}" takes ${r}; frame it with resolution: model.resolution.`);
  }
  const filter = options.smoothing === false ? undefined : new OneEuroFilter(model.manifest.motionDim, options.smoothing ?? DEFAULT_ONE_EURO);
  const batch = encoder.batchSize;
  const buffers = Array.from({ length: batch }, () => new Uint8ClampedArray(r * r * 4));
  const images = buffers.map((data) => ({ width: r, height: r, data }));
  const indices: number[] = [];
  const times: number[] = [];
  const signal = options.signal;

  async function* flush(): AsyncGenerator<CapturedFrame, void, undefined> {
    const raws = await encoder.encode(images.slice(0, indices.length), signal ? { signal } : {});
    for (let k = 0; k < raws.length; k += 1) {
      const raw = raws[k]!;
      const alpha = filter ? filter.filter(raw, times[k]!) : raw.slice();
      yield { index: indices[k]!, time: times[k]!, alpha, rawAlpha: raw };
    }
    indices.length = 0;
    times.length = 0;
  }

  for await (const frame of source.frames(signal ? { signal } : {})) {
    throwIfAborted(signal, 'motion capture');
    cropPortrait(frame.image, crop, buffers[indices.length]);
    indices.push(frame.index);
    times.push(frame.time);
    if (indices.length === batch) yield* flush();
  }
  throwIfAborted(signal, 'motion capture');
  if (indices.length > 0) yield* flush();
}
