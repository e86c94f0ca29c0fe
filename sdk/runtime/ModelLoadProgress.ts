import type { ExecutionDevice } from './Device.js';

/**
 * Progress of {@link loadModel}, as a discriminated union on `status` (transformers.js style):
 * `initiate` (a file is requested) → `download` (it is fetched over the network, not from a cache) →
 * `progress`* (bytes arrive) → `done` (the file is in memory) for every file, then one `ready` when the sessions exist.
 */
export type ModelLoadProgress =
  | {
      /** A file is requested. */
      readonly status: 'initiate';
      /** Path relative to the model folder, e.g. `decoder.onnx`. */
      readonly file: string;
    }
  | {
      /** The file is being downloaded (absent for local files and cache hits). */
      readonly status: 'download';
      /** Path relative to the model folder. */
      readonly file: string;
    }
  | {
      /** Bytes arrived. */
      readonly status: 'progress';
      /** Path relative to the model folder. */
      readonly file: string;
      /** Bytes received so far. */
      readonly loaded: number;
      /** Total bytes when known (`Content-Length`, file size), else `undefined`. */
      readonly total: number | undefined;
      /** `loaded / total` in percent (0..100), `undefined` when the total is unknown. */
      readonly progress: number | undefined;
    }
  | {
      /** The file is loaded. */
      readonly status: 'done';
      /** Path relative to the model folder. */
      readonly file: string;
      /** Its size in bytes. */
      readonly loaded: number;
      /** Same as `loaded`. */
      readonly total: number;
    }
  | {
      /** Every file is loaded, validated and its session created. */
      readonly status: 'ready';
      /** The manifest's `id`. */
      readonly model: string;
      /** Where the sessions run. */
      readonly device: ExecutionDevice;
    };

/** Receives {@link ModelLoadProgress} events. */
export type ModelLoadProgressCallback = (event: ModelLoadProgress) => void;
