/**
 * PortraitRig core: motion engine, rig channels and calibration, runtime interfaces and the animator.
 * Imports neither three, react, onnxruntime, sharp nor `node:*` modules (a test proves it).
 *
 * @packageDocumentation
 */
export * from './motion/index.js';
export * from './rig/index.js';
export * from './errors/index.js';
export * from './runtime/index.js';
export * from './image/index.js';
export * from './animator/index.js';
export * from './drivers/video/index.js';
export * from './drivers/audio/index.js';
