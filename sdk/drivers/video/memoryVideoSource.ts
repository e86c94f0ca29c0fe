import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { assertRgbaImage } from '../../image/assertRgbaImage.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { throwIfAborted } from '../../runtime/abort.js';
import type { DrivingFrame } from './DrivingFrame.js';
import type { VideoFrameReadOptions, VideoFrameSource } from './VideoFrameSource.js';
import type { VideoInfo } from './VideoInfo.js';

/** Options of {@link memoryVideoSource}. */
export interface MemoryVideoSourceOptions {
  /** Frames per second; default 25. */
  readonly fps?: number;
  /** Names the video in messages; default `'frames in memory'`. */
  readonly label?: string;
}

/**
 * A {@link VideoFrameSource} over frames you already hold (rendered, generated, or decoded elsewhere): frame `i` has
 * time `i / fps`. All frames must have the same size.
 *
 * @param images - the frames, in order (at least one).
 * @param options - frame rate and label.
 * @throws PortraitRigError `video/no-frames` for an empty list, `BAD_IMAGE` for malformed or mismatched frames.
 *
 * @example
 * ```ts
 * const source = memoryVideoSource(frames, { fps: 30 });
 * for await (const captured of captureMotion(model, source)) console.log(captured.alpha);
 * ```
 */
export function memoryVideoSource(images: readonly RgbaImage[], options: MemoryVideoSourceOptions = {}): VideoFrameSource {
  const label = options.label ?? 'frames in memory';
  const fps = options.fps ?? 25;
  if (!(fps > 0) || !Number.isFinite(fps)) throw new PortraitRigError('INVALID_ARGUMENT', `memoryVideoSource: fps must be a positive number (got ${fps}).`);
  if (images.length === 0) throw new PortraitRigError('video/no-frames', `${label}: no frames; pass at least one image.`);
  const first = images[0]!;
  images.forEach((image, i) => {
    assertRgbaImage(image, `${label} frame ${i}`);
    if (image.width !== first.width || image.height !== first.height) {
      throw new PortraitRigError('BAD_IMAGE', `${label} frame ${i} is ${image.width}×${image.height} but frame 0 is ${first.width}×${first.height}; every frame must have the same size.`);
    }
  });
  const frames = [...images];
  const info: VideoInfo = Object.freeze({
    label, width: first.width, height: first.height, fps, frameCount: frames.length, duration: frames.length / fps, live: false,
  });
  return {
    info,
    async *frames(read: VideoFrameReadOptions = {}): AsyncGenerator<DrivingFrame, void, undefined> {
      for (let index = 0; index < frames.length; index += 1) {
        throwIfAborted(read.signal, `reading ${label}`);
        yield { index, time: index / fps, image: frames[index]! };
      }
    },
  };
}
