/**
 * Driving videos: decoding-agnostic frame sources, face framing for a whole shot, batched motion capture through the
 * model's encoder with 1 € smoothing, relative/absolute and pose-only/expression-only transfer, and export of
 * captured motion as an editable clip. See docs/video.md. Node decoding (ffmpeg) lives in `portrait-rig/node`, the
 * `<video>`/WebCodecs sources in `portrait-rig/web`.
 */
export * from './VideoErrorCode.js';
export type * from './VideoInfo.js';
export type * from './DrivingFrame.js';
export type * from './VideoFrameSource.js';
export type * from './FaceDetector.js';
export type * from './CapturedFrame.js';
export type * from './DrivenFrame.js';
export * from './memoryVideoSource.js';
export * from './combineFaceBoxes.js';
export * from './frameVideo.js';
export * from './OneEuroFilter.js';
export * from './DrivingEncoder.js';
export * from './TransferMode.js';
export * from './MotionTransfer.js';
export * from './CaptureTolerance.js';
export * from './thinKeyframes.js';
export * from './selectCaptureChannels.js';
export * from './MotionRecorder.js';
export * from './captureMotion.js';
export * from './driveAnimator.js';
