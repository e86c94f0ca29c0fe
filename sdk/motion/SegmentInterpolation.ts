import type { KeyframeTrack } from './KeyframeTrack.js';

/**
 * Strategy that fills one keyframe segment (three.js `Interpolant` style): given the segment's first key index,
 * it writes the interpolated value into a preallocated buffer. The built-in ones are resolved by name with
 * {@link resolveInterpolation}.
 *
 * The time travels **in the buffer**, not as an argument: on entry `buffer[offset]` holds the time in seconds, on
 * return `buffer[offset … offset + track.valueSize)` holds the value. In V8 a fractional number passed to (or
 * returned from) a function that is not inlined is boxed on the heap; passing it through a `Float64Array` keeps
 * evaluation allocation-free. Implementations must not allocate.
 */
export interface SegmentInterpolation {
  /** Canonical name, as clip files store it (`'linear'`, `'easeInOutCubic'`, `'cubic-bezier(0.42, 0, 0.58, 1)'`). */
  readonly name: string;
  /**
   * Replaces the time at `buffer[offset]` (seconds, with `track.times[index] <= time < track.times[index + 1]`) by
   * the value of `track` at that time (`track.valueSize` numbers from `offset`).
   *
   * @param track - The track being evaluated.
   * @param index - The segment's first key.
   * @param buffer - In: the time at `offset`. Out: the value.
   * @param offset - First element of `buffer` used.
   */
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void;
}
