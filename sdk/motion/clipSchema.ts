import { z } from 'zod';
import { CLIP_FORMAT } from './ClipJson.js';

/** Fields allowed in each object of a clip file (for "unknown field" messages). @internal */
export const CLIP_FIELDS = {
  clip: ['format', 'version', 'name', 'duration', 'loop', 'tracks', 'markers', 'meta'],
  track: ['channel', 'interpolation', 'keys'],
  key: ['time', 'value', 'interpolation', 'inTangent', 'outTangent'],
  marker: ['name', 'time', 'payload'],
} as const;

const key = z.strictObject({
  time: z.number(),
  value: z.number(),
  interpolation: z.string().optional(),
  inTangent: z.number().optional(),
  outTangent: z.number().optional(),
});

const track = z.strictObject({
  channel: z.string(),
  interpolation: z.string().optional(),
  keys: z.array(key),
});

const marker = z.strictObject({
  name: z.string(),
  time: z.number(),
  payload: z.json().optional(),
});

/**
 * Structure of a version-1 clip file (types and allowed fields). Semantic rules (finite numbers, sorted keys,
 * known channels and interpolations, ranges) are checked afterwards with messages that name the key.
 *
 * @internal
 */
export const clipSchemaV1 = z.strictObject({
  format: z.literal(CLIP_FORMAT),
  version: z.literal(1),
  name: z.string(),
  duration: z.number(),
  loop: z.string().optional(),
  tracks: z.array(track),
  markers: z.array(marker).optional(),
  meta: z.record(z.string(), z.json()).optional(),
});

/** A parsed version-1 clip file. @internal */
export type ClipFileV1 = z.infer<typeof clipSchemaV1>;
