/**
 * The WebAssembly threads {@link OrtWebBackend} uses when `threads` is not given: one less than the cores, at most 4,
 * on a cross-origin isolated page (onnxruntime's pool threads spin while they wait, so a thread per core would starve
 * the page's main thread and renderer); 1 elsewhere, where WebAssembly cannot share memory between threads.
 */
export function defaultWasmThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(4, cores - 1)) : 1;
}
