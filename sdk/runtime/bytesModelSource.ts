import { PortraitRigError } from '../errors/PortraitRigError.js';
import { throwIfAborted } from './abort.js';
import type { ModelFileSource } from './ModelFileSource.js';

/**
 * A model held in memory: file paths (relative to the model folder, e.g. `manifest.json`, `encoder.onnx`) → bytes.
 * Strings are taken as UTF-8 text (handy for `manifest.json`).
 *
 * @param files - every file the manifest lists, plus `manifest.json`.
 * @param label - names the model in messages; default `in-memory model`.
 * @example
 * ```ts
 * const model = await loadModel(bytesModelSource({ 'manifest.json': manifestText, 'encoder.onnx': enc,
 *   'decoder.onnx': dec, 'dictionary.bin': dict }), { backend });
 * ```
 */
export function bytesModelSource(files: Readonly<Record<string, Uint8Array | string>>, label = 'in-memory model'): ModelFileSource {
  const encoder = new TextEncoder();
  return {
    label,
    async read(path, options) {
      throwIfAborted(options?.signal, `reading ${path}`);
      const entry = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
      if (entry === undefined) {
        throw new PortraitRigError('MODEL_FILE_MISSING',
          `${label}: file "${path}" is missing. Include it in the files passed to bytesModelSource (have: ${Object.keys(files).join(', ') || 'none'}).`);
      }
      const bytes = typeof entry === 'string' ? encoder.encode(entry) : entry;
      options?.onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    },
  };
}
