import type { z } from 'zod';
import { checkClip, clipPrefix } from './checkClip.js';
import { CLIP_FORMAT, SUPPORTED_CLIP_VERSIONS } from './ClipJson.js';
import type { JsonValue } from './ClipMarker.js';
import { CLIP_FIELDS, clipSchemaV1, type ClipFileV1 } from './clipSchema.js';
import { checkTrack } from './checkTrack.js';
import { KeyframeTrack } from './KeyframeTrack.js';
import type { LoopMode } from './LoopMode.js';
import { MotionClip } from './MotionClip.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionIssue } from './MotionIssue.js';
import { MotionValidationError } from './MotionValidationError.js';

/** Options of {@link loadClip}. */
export interface LoadClipOptions {
  /** Where the clip came from (a file name or URL), added to messages: `clip "wave" (wave.clip.json): …`. */
  source?: string;
}

type PathKey = PropertyKey;

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const ARTICLE: Record<string, string> = { number: 'a number', string: 'a string', array: 'an array', object: 'an object' };

function closest(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return allowed.find((field) => field.toLowerCase() === lower
    || field.toLowerCase().startsWith(lower.slice(0, 4)) && Math.abs(field.length - name.length) <= 3);
}

/** Location words and JSON path of a zod issue: ` track "head.yaw" key 3`, `tracks[0].keys[3].value`. */
function locate(raw: unknown, path: readonly PathKey[]): { where: string; field: string; kind: keyof typeof CLIP_FIELDS } {
  let where = '';
  let kind: keyof typeof CLIP_FIELDS = 'clip';
  let rest = path;
  if (path[0] === 'tracks' && typeof path[1] === 'number') {
    const channel = valueAt(raw, ['tracks', path[1], 'channel']);
    where += typeof channel === 'string' ? ` track "${channel}"` : ` track ${path[1]}`;
    kind = 'track';
    rest = path.slice(2);
    if (rest[0] === 'keys' && typeof rest[1] === 'number') {
      where += ` key ${rest[1]}`;
      kind = 'key';
      rest = rest.slice(2);
    }
  } else if (path[0] === 'markers' && typeof path[1] === 'number') {
    const name = valueAt(raw, ['markers', path[1], 'name']);
    where += typeof name === 'string' && name ? ` marker "${name}"` : ` marker ${path[1]}`;
    kind = 'marker';
    rest = path.slice(2);
  }
  const field = rest.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
  return { where, field, kind };
}

function jsonPath(path: readonly PathKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
}

function zodIssues(raw: unknown, error: z.ZodError, prefix: string): MotionIssue[] {
  return error.issues.map((issue): MotionIssue => {
    const { where, field, kind } = locate(raw, issue.path);
    const path = jsonPath(issue.path);
    const at = `PortraitRig: ${prefix}${where}`;
    const value = valueAt(raw, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = CLIP_FIELDS[kind];
      const names = issue.keys.map((key) => {
        const hint = closest(key, allowed);
        return hint ? `"${key}" (did you mean "${hint}"?)` : `"${key}"`;
      });
      return {
        code: MotionErrorCode.InvalidFormat, path: path ? `${path}.${issue.keys[0]}` : issue.keys[0] ?? '',
        message: `${at}: unknown field${names.length > 1 ? 's' : ''} ${names.join(', ')}; allowed: ${allowed.join(', ')}`,
      };
    }
    if (issue.code === 'invalid_type') {
      if (typeof value === 'number' && issue.expected === 'number') {
        return {
          code: MotionErrorCode.NonFinite, path,
          message: `${at}: ${field} is ${value}; numbers must be finite (a time in seconds or a value in the channel's unit)`,
        };
      }
      if (value === undefined) {
        return {
          code: MotionErrorCode.InvalidFormat, path,
          message: `${at}: "${field}" is missing; add it (${ARTICLE[issue.expected] ?? issue.expected})`,
        };
      }
      return {
        code: MotionErrorCode.InvalidFormat, path,
        message: `${at}: "${field}" must be ${ARTICLE[issue.expected] ?? issue.expected}, not ${describe(value)}`,
      };
    }
    if (issue.code === 'invalid_union' && (field.endsWith('payload') || field.startsWith('meta'))) {
      return {
        code: kind === 'marker' ? MotionErrorCode.InvalidEvent : MotionErrorCode.InvalidFormat, path,
        message: `${at}: ${field} must be JSON data (strings, finite numbers, booleans, null, arrays, plain objects)`,
      };
    }
    return { code: MotionErrorCode.InvalidFormat, path, message: `${at}: ${field || 'clip'}: ${issue.message}` };
  });
}

function fail(issues: MotionIssue[]): never {
  throw new MotionValidationError(issues);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a clip file: JSON text or an already parsed object in the `portrait-rig-clip` format (see docs/motion.md).
 * Validates everything (structure with zod, then finite numbers, increasing key times, known channels and
 * interpolations, keys and markers within the duration) and reports every problem at once in a
 * {@link MotionValidationError} whose messages name the clip, track, key and fix, e.g.
 * `PortraitRig: clip "wave" track "head.yaw" key 3: keyframe times must increase (1.5 after 2.0); …`.
 *
 * @param input - JSON text, or the parsed object.
 * @param options - `source` (file name) for messages.
 * @returns The clip.
 * @throws {@link MotionValidationError} (a {@link PortraitRigError}) with `code` `motion/invalid-json`,
 *   `motion/invalid-format`, `motion/unsupported-version`, `motion/unsorted-keys`, … (see {@link MotionErrorCode}).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const wave = loadClip(await readFile('wave.clip.json', 'utf8'), { source: 'wave.clip.json' });
 * mixer.clipAction(wave).play();
 * ```
 */
export function loadClip(input: string | unknown, options: LoadClipOptions = {}): MotionClip {
  const source = options.source;
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      fail([{
        code: MotionErrorCode.InvalidJson, path: '',
        message: `PortraitRig: clip file${source ? ` ${source}` : ''}: not valid JSON (${detail}); fix the syntax `
          + '(no comments or trailing commas in JSON)',
      }]);
    }
  }
  const prefix = clipPrefix(isPlainObject(raw) ? raw['name'] : undefined, source);
  if (!isPlainObject(raw)) {
    fail([{
      code: MotionErrorCode.InvalidFormat, path: '',
      message: `PortraitRig: ${prefix}: a clip file is a JSON object with "format": "${CLIP_FORMAT}", not ${describe(raw)}`,
    }]);
  }
  if (raw['format'] !== CLIP_FORMAT) {
    const got = raw['format'];
    const hint = got === 'portrait-rig-model' ? ' (this is a model manifest, not a clip)' : '';
    fail([{
      code: MotionErrorCode.InvalidFormat, path: 'format',
      message: `PortraitRig: ${prefix}: "format" is ${got === undefined ? 'missing' : JSON.stringify(got)}${hint}; `
        + `a clip file starts with "format": "${CLIP_FORMAT}", "version": 1`,
    }]);
  }
  const version = raw['version'];
  if (typeof version !== 'number' || !SUPPORTED_CLIP_VERSIONS.includes(version)) {
    const newest = Math.max(...SUPPORTED_CLIP_VERSIONS);
    const fix = typeof version === 'number' && version > newest
      ? 'update portrait-rig to read it, or save the clip as version 1'
      : `set "version": ${newest}`;
    fail([{
      code: MotionErrorCode.UnsupportedVersion, path: 'version',
      message: `PortraitRig: ${prefix}: clip format version ${version === undefined ? 'is missing' : JSON.stringify(version)}`
        + ` is not supported; this SDK reads version${SUPPORTED_CLIP_VERSIONS.length > 1 ? 's' : ''} `
        + `${SUPPORTED_CLIP_VERSIONS.join(', ')}; ${fix}`,
    }]);
  }
  const parsed = clipSchemaV1.safeParse(raw);
  if (!parsed.success) fail(zodIssues(raw, parsed.error, prefix));
  return buildClip(parsed.data, prefix);
}

function buildClip(file: ClipFileV1, prefix: string): MotionClip {
  const issues: MotionIssue[] = [];
  const data = file.tracks.map((track, t) => {
    const keys = track.keys;
    const times = keys.map((key) => key.time);
    const values = keys.map((key) => key.value);
    const keyInterpolations = keys.some((key) => key.interpolation !== undefined) ? keys.map((key) => key.interpolation) : undefined;
    const inTangents = keys.some((key) => key.inTangent !== undefined) ? keys.map((key) => key.inTangent ?? Number.NaN) : undefined;
    const outTangents = keys.some((key) => key.outTangent !== undefined) ? keys.map((key) => key.outTangent ?? Number.NaN) : undefined;
    const interpolation = track.interpolation ?? 'linear';
    checkTrack({ times, values, valueSize: 1, interpolation, keyInterpolations, inTangents, outTangents },
      { prefix: `${prefix} track "${track.channel}"`, path: `tracks[${t}]` }, issues);
    return { name: track.channel, times, values, valueSize: 1, interpolation, keyInterpolations, inTangents, outTangents };
  });
  const markers = file.markers ?? [];
  checkClip({ name: file.name, duration: file.duration, loop: file.loop ?? 'once', tracks: data, markers }, prefix, issues);
  if (issues.length > 0) fail(issues);
  const tracks = data.map((track) => new KeyframeTrack(track.name, track.times, track.values, {
    interpolation: track.interpolation,
    ...(track.keyInterpolations ? { keyInterpolations: track.keyInterpolations } : {}),
    ...(track.inTangents ? { inTangents: track.inTangents } : {}),
    ...(track.outTangents ? { outTangents: track.outTangents } : {}),
  }));
  return new MotionClip({
    name: file.name,
    duration: file.duration,
    loop: (file.loop ?? 'once') as LoopMode,
    tracks,
    markers: markers.map((marker) => (marker.payload === undefined
      ? { name: marker.name, time: marker.time }
      : { name: marker.name, time: marker.time, payload: marker.payload as JsonValue })),
    ...(file.meta ? { meta: file.meta as { [key: string]: JsonValue } } : {}),
  });
}
