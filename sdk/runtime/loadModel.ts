import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { ManifestOnnxFile } from '../rig/ModelManifest.js';
import { parseModelManifest } from '../rig/parseModelManifest.js';
import { abortError, throwIfAborted } from './abort.js';
import type { Device } from './Device.js';
import type { DeviceFallbackEvent } from './DeviceFallbackEvent.js';
import type {
  InferenceBackend, InferenceSessionHandle, SessionModel, TensorLocation,
} from './InferenceBackend.js';
import type { ModelFileSource } from './ModelFileSource.js';
import type { ModelLoadProgressCallback } from './ModelLoadProgress.js';
import { PortraitModel } from './PortraitModel.js';
import { decoderBatchLimit, validateModelSessions } from './validateModelSessions.js';

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  /** The inference runtime (`OrtNodeBackend` from `portrait-rig/node`, `OrtWebBackend` from `portrait-rig/web`). */
  readonly backend: InferenceBackend;
  /** Device to run on; default `auto` (fastest available, falling back with `onFallback`). */
  readonly device?: Device;
  /** Cancels loading: rejects with `ABORTED` and releases whatever was created. */
  readonly signal?: AbortSignal;
  /** Progress events per file, then `ready`. */
  readonly onProgress?: ModelLoadProgressCallback;
  /** Called when `auto` skips a device that failed to start. */
  readonly onFallback?: (event: DeviceFallbackEvent) => void;
  /**
   * Keep the encoder's feature maps on the GPU between encoding and decoding (WebGPU); default true. Turn it off
   * to read them on the CPU (debugging).
   */
  readonly keepFeaturesOnDevice?: boolean;
}

const MANIFEST = 'manifest.json';

/**
 * Loads a model folder from any {@link ModelFileSource}: reads and validates `manifest.json`, the dictionary and both
 * ONNX graphs, creates the sessions on the requested device and checks the manifest against them (input/output
 * names, element types, shapes where the runtime exposes them, dictionary size).
 *
 * @returns the model; dispose it when done.
 * @throws PortraitRigError `MODEL_FILE_MISSING`, `MANIFEST_MISMATCH` (a {@link ManifestError} for the manifest
 *   itself), `UNSUPPORTED_DEVICE`, `BACKEND_FAILURE`, `ABORTED`.
 *
 * @example
 * ```ts
 * import { loadModel, urlModelSource } from 'portrait-rig';
 * import { OrtWebBackend } from 'portrait-rig/web';
 * const model = await loadModel(urlModelSource('/models/rig-tiny/'), {
 *   backend: new OrtWebBackend(), device: 'auto',
 *   onProgress: (e) => { if (e.status === 'progress') bar.value = e.progress ?? 0; },
 * });
 * ```
 */
export async function loadModel(source: ModelFileSource, options: LoadModelOptions): Promise<PortraitModel> {
  const { backend, signal, onProgress } = options;
  if (!backend || typeof backend.createSession !== 'function') {
    throw new PortraitRigError('INVALID_ARGUMENT',
      'loadModel needs options.backend: new OrtNodeBackend() from "portrait-rig/node" or new OrtWebBackend() from "portrait-rig/web".');
  }
  const read = async (file: string): Promise<Uint8Array> => {
    throwIfAborted(signal, `loading ${source.label}`);
    onProgress?.({ status: 'initiate', file });
    const bytes = await source.read(file, {
      ...(signal ? { signal } : {}),
      onDownload: () => onProgress?.({ status: 'download', file }),
      onProgress: (loaded, total) => onProgress?.({
        status: 'progress', file, loaded, total, progress: total ? Math.min(100, (loaded / total) * 100) : undefined,
      }),
    });
    onProgress?.({ status: 'done', file, loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  };

  const manifestText = new TextDecoder().decode(await read(MANIFEST));
  const manifest = parseModelManifest(manifestText, joinLabel(source.label, MANIFEST));
  const dictionaryBytes = await read(manifest.files.dictionary.path);
  const dictionary = new Float32Array(Math.floor(dictionaryBytes.byteLength / 4));
  const view = new DataView(dictionaryBytes.buffer, dictionaryBytes.byteOffset, dictionaryBytes.byteLength);
  for (let i = 0; i < dictionary.length; i += 1) dictionary[i] = view.getFloat32(i * 4, true);

  const sessionModel = async (file: ManifestOnnxFile): Promise<SessionModel> => {
    if (source.localFile) {
      onProgress?.({ status: 'initiate', file: file.path });
      throwIfAborted(signal, `loading ${source.label}`);
      const local = await source.localFile(file.path);
      for (const extra of file.externalData) await source.localFile(extra);
      onProgress?.({ status: 'done', file: file.path, loaded: local.size, total: local.size });
      return { path: local.path };
    }
    const bytes = await read(file.path);
    const externalData: { path: string; data: Uint8Array }[] = [];
    for (const extra of file.externalData) externalData.push({ path: extra, data: await read(extra) });
    return externalData.length > 0 ? { bytes, externalData } : { bytes };
  };

  const created: InferenceSessionHandle[] = [];
  try {
    const decoderModel = await sessionModel(manifest.files.decoder);
    const decoder = await backend.createSession(decoderModel, {
      ...(options.device ? { device: options.device } : {}),
      label: manifest.files.decoder.path,
      ...(options.onFallback ? { onFallback: options.onFallback } : {}),
      ...(signal ? { signal } : {}),
    });
    created.push(decoder);
    const encoderModel = await sessionModel(manifest.files.encoder);
    const keep = options.keepFeaturesOnDevice !== false && decoder.device === 'webgpu';
    const preferredOutputLocation: Record<string, TensorLocation> = {};
    if (keep) {
      for (const output of manifest.files.encoder.outputs) {
        preferredOutputLocation[output.name] = output.role === 'feature' ? 'gpu-buffer' : 'cpu';
      }
    }
    let encoder: InferenceSessionHandle;
    try {
      // same device as the decoder, so feature maps can stay where they are made
      encoder = await backend.createSession(encoderModel, {
        device: decoder.device, label: manifest.files.encoder.path,
        ...(keep ? { preferredOutputLocation } : {}), ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof PortraitRigError && error.code === 'ABORTED') throw error;
      if (options.device && options.device !== 'auto') throw error;
      options.onFallback?.({
        type: 'device-fallback', from: decoder.device, to: decoder.device === 'webgpu' ? 'wasm' : 'cpu',
        reason: error instanceof Error ? error.message : String(error), file: manifest.files.encoder.path,
      });
      encoder = await backend.createSession(encoderModel, {
        label: manifest.files.encoder.path, ...(signal ? { signal } : {}),
        ...(options.onFallback ? { onFallback: options.onFallback } : {}),
      });
    }
    created.push(encoder);
    if (signal?.aborted) throw abortError(signal, `loading ${source.label}`);
    validateModelSessions(manifest, source.label, encoder, decoder, dictionaryBytes.byteLength);
    const model = new PortraitModel({
      manifest, dictionary, encoder, decoder, backend, source: source.label, maxBatch: decoderBatchLimit(manifest, decoder),
    });
    onProgress?.({ status: 'ready', model: manifest.id, device: decoder.device });
    return model;
  } catch (error) {
    await Promise.all(created.map((s) => s.dispose().catch(() => undefined)));
    throw error;
  }
}

function joinLabel(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}
