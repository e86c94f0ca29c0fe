import * as z from 'zod';
import type { ModelManifest } from './ModelManifest.js';

// Structural schema of manifest.json (format version 1). Cross-field rules (indices < motionDim, shapes agreeing
// with the dims, calibrate(neutral) == 0, …) are checked afterwards by checkManifest, which can phrase them with
// the values involved. Every object is strict: an unknown key is a typo until proven otherwise (free-form data
// belongs in `provenance`).

/** True for `a/b.onnx`; false for absolute paths, URLs, drive letters, backslashes, empty, `.` or `..` segments. */
function isSafeRelativePath(path: string): boolean {
  if (path.startsWith('/') || /[\\:\0]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const relativePath = z.string().refine(isSafeRelativePath, {
  error: 'must be a relative path inside the model folder (forward slashes; no "..", ".", empty segments, "\\", ":" or leading "/")',
});

const group = z.enum(['pose', 'expression']);

const dim = z.union([z.int().positive(), z.literal('batch')], { error: 'must be a positive integer or "batch"' });

const tensor = z.strictObject({
  role: z.enum(['image', 'latent', 'alpha', 'feature']),
  name: z.string().min(1),
  shape: z.array(dim).min(1),
});

const onnxFile = z.strictObject({
  path: relativePath,
  externalData: z.array(relativePath).default([]),
  dtype: z.enum(['float32', 'float16']),
  inputs: z.array(tensor).min(1),
  outputs: z.array(tensor).min(1),
});

const linear = z.strictObject({
  type: z.literal('linear'),
  scale: z.number(),
  offset: z.number().default(0),
});

const piecewise = z.strictObject({
  type: z.literal('piecewise'),
  points: z.array(z.tuple([z.number(), z.number()])).min(2),
});

const channel = z.strictObject({
  unit: z.enum(['degrees', 'amount', 'coefficient']),
  group,
  neutral: z.number().default(0),
  range: z.tuple([z.number(), z.number()]),
  verified: z.boolean().default(false),
  description: z.string().optional(),
  terms: z.array(z.strictObject({
    index: z.int().nonnegative(),
    calibration: z.discriminatedUnion('type', [linear, piecewise]),
  })).min(1),
});

const schema = z.strictObject({
  format: z.literal('portrait-rig-model'),
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a short id of a-z, 0-9 and "-"' }),
  name: z.string().min(1),
  family: z.enum(['lia', 'lia-x', 'rig']),
  license: z.strictObject({ spdx: z.string().min(1), notice: z.string(), url: z.string().optional() }),
  resolution: z.int().positive(),
  normalization: z.strictObject({
    range: z.tuple([z.number(), z.number()]),
    layout: z.literal('NCHW'),
    colorOrder: z.literal('RGB'),
  }),
  styleDim: z.int().positive(),
  motionDim: z.int().positive(),
  files: z.strictObject({
    encoder: onnxFile,
    decoder: onnxFile,
    dictionary: z.strictObject({
      path: relativePath,
      dtype: z.literal('float32'),
      shape: z.tuple([z.int().positive(), z.int().positive()]),
      order: z.literal('row-major'),
    }),
  }),
  channels: z.record(z.string(), channel),
  directionGroups: z.strictObject({
    default: group.default('expression'),
    overrides: z.record(z.string(), group).default({}),
  }).default({ default: 'expression', overrides: {} }),
  provenance: z.record(z.string(), z.json()).optional(),
});

/**
 * Zod schema of the structure of `manifest.json` (format version 1): types, enums, required keys, defaults. It does
 * not check the cross-field rules (indices within `motionDim`, shapes, calibrated neutral, …):
 * {@link parseModelManifest} does both and should be used to read manifests. Exported for tooling, e.g.
 * `z.toJSONSchema(modelManifestSchema)` for editor completion.
 *
 * Typed by its output, the documented {@link ModelManifest} (the assignment is the compile-time proof that the
 * schema's output fits that type), rather than by the schema's own deeply nested type.
 */
export const modelManifestSchema: z.ZodType<ModelManifest> = schema;
