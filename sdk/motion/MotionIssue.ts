import type { MotionErrorCode } from './MotionErrorCode.js';

/** One problem found while validating a track, clip or clip file. */
export interface MotionIssue {
  /** Machine-readable kind of problem. */
  readonly code: MotionErrorCode;
  /**
   * Full message for the user: where (clip, track, key), what, and the fix, e.g.
   * `PortraitRig: clip "wave" track "head.yaw" key 3: keyframe times must increase (1.5 after 2.0); sort the keys by time.`
   */
  readonly message: string;
  /** Location inside the clip document as a JSON path (`tracks[0].keys[3].time`), or `""` for the whole clip. */
  readonly path: string;
}
