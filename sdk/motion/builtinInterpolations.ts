import type { CubicBezierEasing } from './CubicBezierEasing.js';
import { applyEasing } from './Easing.js';
import type { KeyframeTrack } from './KeyframeTrack.js';
import type { SegmentInterpolation } from './SegmentInterpolation.js';

/** `'step'`: holds the segment's first value. */
export const StepInterpolation: SegmentInterpolation = Object.freeze({
  name: 'step',
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void {
    const size = track.valueSize;
    const values = track.values;
    const base = index * size;
    for (let c = 0; c < size; c++) buffer[offset + c] = values[base + c]!;
  },
});

/** `'linear'`: straight line between the segment's keys. */
export const LinearInterpolation: SegmentInterpolation = Object.freeze({
  name: 'linear',
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void {
    const times = track.times;
    const t0 = times[index]!;
    const u = (buffer[offset]! - t0) / (times[index + 1]! - t0);
    const size = track.valueSize;
    const values = track.values;
    const a = index * size;
    const b = a + size;
    for (let c = 0; c < size; c++) {
      const v0 = values[a + c]!;
      buffer[offset + c] = v0 + (values[b + c]! - v0) * u;
    }
  },
});

/** Cubic Hermite between keys `index` and `index + 1` with the given slopes; time in `buffer[offset]`. */
function hermite(
  track: KeyframeTrack, index: number, buffer: Float64Array, offset: number, outSlopes: Float64Array, inSlopes: Float64Array,
): void {
  const times = track.times;
  const t0 = times[index]!;
  const h = times[index + 1]! - t0;
  const s = (buffer[offset]! - t0) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = (s3 - 2 * s2 + s) * h;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = (s3 - s2) * h;
  const size = track.valueSize;
  const values = track.values;
  const a = index * size;
  const b = a + size;
  for (let c = 0; c < size; c++) {
    buffer[offset + c] = h00 * values[a + c]! + h10 * outSlopes[a + c]! + h01 * values[b + c]! + h11 * inSlopes[b + c]!;
  }
}

/** `'smooth'`: cubic Hermite with the track's automatic (monotone Catmull-Rom) slopes. */
export const SmoothInterpolation: SegmentInterpolation = Object.freeze({
  name: 'smooth',
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void {
    hermite(track, index, buffer, offset, track.smoothSlopes, track.smoothSlopes);
  },
});

/** `'bezier'`: cubic Hermite/Bézier with the keys' explicit tangents (automatic where a key has none). */
export const BezierInterpolation: SegmentInterpolation = Object.freeze({
  name: 'bezier',
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void {
    hermite(track, index, buffer, offset, track.bezierOutSlopes, track.bezierInSlopes);
  },
});

/**
 * A segment eased by a function of normalized time: value = v0 + (v1 − v0)·ease(u). Used for the named easings
 * (by id, see {@link Easing}) and for CSS `cubic-bezier(…)`.
 */
export class EasingInterpolation implements SegmentInterpolation {
  /** Canonical name (`'easeInOutCubic'`, `'cubic-bezier(0.42, 0, 0.58, 1)'`). */
  readonly name: string;
  private readonly easingId: number;
  private readonly bezier: CubicBezierEasing | undefined;

  /**
   * @param name - Canonical name.
   * @param easing - A named easing's index in `Object.values(Easing)`, or a CSS cubic-bezier.
   */
  constructor(name: string, easing: number | CubicBezierEasing) {
    this.name = name;
    this.easingId = typeof easing === 'number' ? easing : -1;
    this.bezier = typeof easing === 'number' ? undefined : easing;
  }

  /** {@inheritDoc SegmentInterpolation.interpolate} */
  interpolate(track: KeyframeTrack, index: number, buffer: Float64Array, offset: number): void {
    const times = track.times;
    const t0 = times[index]!;
    const u = (buffer[offset]! - t0) / (times[index + 1]! - t0);
    let w = 0;
    if (u > 0) {
      buffer[offset] = u;
      if (this.bezier) this.bezier.easeInPlace(buffer, offset);
      else applyEasing(this.easingId, buffer, offset);
      w = buffer[offset]!;
    }
    const size = track.valueSize;
    const values = track.values;
    const a = index * size;
    const b = a + size;
    for (let c = 0; c < size; c++) {
      const v0 = values[a + c]!;
      buffer[offset + c] = v0 + (values[b + c]! - v0) * w;
    }
  }
}
