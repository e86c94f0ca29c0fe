import { loadModel, type LoadModelOptions } from '../runtime/loadModel.js';
import type { PortraitModel } from '../runtime/PortraitModel.js';
import type { InferenceBackend } from '../runtime/InferenceBackend.js';
import { folderModelSource } from './folderModelSource.js';
import { OrtNodeBackend } from './OrtNodeBackend.js';

/** Options for {@link loadModelFromFolder}: those of `loadModel`, with the backend optional. */
export interface LoadModelFromFolderOptions extends Omit<LoadModelOptions, 'backend'> {
  /** Default: a new {@link OrtNodeBackend} (onnxruntime-node, all cores). */
  readonly backend?: InferenceBackend;
}

/**
 * Loads a model folder from disk with onnxruntime-node (or the given backend): manifest, dictionary and both graphs,
 * validated against each other.
 *
 * @param dir - the model folder (holding `manifest.json`).
 * @throws PortraitRigError `MODEL_FILE_MISSING`, `MANIFEST_MISMATCH`, `UNSUPPORTED_DEVICE`, `BACKEND_FAILURE`, `ABORTED`
 * @example
 * ```ts
 * const model = await loadModelFromFolder('models/rig-tiny', { device: 'cpu' });
 * console.log(model.manifest.id, model.resolution, model.device);
 * await model.dispose();
 * ```
 */
export async function loadModelFromFolder(dir: string, options: LoadModelFromFolderOptions = {}): Promise<PortraitModel> {
  return loadModel(folderModelSource(dir), { ...options, backend: options.backend ?? new OrtNodeBackend() });
}
