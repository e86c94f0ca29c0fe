import type { EasingName } from './Easing.js';

/**
 * How a keyframe segment (from one key to the next) is filled, as an `as const` object with a same-named union
 * type. Besides these modes a segment may use a named easing ({@link Easing}) or a CSS
 * `cubic-bezier(x1, y1, x2, y2)`; see {@link Interpolation}.
 */
export const InterpolationMode = {
  /** Holds the segment's first value until the next key (a jump at the next key). */
  Step: 'step',
  /** Straight line between the two keys. */
  Linear: 'linear',
  /**
   * Cubic Hermite curve with automatic tangents: monotone Catmull-Rom (the slope at a key is the time-weighted
   * average of the neighbouring segments' slopes, zero at a local extremum and at the first and last key, and
   * limited so the curve never overshoots its keys).
   */
  Smooth: 'smooth',
  /**
   * Cubic Bézier with explicit tangents: the key's `outTangent` and the next key's `inTangent` (value units per
   * second) set the slopes at the segment's ends; a key without a tangent gets the automatic `smooth` one. The
   * control points are (t0 + h/3, v0 + outTangent·h/3) and (t1 − h/3, v1 − inTangent·h/3) with h = t1 − t0.
   */
  Bezier: 'bezier',
} as const;
/** `'step' | 'linear' | 'smooth' | 'bezier'`. */
export type InterpolationMode = (typeof InterpolationMode)[keyof typeof InterpolationMode];

/** A CSS cubic-bezier easing as text, `cubic-bezier(x1, y1, x2, y2)` (x1, x2 in 0..1). */
export type CubicBezierText = `cubic-bezier(${string})`;

/**
 * What a segment's interpolation may be called: a mode (`'step' | 'linear' | 'smooth' | 'bezier'`), an easing
 * name (`'easeInOutCubic'` …) or `'cubic-bezier(x1, y1, x2, y2)'`. Other strings are accepted by the type (so
 * names read from files type-check) and validated at run time with an error that lists the valid names.
 */
export type Interpolation = InterpolationMode | EasingName | CubicBezierText | (string & {});
