import type { KeyframeTrack } from './KeyframeTrack.js';

/**
 * Binary search (see `findSegment`) for the time in `result[0]`. The time travels in the array, not as an
 * argument: a fractional number passed to a call V8 does not inline is boxed, and with two call sites V8 may box it
 * where both meet, that is on every evaluation.
 */
function search(times: Float32Array | Float64Array, result: Float64Array, lo: number, hi: number): number {
  const time = result[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many segments the interpolant walks from its cached one before it falls back to binary search. */
const WALK = 4;

/**
 * Playback evaluator of one {@link KeyframeTrack} (three.js `Interpolant` style): remembers the segment it found
 * last and writes into a preallocated result buffer. Sequential evaluation (time moving forward or backward by a
 * frame) is O(1) amortized: it checks the cached segment, then walks up to a few neighbours; a seek further away
 * is a binary search, O(log n). Never allocates.
 *
 * @example
 * ```ts
 * const interpolant = track.createInterpolant();
 * for (let frame = 0; frame < 120; frame++) {
 *   const yaw = interpolant.evaluate(frame / 60)[0]; // degrees
 * }
 * ```
 */
export class TrackInterpolant {
  /** The track evaluated. */
  readonly track: KeyframeTrack;
  /** Where {@link TrackInterpolant.evaluate} writes (`track.valueSize` numbers). */
  readonly result: Float64Array;
  private cachedIndex = -1;

  /**
   * @param track - Track to evaluate.
   * @param result - Output buffer (length ≥ `track.valueSize`); allocated when omitted.
   */
  constructor(track: KeyframeTrack, result?: Float64Array) {
    if (result && result.length < track.valueSize) {
      throw new RangeError(`PortraitRig: track "${track.name}": result buffer holds ${result.length} numbers, needs ${track.valueSize}`);
    }
    this.track = track;
    this.result = result ?? new Float64Array(track.valueSize);
  }

  /**
   * Writes the track's value at `time` (seconds) into {@link TrackInterpolant.result} and returns that buffer.
   * Before the first key it holds the first value, after the last key the last value.
   */
  evaluate(time: number): Float64Array {
    this.result[0] = time;
    return this.evaluateInPlace();
  }

  /**
   * Like {@link TrackInterpolant.evaluate} with the time read from `result[0]` (seconds) and replaced by the value.
   * In V8 a fractional number passed to a function that is not inlined is boxed on the heap; this form passes
   * nothing, so a playback loop that calls it allocates nothing. Returns `result`.
   */
  evaluateInPlace(): Float64Array {
    const result = this.result;
    const time = result[0]!;
    const track = this.track;
    const times = track.times;
    const last = times.length - 1;
    let index: number;
    if (!(time > times[0]!)) {
      index = -1;
    } else if (time >= times[last]!) {
      index = last;
    } else {
      index = this.cachedIndex;
      if (index < 0 || index >= last) index = time < times[1]! ? 0 : last - 1;
      if (time >= times[index + 1]!) {
        // Forward: walk a few segments, then binary search what is left.
        let steps = 0;
        while (++index < last && time >= times[index + 1]!) {
          if (++steps >= WALK) {
            index = search(times, result, index, last - 1);
            break;
          }
        }
      } else if (time < times[1]!) {
        index = 0; // back to the start (a loop wrap)
      } else if (time < times[index]!) {
        let steps = 0;
        while (--index > 0 && time < times[index]!) {
          if (++steps >= WALK) {
            index = search(times, result, 0, index - 1);
            break;
          }
        }
      }
      this.cachedIndex = index;
    }
    const size = track.valueSize;
    if (index < 0 || index >= last) {
      const base = index < 0 ? 0 : last * size;
      for (let c = 0; c < size; c++) result[c] = track.values[base + c]!;
    } else {
      track.segments[index]!.interpolate(track, index, result, 0);
    }
    return result;
  }

  /** Forgets the cached segment (the next evaluation searches from scratch). */
  reset(): void {
    this.cachedIndex = -1;
  }
}
