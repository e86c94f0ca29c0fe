/**
 * `portrait-rig/node`: Node-only parts (onnxruntime-node backend, image and video IO, the CLI's commands).
 *
 * @packageDocumentation
 */
export * from '../index.js';
