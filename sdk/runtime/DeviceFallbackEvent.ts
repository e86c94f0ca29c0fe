import type { ExecutionDevice } from './Device.js';

/**
 * Emitted when `device: 'auto'` tried a device that failed to start (missing driver, no adapter, EP not
 * installed) and moved on to the next one. Nothing is emitted for an explicitly requested device: that throws.
 */
export interface DeviceFallbackEvent {
  /** Always `'device-fallback'`. */
  readonly type: 'device-fallback';
  /** The device that failed. */
  readonly from: ExecutionDevice;
  /** The device tried next. */
  readonly to: ExecutionDevice;
  /** Why `from` failed (the backend's message). */
  readonly reason: string;
  /** Which model file the session was being created for, e.g. `decoder.onnx`. */
  readonly file?: string;
}
