import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { throwIfAborted } from '../runtime/abort.js';
import type { ModelFileSource } from '../runtime/ModelFileSource.js';

function missing(dir: string, path: string, error: unknown): PortraitRigError {
  const code = (error as { code?: unknown }).code;
  if (path === 'manifest.json') {
    return new PortraitRigError('MODEL_FILE_MISSING',
      `"${dir}" is not a model folder: manifest.json is missing there${code === 'ENOENT' ? '' : ` (${String(code)})`}. ` +
      'Point --model / loadModelFromFolder at a folder holding manifest.json, encoder.onnx, decoder.onnx and dictionary.bin.', { cause: error });
  }
  return new PortraitRigError('MODEL_FILE_MISSING',
    `model folder "${dir}": file "${path}" listed in manifest.json is missing${code === 'ENOENT' ? '' : ` (${String(code)})`}. ` +
    'Copy the complete model folder (or re-export it with models/tools) so every file the manifest lists is there.', { cause: error });
}

/**
 * A model folder on disk (Node). ONNX graphs are handed to the runtime by path so their external data loads from
 * beside them without copying.
 *
 * @param dir - the folder holding `manifest.json` (absolute, or relative to the working directory).
 * @example
 * ```ts
 * const model = await loadModel(folderModelSource('models/rig-tiny'), { backend: new OrtNodeBackend() });
 * ```
 */
export function folderModelSource(dir: string): ModelFileSource {
  const root = resolve(dir);
  const full = (path: string): string => {
    const target = resolve(root, path);
    if (target !== root && !target.startsWith(root + sep)) {
      throw new PortraitRigError('MANIFEST_MISMATCH', `model folder "${dir}": path "${path}" leaves the folder.`);
    }
    return target;
  };
  return {
    label: dir,
    async read(path, options) {
      throwIfAborted(options?.signal, `reading ${path}`);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(full(path), options?.signal ? { signal: options.signal } : {});
      } catch (error) {
        throwIfAborted(options?.signal, `reading ${path}`);
        if (error instanceof PortraitRigError) throw error;
        throw missing(dir, path, error);
      }
      options?.onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    },
    async localFile(path) {
      const target = full(path);
      try {
        const info = await stat(target);
        if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
        return { path: target, size: info.size };
      } catch (error) {
        throw missing(dir, path, error);
      }
    },
  };
}
