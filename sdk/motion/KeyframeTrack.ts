import type { ChannelName } from '../rig/channels.js';
import { checkTrack } from './checkTrack.js';
import { findIndex, writeValueAt } from './trackValue.js';
import type { Interpolation } from './Interpolation.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionIssue } from './MotionIssue.js';
import { MotionValidationError } from './MotionValidationError.js';
import { monotoneSlopes } from './monotoneSlopes.js';
import { resolveInterpolation } from './resolveInterpolation.js';
import type { SegmentInterpolation } from './SegmentInterpolation.js';
import { TrackInterpolant } from './TrackInterpolant.js';

/** Options of a {@link KeyframeTrack}. */
export interface KeyframeTrackOptions {
  /** Interpolation of every segment without its own (default `'linear'`). */
  interpolation?: Interpolation;
  /**
   * Per-key override of the segment that starts at that key, one entry per key; `undefined`/`null` = the track's
   * `interpolation`. The last key's entry has no segment to affect.
   */
  keyInterpolations?: ReadonlyArray<Interpolation | undefined | null>;
  /**
   * Incoming slope at each key in value units per second (one per key and component), used by a `'bezier'`
   * segment that ends at the key; `NaN` = automatic (the `'smooth'` slope).
   */
  inTangents?: ArrayLike<number>;
  /**
   * Outgoing slope at each key in value units per second (one per key and component), used by a `'bezier'`
   * segment that starts at the key; `NaN` = automatic.
   */
  outTangents?: ArrayLike<number>;
  /** Numbers per key (default 1; channel tracks in clips are scalar). */
  valueSize?: number;
}

/**
 * Keyframed curve of one channel (three.js `KeyframeTrack` style): times in **seconds**, flat values (`valueSize`
 * numbers per key, 1 for channels), and how each segment between two keys is interpolated. A track is data only;
 * playback state (the cached segment for sequential evaluation) lives in a {@link TrackInterpolant}, so one track can
 * be played by many actions at once.
 *
 * Before the first key the curve holds the first value, after the last key the last value. The constructor copies
 * its inputs and validates them (finite numbers, strictly increasing times, known interpolation names) and throws a
 * {@link MotionValidationError} naming the key and the fix.
 *
 * @example
 * ```ts
 * // Turn the head 20° to the avatar's left over 0.5 s with an ease-in-out, hold, then come back smoothly.
 * const yaw = new KeyframeTrack('head.yaw', [0, 0.5, 1.5, 2], [0, 20, 20, 0], {
 *   interpolation: 'smooth',
 *   keyInterpolations: ['easeInOutCubic', 'step', undefined, undefined],
 * });
 * yaw.evaluate(0.25); // ≈ 10 degrees
 * ```
 */
export class KeyframeTrack {
  /** The channel this track animates (`head.yaw`, `mouth.open`, `dict.7` …). */
  readonly name: ChannelName;
  /** Key times in seconds, strictly increasing. */
  readonly times: Float32Array | Float64Array;
  /** Key values, `valueSize` per key, in the channel's unit (degrees, amount or coefficient). */
  readonly values: Float32Array | Float64Array;
  /** Numbers per key. */
  readonly valueSize: number;
  /** Canonical interpolation of segments without their own. */
  readonly interpolation: Interpolation;
  /** Canonical per-key overrides (one per key, `undefined` = the track's), or `undefined` when there are none. */
  readonly keyInterpolations: readonly (Interpolation | undefined)[] | undefined;
  /** Explicit incoming tangents (value units per second, `NaN` = automatic), or `undefined`. */
  readonly inTangents: Float64Array | undefined;
  /** Explicit outgoing tangents (value units per second, `NaN` = automatic), or `undefined`. */
  readonly outTangents: Float64Array | undefined;
  /** The strategy of each segment: `segments[i]` fills `times[i] … times[i + 1]` (length = key count). */
  readonly segments: readonly SegmentInterpolation[];
  /** Automatic (monotone Catmull-Rom) slope at each key, value units per second; used by `'smooth'`. */
  readonly smoothSlopes: Float64Array;
  /** Incoming slope at each key used by `'bezier'` segments (explicit, else automatic), value units per second. */
  readonly bezierInSlopes: Float64Array;
  /** Outgoing slope at each key used by `'bezier'` segments (explicit, else automatic), value units per second. */
  readonly bezierOutSlopes: Float64Array;

  /**
   * @param name - Channel name.
   * @param times - Key times in seconds, strictly increasing (a `Float32Array` is kept as float32, anything else
   *   becomes a `Float64Array`).
   * @param values - `valueSize` values per key.
   * @param options - Interpolation, per-key overrides, tangents, value size.
   * @throws {@link MotionValidationError} when the data is invalid.
   */
  constructor(name: ChannelName, times: ArrayLike<number>, values: ArrayLike<number>, options: KeyframeTrackOptions = {}) {
    const valueSize = options.valueSize ?? 1;
    const interpolation = options.interpolation ?? 'linear';
    const issues: MotionIssue[] = [];
    if (typeof name !== 'string' || name.length === 0) {
      issues.push({
        code: MotionErrorCode.InvalidChannel, path: 'channel',
        message: 'PortraitRig: track: the channel name must be a non-empty string (e.g. "head.yaw")',
      });
    }
    checkTrack({
      times, values, valueSize, interpolation,
      keyInterpolations: options.keyInterpolations, inTangents: options.inTangents, outTangents: options.outTangents,
    }, { prefix: `track "${String(name)}"`, path: '' }, issues);
    if (issues.length > 0) throw new MotionValidationError(issues);

    const n = times.length;
    this.name = name;
    this.valueSize = valueSize;
    this.times = times instanceof Float32Array ? new Float32Array(times) : Float64Array.from(times);
    this.values = values instanceof Float32Array ? new Float32Array(values) : Float64Array.from(values);
    this.interpolation = resolveInterpolation(interpolation)!.name;
    const trackStrategy = resolveInterpolation(this.interpolation)!;
    const keyModes = options.keyInterpolations;
    this.keyInterpolations = keyModes && keyModes.some((m) => m !== undefined && m !== null)
      ? Object.freeze(Array.from(keyModes, (m) => (m === undefined || m === null ? undefined : resolveInterpolation(m)!.name)))
      : undefined;
    const own = this.keyInterpolations;
    this.segments = Object.freeze(Array.from({ length: n }, (_, i) => {
      const mode = own?.[i];
      return mode === undefined ? trackStrategy : resolveInterpolation(mode)!;
    }));
    this.inTangents = options.inTangents ? Float64Array.from(options.inTangents) : undefined;
    this.outTangents = options.outTangents ? Float64Array.from(options.outTangents) : undefined;
    this.smoothSlopes = new Float64Array(n * valueSize);
    monotoneSlopes(this.times, this.values, valueSize, this.smoothSlopes);
    this.bezierInSlopes = Float64Array.from(this.smoothSlopes);
    this.bezierOutSlopes = Float64Array.from(this.smoothSlopes);
    for (let k = 0; k < n * valueSize; k++) {
      const inT = this.inTangents?.[k];
      const outT = this.outTangents?.[k];
      if (inT !== undefined && !Number.isNaN(inT)) this.bezierInSlopes[k] = inT;
      if (outT !== undefined && !Number.isNaN(outT)) this.bezierOutSlopes[k] = outT;
    }
  }

  /** Number of keys. */
  get keyCount(): number {
    return this.times.length;
  }

  /** Time of the first key in seconds. */
  get startTime(): number {
    return this.times[0]!;
  }

  /** Time of the last key in seconds. */
  get endTime(): number {
    return this.times[this.times.length - 1]!;
  }

  /** The interpolation of the segment that starts at key `index` (canonical name). */
  interpolationAt(index: number): Interpolation {
    return this.keyInterpolations?.[index] ?? this.interpolation;
  }

  /**
   * Value at `time` (seconds) by binary search, O(log n). For playback, where times advance frame by frame, use
   * {@link KeyframeTrack.createInterpolant} instead (O(1) per frame).
   *
   * @param time - Time in seconds.
   * @param result - Where to write `valueSize` numbers; allocated when omitted.
   * @param offset - First element of `result` to write.
   * @returns The first component of the value (the value itself for channel tracks).
   */
  evaluate(time: number, result?: Float64Array, offset = 0): number {
    const out = result ?? new Float64Array(this.valueSize);
    writeValueAt(this, time, findIndex(this, time), out, offset);
    return out[offset]!;
  }

  /**
   * A cached evaluator for playback (three.js `createInterpolant`): remembers the last segment, so sequential
   * evaluation is O(1) and seeks are O(log n); writes into its own preallocated buffer.
   *
   * @param result - Buffer to write into (length ≥ `valueSize`); allocated when omitted.
   */
  createInterpolant(result?: Float64Array): TrackInterpolant {
    return new TrackInterpolant(this, result);
  }
}
