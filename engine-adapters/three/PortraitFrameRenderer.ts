import type { AnimatorFrame, FrameInput, RenderFrameOptions } from '../../sdk/animator/PortraitAnimator.js';
import type { RigCalibration } from '../../sdk/rig/RigCalibration.js';

/**
 * What {@link AnimatedPortrait} drives: anything that renders a frame for a motion. A `PortraitAnimator` (inference
 * on the calling thread) satisfies it as it is, and so does a {@link WorkerAnimator} (inference in a Web Worker).
 */
export interface PortraitFrameRenderer {
  /** Side of the square frames in pixels. */
  readonly resolution: number;
  /** The model's channel map (channel values → motion α), used to turn the mixed channels into α once per frame. */
  readonly calibration: RigCalibration;
  /**
   * Renders the frame for `motion` (channel values in their units, or a motion α of `motionDim` coefficients; both
   * relative to the source). With `out` (`resolution² · 4` bytes) the pixels are written there.
   */
  renderFrame(motion: FrameInput, options?: RenderFrameOptions): Promise<AnimatorFrame>;
}
