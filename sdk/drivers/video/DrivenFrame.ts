import type { AnimatorFrame } from '../../animator/PortraitAnimator.js';

/** One frame rendered by `driveAnimator`. */
export interface DrivenFrame {
  /** 0-based driving frame number. */
  readonly index: number;
  /** Time in seconds from the start of the driving video. */
  readonly time: number;
  /** `α_t`: the driving frame's (smoothed) coefficients. */
  readonly drivingAlpha: Float32Array;
  /** The motion handed to the animator (`MotionTransfer.motion(α_t)`). */
  readonly motion: Float32Array;
  /** The α the frame was rendered with: `α_src + edit + motion`. */
  readonly alpha: Float32Array;
  /** The rendered portrait, RGBA at the model resolution. */
  readonly frame: AnimatorFrame;
}
