/**
 * A step of {@link convertCheckpoint}: `start` when it begins, `done` when it ends (with its duration). Steps are
 * numbered `index` of `count` across the whole conversion: the exporter's stages (`load`, `sample`,
 * `export-encoder`, `fp16-encoder` with `fp16`, `save-encoder`, `check-encoder`, the same for the decoder, `write`),
 * then `validate` (loading the result in onnxruntime-node and running one encode/decode).
 */
export interface ConvertProgressEvent {
  /** Machine-readable step name, e.g. `export-decoder`. */
  readonly stage: string;
  /** Whether the step begins or has ended. */
  readonly status: 'start' | 'done';
  /** 1-based step number. */
  readonly index: number;
  /** Number of steps of this conversion. */
  readonly count: number;
  /** What the step does, for people (e.g. `tracing the decoder into ONNX (opset 17)`). */
  readonly message: string;
  /** Duration of the step in seconds (`done` only). */
  readonly seconds?: number;
}

/** Receives {@link ConvertProgressEvent}s. */
export type ConvertProgressCallback = (event: ConvertProgressEvent) => void;
