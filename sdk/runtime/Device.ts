/**
 * Where inference runs, as a transformers.js-style union. `auto` picks the fastest device the backend supports
 * on this platform and falls back (with a {@link DeviceFallbackEvent}) when one fails to start.
 *
 * | device | backend | platform |
 * |---|---|---|
 * | `cpu` | onnxruntime-node | everywhere |
 * | `cuda` | onnxruntime-node | Linux/Windows x64 with the CUDA build (`ONNXRUNTIME_NODE_INSTALL=cuda12`) |
 * | `dml` | onnxruntime-node | Windows (DirectML) |
 * | `coreml` | onnxruntime-node | macOS |
 * | `webgpu` | onnxruntime-web (browsers with `navigator.gpu`); onnxruntime-node where its build bundles it |
 * | `wasm` | onnxruntime-web | browsers and Node (CPU, WebAssembly) |
 */
export const Device = {
  Auto: 'auto',
  Cpu: 'cpu',
  Wasm: 'wasm',
  WebGpu: 'webgpu',
  Cuda: 'cuda',
  Dml: 'dml',
  CoreMl: 'coreml',
} as const;
/** `'auto' | 'cpu' | 'wasm' | 'webgpu' | 'cuda' | 'dml' | 'coreml'`. */
export type Device = (typeof Device)[keyof typeof Device];

/** A concrete device a session actually runs on (every {@link Device} but `auto`). */
export type ExecutionDevice = Exclude<Device, 'auto'>;

/** Every device name, in the order used in messages. */
export const ALL_DEVICES: readonly Device[] = Object.freeze(['auto', 'cpu', 'wasm', 'webgpu', 'cuda', 'dml', 'coreml']);

/** True when `value` is one of the {@link Device} names. */
export function isDevice(value: string): value is Device {
  return (ALL_DEVICES as readonly string[]).includes(value);
}
