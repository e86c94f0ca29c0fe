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
  /** The fastest device the backend supports here, falling back to the next when one fails to start. */
  Auto: 'auto',
  /** onnxruntime-node's CPU provider. */
  Cpu: 'cpu',
  /** onnxruntime-web's WebAssembly CPU backend (browsers and Node). */
  Wasm: 'wasm',
  /** WebGPU: onnxruntime-web in browsers with `navigator.gpu`; onnxruntime-node where its build bundles it. */
  WebGpu: 'webgpu',
  /** NVIDIA GPUs through onnxruntime-node's CUDA provider (its CUDA 12 build). */
  Cuda: 'cuda',
  /** DirectML through onnxruntime-node on Windows. */
  Dml: 'dml',
  /** Core ML through onnxruntime-node on macOS. */
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
