import type { Device, ExecutionDevice } from './Device.js';
import type { DeviceFallbackEvent } from './DeviceFallbackEvent.js';
import type { DeviceSupport } from './resolveDevice.js';

/** Element type of a tensor (the names onnxruntime uses). */
export type TensorElementType =
  | 'float32' | 'float16' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32'
  | 'int64' | 'uint64' | 'bool' | 'string' | 'int4' | 'uint4';

/** Where a tensor's data lives: in JS memory (`cpu`) or on the accelerator (`gpu-buffer`, …). */
export type TensorLocation = 'none' | 'cpu' | 'cpu-pinned' | 'texture' | 'gpu-buffer' | 'ml-tensor';

/** The data array types a tensor can hold (as onnxruntime returns them). */
export type TensorData =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | string[] | number[];

/**
 * A tensor owned by a backend (an onnxruntime `Tensor` satisfies this). It may live on the device
 * (`location: 'gpu-buffer'`): feed it back to another `run` without reading it, or read it with `getData()`.
 * Whoever receives a tensor from `run` owns it and must `dispose()` it when done.
 */
export interface BackendTensor {
  /** Element type. */
  readonly type: string;
  /** Shape, e.g. `[1, 3, 128, 128]`. */
  readonly dims: readonly number[];
  /** Where the data lives. */
  readonly location: TensorLocation;
  /** Downloads (if needed) and returns the data; float16 comes back as raw `Uint16Array` bits. */
  getData(): Promise<TensorData>;
  /** Releases the data (GPU buffers included). Idempotent. */
  dispose(): void;
}

/** Plain CPU data to feed a session: wrapped into a backend tensor without copying. */
export interface CpuTensorData {
  /** `float32` data as `Float32Array`, `float16` as raw bits in a `Uint16Array`. */
  readonly type: 'float32' | 'float16';
  /** The elements, row-major; length = product of `dims`. */
  readonly data: Float32Array | Uint16Array;
  /** Shape. */
  readonly dims: readonly number[];
}

/** A session input: CPU data, or a tensor a previous `run` returned (kept where it lives). */
export type TensorFeed = CpuTensorData | BackendTensor;

/** Name, element type and shape of a session input or output, as the ONNX graph declares them. */
export interface TensorInfo {
  /** The graph's name for it. */
  readonly name: string;
  /** Element type when the runtime exposes it. */
  readonly type?: string;
  /** Dimensions: numbers for fixed sizes, strings (or `-1`) for symbolic ones; absent when unknown. */
  readonly shape?: readonly (number | string)[];
}

/** The model graph to create a session from: bytes, or (Node only) a file path. */
export type SessionModel =
  | {
      /** The `.onnx` file's bytes. */
      readonly bytes: Uint8Array;
      /** External-data files the graph references, by the relative path written in the graph. */
      readonly externalData?: readonly {
        /** The path as the graph references it (relative to the `.onnx` file). */
        readonly path: string;
        /** The file's bytes. */
        readonly data: Uint8Array;
      }[];
    }
  | {
      /** Path of the `.onnx` file; external data is read from beside it. Node backends only. */
      readonly path: string;
    };

/** Options for {@link InferenceBackend.createSession}. */
export interface CreateSessionOptions {
  /** Requested device; default `auto`. */
  readonly device?: Device;
  /**
   * Where outputs should stay, by output name (`gpu-buffer` keeps feature maps on the GPU between the encoder and
   * the decoder). A hint: backends that cannot honour it return CPU tensors.
   */
  readonly preferredOutputLocation?: Readonly<Record<string, TensorLocation>>;
  /** Name used in messages and fallback events, e.g. `decoder.onnx`. */
  readonly label?: string;
  /** Called when `auto` skips a device that failed to start. */
  readonly onFallback?: (event: DeviceFallbackEvent) => void;
  /** Cancels session creation (checked between device attempts). */
  readonly signal?: AbortSignal;
}

/** Options for {@link InferenceSessionHandle.run}. */
export interface RunOptions {
  /** Cancels the run: rejects with `ABORTED` (a run already inside the runtime finishes first). */
  readonly signal?: AbortSignal;
  /**
   * The outputs to compute (default: all). The runtime then skips the nodes only other outputs need: reading α alone
   * from an encoder that also returns feature maps costs about a third less (rig-tiny, onnxruntime-node).
   */
  readonly outputs?: readonly string[];
}

/** One loaded ONNX graph. Owns native resources: call `dispose()`. */
export interface InferenceSessionHandle {
  /** The device it runs on (resolved from `auto`). */
  readonly device: ExecutionDevice;
  /** The graph's inputs. */
  readonly inputs: readonly TensorInfo[];
  /** The graph's outputs. */
  readonly outputs: readonly TensorInfo[];
  /**
   * Runs the graph. Returns every output, by name; the caller owns (and disposes) the returned tensors.
   * @throws PortraitRigError `ABORTED`, `BACKEND_FAILURE`
   */
  run(feeds: Readonly<Record<string, TensorFeed>>, options?: RunOptions): Promise<Record<string, BackendTensor>>;
  /** Releases the session. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * An inference runtime (onnxruntime-node, onnxruntime-web, or your own). The core never imports one: pass an
 * instance to the loader/animator (`NodeOrtBackend` from `portrait-rig/node`, `WebOrtBackend` from `portrait-rig/web`).
 */
export interface InferenceBackend {
  /** Name used in messages, e.g. `onnxruntime-node`. */
  readonly name: string;
  /** Devices usable on this platform, in `auto` preference order (may probe the hardware). */
  deviceSupport(): Promise<DeviceSupport>;
  /**
   * Creates a session, resolving `device` (`auto` falls back along the supported devices).
   * @throws PortraitRigError `UNSUPPORTED_DEVICE`, `BACKEND_FAILURE`, `ABORTED`
   */
  createSession(model: SessionModel, options?: CreateSessionOptions): Promise<InferenceSessionHandle>;
  /** Releases sessions this backend created and still holds. Idempotent. */
  dispose(): Promise<void>;
}
