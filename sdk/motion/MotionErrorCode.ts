/**
 * The `code` values of the errors the motion engine throws (`PortraitRigError.code`), as an `as const` object with
 * a same-named union type.
 */
export const MotionErrorCode = {
  /** The clip text is not valid JSON. */
  InvalidJson: 'motion/invalid-json',
  /** The document is not a PortraitRig clip (`format` is missing or wrong) or a field has the wrong type/shape. */
  InvalidFormat: 'motion/invalid-format',
  /** The clip's `version` is not one this SDK reads. */
  UnsupportedVersion: 'motion/unsupported-version',
  /** The clip's duration is not a finite number greater than zero. */
  InvalidDuration: 'motion/invalid-duration',
  /** A time, value, tangent or weight is NaN or ±Infinity. */
  NonFinite: 'motion/non-finite',
  /** Keyframe times do not strictly increase. */
  UnsortedKeys: 'motion/unsorted-keys',
  /** A keyframe or event lies outside `0 … duration`. */
  OutOfRange: 'motion/out-of-range',
  /** An interpolation name is not a mode, an easing name or a valid `cubic-bezier(…)`. */
  UnknownInterpolation: 'motion/unknown-interpolation',
  /** A track or mask names an invalid or unknown channel. */
  InvalidChannel: 'motion/invalid-channel',
  /** Two tracks of one clip animate the same channel. */
  DuplicateTrack: 'motion/duplicate-track',
  /** A track is malformed: no keys, lengths that do not match, a tangent no segment uses. */
  InvalidTrack: 'motion/invalid-track',
  /** An event (marker) is malformed. */
  InvalidEvent: 'motion/invalid-event',
  /** A function or constructor was called with an invalid argument (e.g. a negative fade duration). */
  InvalidArgument: 'motion/invalid-argument',
} as const;
/** Union of the motion engine's error codes. */
export type MotionErrorCode = (typeof MotionErrorCode)[keyof typeof MotionErrorCode];
