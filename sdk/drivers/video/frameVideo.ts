import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { centerSquareCrop } from '../../image/centerSquareCrop.js';
import { computePortraitCrop, type PortraitCropOptions } from '../../image/computePortraitCrop.js';
import type { PortraitCrop } from '../../image/PortraitCrop.js';
import type { Rect } from '../../image/Rect.js';
import { throwIfAborted } from '../../runtime/abort.js';
import { combineFaceBoxes, type FaceBoxCombineMode } from './combineFaceBoxes.js';
import type { FaceDetector } from './FaceDetector.js';
import type { VideoFrameSource } from './VideoFrameSource.js';

/** Options of {@link frameVideo}. */
export interface VideoFramingOptions extends Omit<PortraitCropOptions, 'resolution'> {
  /** The model's input side in pixels (`model.resolution`). */
  readonly resolution: number;
  /** The face in video pixels, given by the user: used as is (no detection). */
  readonly faceBox?: Rect;
  /** Finds the face when no `faceBox` is given. */
  readonly detector?: FaceDetector;
  /** Frames the detector looks at, spread evenly over the video (the first ones of a live source); default 12. */
  readonly samples?: number;
  /** How the detections become one box; default `'median'`. */
  readonly combine?: FaceBoxCombineMode;
  /** Cancels the detection pass. */
  readonly signal?: AbortSignal;
}

/** The crop chosen for a whole video, and how. */
export interface VideoFraming {
  /** One crop for every frame (LIA-X framing around the face box, or the centred square). */
  readonly crop: PortraitCrop;
  /** `'face-box'`: the user's box; `'detector'`: combined detections; `'center'`: the centred square. */
  readonly method: 'face-box' | 'detector' | 'center';
  /** The face box the crop was framed around (absent for `'center'`). */
  readonly faceBox?: Rect;
  /** Frames the detector looked at (0 without a detector). */
  readonly sampled: number;
  /** Frames in which it found a face. */
  readonly detections: number;
  /** Why the centred square was used, when a detector was given but found nothing. */
  readonly note?: string;
}

/**
 * Chooses one crop for a whole driving video — stable over the shot, because a crop that followed the face from frame
 * to frame would turn framing jitter into head motion. In order of preference:
 *
 * 1. a user-given `faceBox` (video pixels) → `computePortraitCrop` (LIA-X framing: the box enlarged by `margin`,
 *    moved up by `headroom`, shifted into the frame);
 * 2. a `detector` → run on `samples` frames spread over the video (one decoding pass that stops after the last
 *    sample), the detections combined by {@link combineFaceBoxes} (median by default), then framed as in 1;
 * 3. neither, or no face found → the centred square of the frame (`centerSquareCrop`): right for videos that
 *    are already head-and-shoulders shots (webcams, the avatar generator), wrong for wide shots — give a box.
 *
 * @throws PortraitRigError `INVALID_ARGUMENT` (bad box or options), `ABORTED`, and the source's decoding errors.
 *
 * @example
 * ```ts
 * const video = await openVideo('driving.mp4');                       // portrait-rig/node
 * const { crop, method } = await frameVideo(video, { resolution: model.resolution, faceBox: { x: 820, y: 200, width: 260, height: 300 } });
 * ```
 */
export async function frameVideo(source: VideoFrameSource, options: VideoFramingOptions): Promise<VideoFraming> {
  const { width, height } = source.info;
  const cropOptions: PortraitCropOptions = {
    resolution: options.resolution,
    ...(options.margin !== undefined ? { margin: options.margin } : {}),
    ...(options.headroom !== undefined ? { headroom: options.headroom } : {}),
    ...(options.fit !== undefined ? { fit: options.fit } : {}),
  };
  if (options.faceBox) {
    return { crop: computePortraitCrop(width, height, options.faceBox, cropOptions), method: 'face-box', faceBox: options.faceBox, sampled: 0, detections: 0 };
  }
  const center = (): PortraitCrop => centerSquareCrop(width, height, options.resolution);
  if (!options.detector) return { crop: center(), method: 'center', sampled: 0, detections: 0 };

  const samples = options.samples ?? 12;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new PortraitRigError('INVALID_ARGUMENT', `frameVideo: samples must be a positive integer (got ${samples}).`);
  }
  const count = source.info.live ? undefined : source.info.frameCount;
  const step = count !== undefined && count > samples ? count / samples : 1;
  const wanted = new Set<number>();
  for (let k = 0; k < samples; k += 1) wanted.add(Math.min(Math.floor(k * step + step / 2), Math.max(0, (count ?? samples) - 1)));
  const last = Math.max(...wanted);
  const boxes: Rect[] = [];
  let sampled = 0;
  for await (const frame of source.frames(options.signal ? { signal: options.signal } : {})) {
    throwIfAborted(options.signal, 'frameVideo');
    const position = source.info.live ? sampled : frame.index;
    if (source.info.live || wanted.has(frame.index)) {
      sampled += 1;
      const box = await options.detector.detect(frame.image);
      if (box && [box.x, box.y, box.width, box.height].every(Number.isFinite) && box.width > 0 && box.height > 0) boxes.push(box);
    }
    if (position >= last || (source.info.live && sampled >= samples)) break;
  }
  if (boxes.length === 0) {
    return {
      crop: center(), method: 'center', sampled, detections: 0,
      note: `the face detector found no face in ${sampled} sampled frame(s) of "${source.info.label}"; using the centred square (give a face box to frame it)`,
    };
  }
  const faceBox = combineFaceBoxes(boxes, options.combine ?? 'median');
  return { crop: computePortraitCrop(width, height, faceBox, cropOptions), method: 'detector', faceBox, sampled, detections: boxes.length };
}
