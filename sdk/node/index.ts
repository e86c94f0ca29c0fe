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
