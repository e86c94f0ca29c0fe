/**
 * Motion engine: keyframe tracks and interpolation, clips and the clip file format, the layered mixer, and
 * procedural behaviours (blinks, breathing, sway, look-at). See docs/motion.md.
 */
export * from './BlendMode.js';
export * from './ChannelFrame.js';
export type { ChannelMask } from './ChannelMask.js';
export * from './ClipAction.js';
export * from './ClipJson.js';
export type { ClipMarker, JsonValue } from './ClipMarker.js';
export * from './CubicBezierEasing.js';
export { Easing, EASING_FUNCTIONS, isEasingName, type EasingFunction, type EasingName } from './Easing.js';
export * from './Interpolation.js';
export * from './KeyframeTrack.js';
export * from './LoopMode.js';
export type * from './MixerEvent.js';
export * from './MotionAction.js';
export * from './MotionClip.js';
export * from './MotionErrorCode.js';
export type { MotionIssue } from './MotionIssue.js';
export * from './MotionMixer.js';
export type { MotionSource } from './MotionSource.js';
export * from './MotionValidationError.js';
export * from './SeededRandom.js';
export type { SegmentInterpolation } from './SegmentInterpolation.js';
export * from './SourceAction.js';
export * from './TrackInterpolant.js';
export * from './behaviors/index.js';
export {
  BezierInterpolation, EasingInterpolation, LinearInterpolation, SmoothInterpolation, StepInterpolation,
} from './builtinInterpolations.js';
export { clipToJSON } from './clipToJSON.js';
export { loadClip, type LoadClipOptions } from './loadClip.js';
export {
  canonicalInterpolation, INTERPOLATION_NAMES, interpolationProblem, isInterpolation, resolveInterpolation,
} from './resolveInterpolation.js';
