/** The motion measured on one driving frame (see `captureMotion`). */
export interface CapturedFrame {
  /** 0-based frame number. */
  readonly index: number;
  /** Time in seconds from the start of the video. */
  readonly time: number;
  /** `α_t`: the frame's coefficients after temporal smoothing (a fresh array the consumer may keep). */
  readonly alpha: Float32Array;
  /** The encoder's coefficients before smoothing (a fresh array). */
  readonly rawAlpha: Float32Array;
}
