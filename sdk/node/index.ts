/**
 * `portrait-rig/node`: Node-only parts (onnxruntime-node backend, model folders, image and video IO).
 *
 * @packageDocumentation
 */
export * from '../index.js';
export * from './OrtNodeBackend.js';
export * from './folderModelSource.js';
export * from './loadModelFromFolder.js';
export * from './defaultModelDir.js';
export * from './io/readImage.js';
export * from './io/readPortrait.js';
export * from './io/writeImage.js';
export * from './video/FrameSink.js';
export * from './video/findFfmpeg.js';
export * from './video/FfmpegSink.js';
export * from './video/AnimatedImageSink.js';
export * from './video/ImageSequenceSink.js';
export * from './video/createFrameSink.js';
export * from './convert/findPython.js';
export * from './convert/pythonToolsDir.js';
export * from './convert/ConvertProgressEvent.js';
export * from './convert/convertCheckpoint.js';
export * from './convert/smokeTestModelFolder.js';
export * from './video/findFfprobe.js';
export type * from './video/VideoProbe.js';
export * from './video/probeVideo.js';
export * from './video/FfmpegVideoSource.js';
export * from './video/openVideo.js';
export * from './audio/index.js';
