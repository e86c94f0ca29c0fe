import * as z from 'zod';
import type { ChannelOverrides } from './ChannelOverrides.js';
import { ManifestError } from './ManifestError.js';
import { fromZodIssue, makeIssue } from './manifestIssues.js';
import type { ModelManifest } from './ModelManifest.js';
import { parseModelManifest } from './parseModelManifest.js';

const group = z.enum(['pose', 'expression']);

const patch = z.strictObject({
  unit: z.enum(['degrees', 'amount', 'coefficient']).optional(),
  group: group.optional(),
  neutral: z.number().optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  verified: z.boolean().optional(),
  description: z.string().optional(),
  terms: z.array(z.unknown()).optional(), // checked as part of the merged manifest
});

const overridesSchema = z.strictObject({
  channels: z.record(z.string(), patch.nullable()).optional(),
  replaceChannels: z.boolean().optional(),
  directionGroups: z.strictObject({
    default: group.optional(),
    overrides: z.record(z.string(), group.nullable()).optional(),
  }).optional(),
});

/**
 * Applies a user's {@link ChannelOverrides} to a manifest and validates the result like
 * {@link parseModelManifest}: patch a channel's fields (`terms` replaced as a whole), add channels, remove them
 * with `null`, or start over with `replaceChannels: true`; patch direction groups the same way. The input manifest
 * is not changed.
 *
 * @param manifest - a validated manifest.
 * @param overrides - the changes (plain data, e.g. read from a JSON file; checked at run time).
 * @param source - label for error messages; default `"<id> + overrides"`.
 * @returns a new validated, frozen manifest.
 * @throws {@link ManifestError} naming the override's path, or the merged manifest's field, and the fix.
 *
 * @example
 * ```ts
 * // official LIA-X: direction 37 turns the head, but the other way round and in raw units
 * const fixed = withChannelOverrides(manifest, {
 *   channels: {
 *     'head.yaw': { unit: 'coefficient', range: [-0.2, 0.2], verified: true,
 *       terms: [{ index: 37, calibration: { type: 'linear', scale: -1 } }] },
 *     'head.shift': null,
 *   },
 * });
 * ```
 */
export function withChannelOverrides(manifest: ModelManifest, overrides: ChannelOverrides, source?: string): ModelManifest {
  const label = source ?? `${manifest.id} + overrides`;
  const parsed = overridesSchema.safeParse(overrides, { reportInput: true });
  if (!parsed.success) throw new ManifestError(label, parsed.error.issues.map((issue) => fromZodIssue(issue, ['overrides'])));
  const changes = parsed.data;
  const issues = [];
  const channels: Record<string, unknown> = changes.replaceChannels === true ? {} : { ...manifest.channels };
  for (const [name, change] of Object.entries(changes.channels ?? {})) {
    const existing = Object.prototype.hasOwnProperty.call(channels, name) ? channels[name] : undefined;
    if (change === null) {
      if (existing === undefined) {
        issues.push(makeIssue(['overrides', 'channels', name], `is null (remove) but the model has no channel "${name}"; `
          + `its channels: ${Object.keys(channels).join(', ') || 'none'}`));
      }
      delete channels[name];
      continue;
    }
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    channels[name] = { ...(existing as object | undefined), ...defined };
  }
  if (issues.length > 0) throw new ManifestError(label, issues);
  const groupOverrides: Record<string, unknown> = { ...manifest.directionGroups.overrides };
  for (const [key, value] of Object.entries(changes.directionGroups?.overrides ?? {})) {
    if (value === null) delete groupOverrides[key];
    else groupOverrides[key] = value;
  }
  return parseModelManifest({
    ...manifest,
    channels,
    directionGroups: { default: changes.directionGroups?.default ?? manifest.directionGroups.default, overrides: groupOverrides },
  }, label);
}
