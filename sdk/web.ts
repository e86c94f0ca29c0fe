/**
 * `portrait-rig/web`: the browser entry (onnxruntime-web backend: WebGPU and WASM).
 *
 * @packageDocumentation
 */
export * from './index.js';
export * from './web/OrtWebBackend.js';
export * from './web/defaultWasmThreads.js';
export * from './drivers/video/dom/index.js';
