import { checkManifest } from './checkManifest.js';
import { ManifestError, type ManifestIssue } from './ManifestError.js';
import { describeValue, fromZodIssue, makeIssue } from './manifestIssues.js';
import type { ModelManifest } from './ModelManifest.js';
import { modelManifestSchema } from './modelManifestSchema.js';

/** The format version this SDK reads. */
const SUPPORTED_VERSION = 1;

/** Manifests this module produced (validated and frozen): {@link RigCalibration} skips re-validating them. */
const validated = new WeakSet<object>();

/** True when `manifest` came out of {@link parseModelManifest} (so it is valid and frozen). @internal */
export function isValidatedManifest(manifest: object): boolean {
  return validated.has(manifest);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Format and version first, so a v2 manifest gets "upgrade" rather than a list of unknown keys. */
function checkFormat(data: unknown): ManifestIssue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [makeIssue([], `must be a JSON object, got ${Array.isArray(data) ? 'an array' : describeValue(data)}`)];
  }
  const { format, formatVersion } = data as { format?: unknown; formatVersion?: unknown };
  if (format !== 'portrait-rig-model') {
    return [makeIssue(['format'], `is ${format === undefined ? 'missing' : describeValue(format)}: this is not a PortraitRig model manifest `
      + '(expected "portrait-rig-model"); point the loader at the model folder\'s manifest.json')];
  }
  if (formatVersion !== SUPPORTED_VERSION) {
    const newer = typeof formatVersion === 'number' && Number.isInteger(formatVersion) && formatVersion > SUPPORTED_VERSION;
    return [makeIssue(['formatVersion'], newer
      ? `${formatVersion} is newer than this SDK reads (${SUPPORTED_VERSION}); upgrade portrait-rig`
      : `is ${describeValue(formatVersion)}; expected ${SUPPORTED_VERSION}`)];
  }
  return [];
}

/**
 * Reads and validates a model's `manifest.json` (format `portrait-rig-model`, version 1, see
 * `docs/model-manifest.md`): structure, types and defaults first, then the cross-field rules (term indices below
 * `motionDim`, piecewise points strictly increasing, `range[0] < range[1]` with the neutral value inside,
 * `calibrate(neutral) == 0` within 1e-6, dictionary and tensor shapes agreeing with `styleDim`, `motionDim` and
 * `resolution`, decoder feature inputs matching encoder feature outputs by name and shape, valid channel names,
 * preset channels in their preset group, direction-group overrides within the dictionary).
 *
 * @param json - the manifest as JSON text or as an already parsed value.
 * @param source - the file or URL it came from, named in error messages.
 * @returns the manifest with defaults filled in (`neutral` 0, `verified` false, linear `offset` 0,
 *   `externalData` [], `directionGroups` {default: "expression", overrides: {}}), deeply frozen.
 * @throws {@link ManifestError} (code `MANIFEST_MISMATCH`) naming the source, every offending field path and the
 *   fix, e.g. `PortraitRig: manifest "models/rig-tiny/manifest.json": channels["head.yaw"].terms[0].index 25 is
 *   outside the dictionary (motionDim 20); use 0..19`.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const path = 'models/rig-tiny/manifest.json';
 * const manifest = parseModelManifest(await readFile(path, 'utf8'), path);
 * manifest.channels['head.yaw']?.range; // [-35, 35] (degrees)
 * ```
 */
export function parseModelManifest(json: unknown, source?: string): ModelManifest {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ManifestError(source, [makeIssue([], `is not valid JSON (${reason}); fix the syntax (JSON allows no `
        + 'comments or trailing commas)')], { cause: error });
    }
  }
  const formatIssues = checkFormat(data);
  if (formatIssues.length > 0) throw new ManifestError(source, formatIssues);
  const parsed = modelManifestSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ManifestError(source, parsed.error.issues.map((issue) => fromZodIssue(issue)));
  const manifest: ModelManifest = parsed.data;
  const issues = checkManifest(manifest);
  if (issues.length > 0) throw new ManifestError(source, issues);
  // zod copies what it validates, except the free-form provenance: copy it so freezing leaves the caller's data alone
  const result = parsed.data.provenance === undefined ? manifest : { ...manifest, provenance: structuredClone(parsed.data.provenance) };
  deepFreeze(result);
  validated.add(result);
  return result;
}
