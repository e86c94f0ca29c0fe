import { channelNameProblem } from '../rig/channelNameProblem.js';
import type { JsonValue } from './ClipMarker.js';
import { formatNumber } from './formatNumber.js';
import { isLoopMode } from './LoopMode.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionIssue } from './MotionIssue.js';

/** Clip data to check, from a `MotionClip`'s options or a parsed clip file. @internal */
export interface ClipCheckInput {
  readonly name: unknown;
  readonly duration: unknown;
  readonly loop: unknown;
  readonly tracks: readonly { readonly name: string; readonly times: ArrayLike<number>; readonly valueSize: number }[];
  readonly markers: readonly { readonly name: unknown; readonly time: unknown; readonly payload?: unknown }[];
}

/** `clip "wave"` or `clip "wave" (wave.json)`, for messages. @internal */
export function clipPrefix(name: unknown, source?: string): string {
  const label = typeof name === 'string' && name.length > 0 ? `clip "${name}"` : 'clip (unnamed)';
  return source ? `${label} (${source})` : label;
}

/** True when `value` is plain JSON data (no undefined, functions, NaN, class instances or cycles). @internal */
export function isJsonValue(value: unknown, seen: Set<object> = new Set()): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const ok = Array.isArray(value)
    ? value.every((item) => isJsonValue(item, seen))
    : Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null
      ? Object.values(value).every((item) => isJsonValue(item, seen))
      : false;
  seen.delete(value);
  return ok;
}

/**
 * Clip-level checks: name, duration > 0, loop mode, channel names valid and unique, scalar tracks, keys within
 * `0 … duration`, markers named and within `0 … duration` with JSON payloads. (Keyframe data itself is checked
 * by `checkTrack`.)
 *
 * @internal
 */
export function checkClip(input: ClipCheckInput, prefix: string, issues: MotionIssue[]): void {
  const push = (code: MotionIssue['code'], message: string, path: string): void => {
    issues.push({ code, message: `PortraitRig: ${prefix}${message}`, path });
  };
  if (typeof input.name !== 'string' || input.name.length === 0) {
    push(MotionErrorCode.InvalidFormat, ': "name" must be a non-empty string; give the clip a name (e.g. "wave")', 'name');
  }
  const duration = input.duration;
  const durationOk = typeof duration === 'number' && Number.isFinite(duration) && duration > 0;
  if (!durationOk) {
    const got = typeof duration === 'number' ? formatNumber(duration) : JSON.stringify(duration) ?? String(duration);
    push(typeof duration === 'number' && !Number.isFinite(duration) ? MotionErrorCode.NonFinite : MotionErrorCode.InvalidDuration,
      `: duration must be a finite number of seconds greater than 0 (got ${got}); set it to the clip's length, `
      + 'at least the time of its last key', 'duration');
  }
  if (!isLoopMode(input.loop)) {
    push(MotionErrorCode.InvalidFormat, `: unknown loop mode ${JSON.stringify(input.loop) ?? String(input.loop)}; use "once", "loop" or "ping-pong"`, 'loop');
  }
  const seen = new Map<string, number>();
  input.tracks.forEach((track, t) => {
    const at = `tracks[${t}]`;
    const where = ` track "${track.name}"`;
    const problem = channelNameProblem(track.name);
    if (problem) {
      issues.push({ code: MotionErrorCode.InvalidChannel, message: `PortraitRig: ${prefix}${where}: ${problem}`, path: `${at}.channel` });
    }
    const first = seen.get(track.name);
    if (first !== undefined) {
      push(MotionErrorCode.DuplicateTrack,
        `${where}: channel already animated by track ${first}; merge the two tracks' keys into one`, `${at}.channel`);
    } else {
      seen.set(track.name, t);
    }
    if (track.valueSize !== 1) {
      push(MotionErrorCode.InvalidTrack, `${where}: clip tracks hold one number per key (valueSize 1), got ${track.valueSize}`, at);
    }
    if (!durationOk) return;
    const times = track.times;
    for (let i = 0; i < times.length; i++) {
      const time = times[i]!;
      if (time < 0) {
        push(MotionErrorCode.OutOfRange,
          `${where} key ${i}: time ${formatNumber(time)} s is before the clip's start (0); keys must lie in 0 … duration`,
          `${at}.keys[${i}].time`);
      } else if (time > (duration as number)) {
        push(MotionErrorCode.OutOfRange,
          `${where} key ${i}: time ${formatNumber(time)} s lies beyond the clip's duration (${formatNumber(duration as number)} s); `
          + 'extend the duration or move the key', `${at}.keys[${i}].time`);
      }
    }
  });
  input.markers.forEach((marker, m) => {
    const at = `markers[${m}]`;
    const label = typeof marker.name === 'string' && marker.name.length > 0 ? ` marker "${marker.name}"` : ` marker ${m}`;
    if (typeof marker.name !== 'string' || marker.name.length === 0) {
      push(MotionErrorCode.InvalidEvent, `${label}: "name" must be a non-empty string`, `${at}.name`);
    }
    const time = marker.time;
    if (typeof time !== 'number' || !Number.isFinite(time)) {
      push(typeof time === 'number' ? MotionErrorCode.NonFinite : MotionErrorCode.InvalidEvent,
        `${label}: time must be a finite number of seconds (got ${typeof time === 'number' ? time : typeof time})`, `${at}.time`);
    } else if (durationOk && (time < 0 || time > (duration as number))) {
      push(MotionErrorCode.OutOfRange,
        `${label}: time ${formatNumber(time)} s lies outside the clip (0 … ${formatNumber(duration as number)} s); move it into the clip`,
        `${at}.time`);
    }
    if (marker.payload !== undefined && !isJsonValue(marker.payload)) {
      push(MotionErrorCode.InvalidEvent,
        `${label}: payload must be JSON data (strings, finite numbers, booleans, null, arrays, plain objects)`, `${at}.payload`);
    }
  });
}
