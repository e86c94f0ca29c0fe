import type { ModelManifest } from '../rig/ModelManifest.js';
import type { ExecutionDevice } from './Device.js';
import type { InferenceBackend, InferenceSessionHandle } from './InferenceBackend.js';

/**
 * A loaded, validated model: manifest, dictionary `Q` and the encoder/decoder sessions. Produced by
 * {@link loadModel} (or `loadModelFromFolder` in Node). Owns the sessions: call {@link PortraitModel.dispose}.
 * One model can serve several {@link PortraitAnimator}s.
 */
export class PortraitModel {
  /** The validated manifest (deeply frozen). */
  readonly manifest: ModelManifest;
  /** `Q`, row-major `[styleDim, motionDim]` float32. Treat as read-only. */
  readonly dictionary: Float32Array;
  /** The encoder session (image → z, α, feature maps). */
  readonly encoder: InferenceSessionHandle;
  /** The decoder session (z + feature maps → image). */
  readonly decoder: InferenceSessionHandle;
  /** The backend the sessions were created with. */
  readonly backend: InferenceBackend;
  /** Where the sessions run (the decoder's device when they differ). */
  readonly device: ExecutionDevice;
  /** Where the model came from (folder path or URL), for messages. */
  readonly source: string;
  /** Largest batch the decoder accepts per call (`Infinity` for a dynamic batch axis). */
  readonly maxBatch: number;
  #disposed = false;

  /** Use {@link loadModel}; this constructor only assembles already validated parts. */
  constructor(parts: {
    manifest: ModelManifest; dictionary: Float32Array; encoder: InferenceSessionHandle; decoder: InferenceSessionHandle;
    backend: InferenceBackend; source: string; maxBatch: number;
  }) {
    this.manifest = parts.manifest;
    this.dictionary = parts.dictionary;
    this.encoder = parts.encoder;
    this.decoder = parts.decoder;
    this.backend = parts.backend;
    this.device = parts.decoder.device;
    this.source = parts.source;
    this.maxBatch = parts.maxBatch;
  }

  /** Square input/output side in pixels (`manifest.resolution`). */
  get resolution(): number {
    return this.manifest.resolution;
  }

  /** True after {@link PortraitModel.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Releases both sessions. Animators using this model stop working. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await Promise.all([this.encoder.dispose(), this.decoder.dispose()]);
  }
}
