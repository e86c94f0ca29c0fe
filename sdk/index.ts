/**
 * PortraitRig core: motion engine, rig channels and calibration, runtime interfaces and the animator.
 * Imports neither three, react, onnxruntime, sharp nor `node:*` modules (a test proves it).
 *
 * @packageDocumentation
 */
export * from './motion/index.js';
export * from './rig/index.js';
