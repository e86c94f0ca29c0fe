import { formatNumber } from './formatNumber.js';
import { InterpolationMode } from './Interpolation.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionIssue } from './MotionIssue.js';
import { canonicalInterpolation, interpolationProblem } from './resolveInterpolation.js';

/** Raw track data to check (before a `KeyframeTrack` exists). @internal */
export interface TrackCheckInput {
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly valueSize: number;
  readonly interpolation: string;
  readonly keyInterpolations?: ArrayLike<string | undefined | null> | undefined;
  readonly inTangents?: ArrayLike<number> | undefined;
  readonly outTangents?: ArrayLike<number> | undefined;
}

/** Where the track is, for messages: `prefix` = `clip "wave" track "head.yaw"`, `path` = `tracks[0]` or ''. @internal */
export interface TrackCheckContext {
  readonly prefix: string;
  readonly path: string;
}

const join = (path: string, rest: string): string => (path ? `${path}.${rest}` : rest);

/**
 * Checks keyframe data: at least one key, matching lengths, finite times and values, strictly increasing times,
 * valid interpolation names, tangents only where a `bezier` segment uses them. Appends one issue per problem.
 *
 * @internal
 */
export function checkTrack(input: TrackCheckInput, context: TrackCheckContext, issues: MotionIssue[]): void {
  const { times, values, valueSize } = input;
  const at = context.prefix;
  const push = (code: MotionIssue['code'], where: string, message: string, path: string): void => {
    issues.push({ code, message: `PortraitRig: ${at}${where}: ${message}`, path });
  };
  if (!Number.isInteger(valueSize) || valueSize < 1) {
    push(MotionErrorCode.InvalidTrack, '', `valueSize must be a positive integer (got ${valueSize})`, context.path);
    return;
  }
  const n = times.length;
  if (n === 0) {
    push(MotionErrorCode.InvalidTrack, '', 'a track needs at least one key; add a key or remove the track',
      join(context.path, 'keys'));
    return;
  }
  if (values.length !== n * valueSize) {
    push(MotionErrorCode.InvalidTrack, '',
      `${n} times need ${n * valueSize} values (${valueSize} per key) but there are ${values.length}; `
      + 'give every key its value', context.path);
    return;
  }
  const trackProblem = interpolationProblem(input.interpolation);
  if (trackProblem) push(MotionErrorCode.UnknownInterpolation, '', trackProblem, join(context.path, 'interpolation'));

  for (let i = 0; i < n; i++) {
    const keyPath = join(context.path, `keys[${i}]`);
    const t = times[i]!;
    if (!Number.isFinite(t)) {
      push(MotionErrorCode.NonFinite, ` key ${i}`, `time is ${t}; every key needs a finite time in seconds`,
        `${keyPath}.time`);
    } else if (i > 0 && Number.isFinite(times[i - 1]!) && !(t > times[i - 1]!)) {
      push(MotionErrorCode.UnsortedKeys, ` key ${i}`,
        `keyframe times must increase (${formatNumber(t)} after ${formatNumber(times[i - 1]!)}); `
        + 'sort the keys by time and give each key its own time', `${keyPath}.time`);
    }
    for (let c = 0; c < valueSize; c++) {
      const v = values[i * valueSize + c]!;
      if (!Number.isFinite(v)) {
        const which = valueSize === 1 ? 'value' : `value component ${c}`;
        push(MotionErrorCode.NonFinite, ` key ${i}`, `${which} is ${v}; values must be finite numbers`,
          `${keyPath}.value`);
      }
    }
  }

  const keyModes = input.keyInterpolations;
  if (keyModes !== undefined && keyModes.length !== n) {
    push(MotionErrorCode.InvalidTrack, '',
      `keyInterpolations has ${keyModes.length} entries for ${n} keys; give one per key (undefined = the track's)`,
      context.path);
    return;
  }
  const segmentMode = (i: number): string | undefined => {
    const own = keyModes?.[i];
    return canonicalInterpolation(own ?? input.interpolation);
  };
  if (keyModes) {
    for (let i = 0; i < n; i++) {
      const own = keyModes[i];
      if (own === undefined || own === null) continue;
      const problem = interpolationProblem(own);
      if (problem) {
        push(MotionErrorCode.UnknownInterpolation, ` key ${i}`, problem, `${join(context.path, `keys[${i}]`)}.interpolation`);
      }
    }
  }

  const checkTangents = (tangents: ArrayLike<number> | undefined, field: 'inTangent' | 'outTangent'): void => {
    if (tangents === undefined) return;
    if (tangents.length !== n * valueSize) {
      push(MotionErrorCode.InvalidTrack, '',
        `${field}s has ${tangents.length} entries for ${n} keys × ${valueSize}; give one per key and component `
        + '(NaN = automatic)', context.path);
      return;
    }
    for (let i = 0; i < n; i++) {
      let used = false;
      const path = `${join(context.path, `keys[${i}]`)}.${field}`;
      for (let c = 0; c < valueSize; c++) {
        const m = tangents[i * valueSize + c]!;
        if (Number.isNaN(m)) continue;
        used = true;
        if (!Number.isFinite(m)) {
          push(MotionErrorCode.NonFinite, ` key ${i}`, `${field} is ${m}; tangents must be finite (value units per second)`, path);
        }
      }
      if (!used) continue;
      const segment = field === 'outTangent' ? i : i - 1;
      const side = field === 'outTangent' ? 'after' : 'before';
      if (segment < 0 || segment > n - 2) {
        push(MotionErrorCode.InvalidTrack, ` key ${i}`,
          `${field} is set but there is no segment ${side} the ${i === 0 ? 'first' : 'last'} key; remove ${field}`, path);
      } else if (segmentMode(segment) !== InterpolationMode.Bezier) {
        push(MotionErrorCode.InvalidTrack, ` key ${i}`,
          `${field} is set but the segment ${side} key ${i} uses "${segmentMode(segment) ?? 'an unknown interpolation'}"; `
          + `set interpolation "bezier" on key ${segment} (or the track) or remove ${field}`, path);
      }
    }
  };
  checkTangents(input.inTangents, 'inTangent');
  checkTangents(input.outTangents, 'outTangent');
}
