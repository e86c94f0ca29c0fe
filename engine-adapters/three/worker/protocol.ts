/**
 * Messages between `PortraitWorker` (the page) and `serveAnimatorWorker` (the worker). Structured-clone data only;
 * pixel buffers travel as transferred `ArrayBuffer`s and come back for reuse.
 */
import type { Device, ExecutionDevice } from '../../../sdk/runtime/Device.js';
import type { DeviceFallbackEvent } from '../../../sdk/runtime/DeviceFallbackEvent.js';
import type { ModelLoadProgress } from '../../../sdk/runtime/ModelLoadProgress.js';
import type { ModelManifest } from '../../../sdk/rig/ModelManifest.js';

/**
 * A portrait as the page sends it to the worker: an absolute URL, a Blob, an ImageBitmap, or RGBA pixels (`data` has
 * `width · height · 4` bytes, top row first).
 */
export type SourcePayload =
  | {
      /** A URL the worker fetches. */
      readonly kind: 'url';
      /** Absolute URL of the image. */
      readonly url: string;
    }
  | {
      /** Encoded image bytes. */
      readonly kind: 'blob';
      /** The image file (PNG, JPEG, WebP …). */
      readonly blob: Blob;
    }
  | {
      /** A decoded bitmap. */
      readonly kind: 'bitmap';
      /** The bitmap (cloned or transferred). */
      readonly bitmap: ImageBitmap;
    }
  | {
      /** Raw RGBA pixels. */
      readonly kind: 'pixels';
      /** Width in pixels. */
      readonly width: number;
      /** Height in pixels. */
      readonly height: number;
      /** `width · height · 4` bytes, top row first. */
      readonly data: Uint8ClampedArray | Uint8Array;
    };

/** A model load as the page asks the worker for it (see `PortraitWorker.loadModel`'s options). */
export interface LoadModelRequest {
  /** The model folder's absolute URL. */
  readonly url: string;
  /** Requested device (`auto`, `webgpu`, `wasm`). */
  readonly device: Device;
  /** WebAssembly threads, when set. */
  readonly threads?: number;
  /** Where onnxruntime-web's `.wasm` files are served, when set. */
  readonly wasmPaths?: string;
  /** Cache API cache name, or `false` for none, when set. */
  readonly cache?: string | false;
  /** Keep feature maps on the GPU, when set. */
  readonly keepFeaturesOnDevice?: boolean;
}

/** Page → worker. @internal */
export type WorkerRequest =
  | ({ readonly op: 'load-model'; readonly id: number } & LoadModelRequest)
  | { readonly op: 'create-animator'; readonly id: number; readonly model: number; readonly source: SourcePayload }
  | { readonly op: 'render'; readonly id: number; readonly animator: number; readonly alpha: Float32Array; readonly pixels: ArrayBuffer }
  | { readonly op: 'release'; readonly id: number; readonly handle: number };

/** Result of `load-model`. @internal */
export interface LoadedModelInfo {
  readonly handle: number;
  readonly manifest: ModelManifest;
  readonly device: ExecutionDevice;
  readonly fallbacks: readonly DeviceFallbackEvent[];
}

/** Result of `render`: the buffer back, and the inference time in the worker (milliseconds). @internal */
export interface RenderResult {
  readonly pixels: ArrayBuffer;
  readonly ms: number;
}

/** Worker → page. @internal */
export type WorkerResponse =
  | { readonly op: 'progress'; readonly id: number; readonly event: ModelLoadProgress }
  | { readonly op: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly op: 'result'; readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string };
      readonly pixels?: ArrayBuffer };
