import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { ManifestOnnxFile, ModelManifest } from '../rig/ModelManifest.js';
import type { InferenceSessionHandle, TensorInfo } from './InferenceBackend.js';

const showDims = (shape: readonly (number | string)[]): string => `[${shape.map((d) => (typeof d === 'string' ? `"${d}"` : String(d))).join(', ')}]`;

function compare(
  problems: string[], file: 'encoder' | 'decoder', side: 'inputs' | 'outputs', declared: ManifestOnnxFile, actual: readonly TensorInfo[],
): void {
  const list = declared[side];
  const names = new Set(actual.map((t) => t.name));
  const declaredNames = new Set(list.map((t) => t.name));
  const graphList = actual.map((t) => `"${t.name}"`).join(', ') || 'none';
  for (const tensor of list) {
    if (!names.has(tensor.name)) {
      problems.push(`files.${file}.${side}: "${tensor.name}" (${tensor.role}) is not an ${side === 'inputs' ? 'input' : 'output'} of ${declared.path} (the graph has ${graphList})`);
    }
  }
  for (const info of actual) {
    if (!declaredNames.has(info.name)) {
      problems.push(`${declared.path} has ${side === 'inputs' ? 'input' : 'output'} "${info.name}" that files.${file}.${side} does not list`);
    }
  }
  for (const tensor of list) {
    const info = actual.find((t) => t.name === tensor.name);
    if (!info) continue;
    if (info.type !== undefined && info.type !== declared.dtype) {
      problems.push(`files.${file}.${side} "${tensor.name}": the graph's element type is ${info.type} but dtype is "${declared.dtype}"`);
    }
    const shape = info.shape;
    if (shape === undefined || shape.length === 0) continue; // the runtime does not expose it
    if (shape.length !== tensor.shape.length) {
      problems.push(`files.${file}.${side} "${tensor.name}": shape ${showDims(tensor.shape)} has ${tensor.shape.length} axes but the graph's has ${shape.length} ${showDims(shape)}`);
      continue;
    }
    tensor.shape.forEach((dim, axis) => {
      const got = shape[axis];
      if (typeof got !== 'number' || got < 0) return; // symbolic in the graph: anything goes
      if (dim === 'batch') {
        if (got !== 1) problems.push(`files.${file}.${side} "${tensor.name}": axis 0 is "batch" but the graph fixes it to ${got}`);
        // a batch axis fixed to 1 is accepted: batches are then decoded one by one
        return;
      }
      if (dim !== got) {
        problems.push(`files.${file}.${side} "${tensor.name}": shape ${showDims(tensor.shape)} but the graph's is ${showDims(shape)} (axis ${axis})`);
      }
    });
  }
}

/**
 * The largest batch the decoder graph accepts: `Infinity` for a dynamic batch axis, else its fixed size.
 * @internal
 */
export function decoderBatchLimit(manifest: ModelManifest, decoder: InferenceSessionHandle): number {
  let limit = Infinity;
  for (const tensor of manifest.files.decoder.inputs) {
    const got = decoder.inputs.find((t) => t.name === tensor.name)?.shape?.[0];
    if (typeof got === 'number' && got > 0) limit = Math.min(limit, got);
    else if (typeof tensor.shape[0] === 'number') limit = Math.min(limit, tensor.shape[0]);
  }
  return limit;
}

/**
 * Checks a parsed manifest against the loaded sessions: every listed input/output exists in the graph (and the graph
 * has no unlisted ones), element types, and shapes where the runtime exposes them; the dictionary's byte length.
 * @throws PortraitRigError `MANIFEST_MISMATCH` listing every problem and the fix.
 * @internal
 */
export function validateModelSessions(
  manifest: ModelManifest, label: string, encoder: InferenceSessionHandle, decoder: InferenceSessionHandle, dictionaryBytes: number,
): void {
  const problems: string[] = [];
  const expectedBytes = manifest.styleDim * manifest.motionDim * 4;
  if (dictionaryBytes !== expectedBytes) {
    problems.push(`${manifest.files.dictionary.path} has ${dictionaryBytes} bytes but styleDim ${manifest.styleDim} × motionDim ` +
      `${manifest.motionDim} float32 needs ${expectedBytes}`);
  }
  compare(problems, 'encoder', 'inputs', manifest.files.encoder, encoder.inputs);
  compare(problems, 'encoder', 'outputs', manifest.files.encoder, encoder.outputs);
  compare(problems, 'decoder', 'inputs', manifest.files.decoder, decoder.inputs);
  compare(problems, 'decoder', 'outputs', manifest.files.decoder, decoder.outputs);
  if (problems.length > 0) {
    throw new PortraitRigError('MANIFEST_MISMATCH',
      `model ${label}: manifest.json does not match its files:\n  - ${problems.join('\n  - ')}\n` +
      'Re-export the model (models/tools) or fix manifest.json so names, shapes and dims agree with the ONNX graphs.');
  }
}
