import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { PortraitAnimator } from '../../animator/PortraitAnimator.js';
import type { ChannelGroup } from '../../rig/channels.js';
import { throwIfAborted } from '../../runtime/abort.js';
import { captureMotion, type CaptureMotionOptions } from './captureMotion.js';
import type { DrivenFrame } from './DrivenFrame.js';
import { MotionTransfer } from './MotionTransfer.js';
import type { TransferMode } from './TransferMode.js';
import type { VideoFrameSource } from './VideoFrameSource.js';

/** Options of {@link driveAnimator}. */
export interface DriveAnimatorOptions extends CaptureMotionOptions {
  /** `'relative'` (default) or `'absolute'`; see {@link TransferMode}. */
  readonly mode?: TransferMode;
  /** Transfer only `'pose'` or only `'expression'` directions; default all. */
  readonly only?: ChannelGroup;
  /** Frames per decoder call (`renderBatch`); default the encoder's batch size. */
  readonly renderBatch?: number;
}

/**
 * Animates the animator's source portrait with a driving video (LIA-style motion transfer) and yields the rendered
 * frames in order: {@link captureMotion} measures `α_t` per driving frame, {@link MotionTransfer} turns it into the
 * motion for the chosen mode and group, and `renderBatch` decodes `α = α_src + edit + motion`. The animator's edit
 * (`setEdit`, e.g. the CLI's `--set`) applies to every frame (edit–warp–render). Streams: at most one batch of
 * frames is held.
 *
 * @throws PortraitRigError `INVALID_STATE` when the animator has no source, the source's `video/*` errors,
 *   `ABORTED`, `BACKEND_FAILURE`.
 *
 * @example
 * ```ts
 * await animator.setSource(portrait.input);
 * const video = await openVideo('driving.mp4');                                      // portrait-rig/node
 * for await (const { frame } of driveAnimator(animator, video, { only: 'pose' })) await sink.write(frame);
 * ```
 */
export async function* driveAnimator(animator: PortraitAnimator, source: VideoFrameSource,
  options: DriveAnimatorOptions = {}): AsyncGenerator<DrivenFrame, void, undefined> {
  const sourceAlpha = animator.sourceAlpha;
  if (!sourceAlpha) {
    throw new PortraitRigError('INVALID_STATE', 'driveAnimator: no source portrait: call `await animator.setSource(image)` first.');
  }
  const transfer = new MotionTransfer(animator.calibration, {
    ...(options.mode ? { mode: options.mode } : {}), ...(options.only ? { only: options.only } : {}), sourceAlpha,
  });
  const capture = captureMotion(animator.model, source, options);
  const size = options.renderBatch ?? options.encoder?.batchSize ?? options.batchSize ?? 8;
  if (!Number.isInteger(size) || size < 1) throw new PortraitRigError('INVALID_ARGUMENT', `driveAnimator: renderBatch must be a positive integer (got ${size}).`);
  const signal = options.signal;
  let pending: { index: number; time: number; drivingAlpha: Float32Array; motion: Float32Array }[] = [];

  async function* render(): AsyncGenerator<DrivenFrame, void, undefined> {
    const batch = pending;
    pending = [];
    const frames = await animator.renderBatch(batch.map((p) => p.motion), signal ? { signal } : {});
    for (let k = 0; k < batch.length; k += 1) {
      const item = batch[k]!;
      yield { ...item, alpha: animator.composeAlpha(item.motion), frame: frames[k]! };
    }
  }

  for await (const captured of capture) {
    pending.push({ index: captured.index, time: captured.time, drivingAlpha: captured.alpha, motion: transfer.motion(captured.alpha) });
    if (pending.length === size) yield* render();
  }
  throwIfAborted(signal, 'driving the portrait');
  if (pending.length > 0) yield* render();
}
