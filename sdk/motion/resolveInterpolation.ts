import { CubicBezierEasing } from './CubicBezierEasing.js';
import { EASING_FUNCTIONS, easingId } from './Easing.js';
import { InterpolationMode } from './Interpolation.js';
import type { SegmentInterpolation } from './SegmentInterpolation.js';
import {
  BezierInterpolation, EasingInterpolation, LinearInterpolation, SmoothInterpolation, StepInterpolation,
} from './builtinInterpolations.js';

const BUILTIN = new Map<string, SegmentInterpolation>([
  [InterpolationMode.Step, StepInterpolation],
  [InterpolationMode.Linear, LinearInterpolation],
  [InterpolationMode.Smooth, SmoothInterpolation],
  [InterpolationMode.Bezier, BezierInterpolation],
  ...Object.keys(EASING_FUNCTIONS).map((name) => [name, new EasingInterpolation(name, easingId(name))] as const),
]);
const BEZIER_CACHE = new Map<string, SegmentInterpolation>();
const BEZIER_CACHE_LIMIT = 512;

/**
 * The strategy behind an interpolation name: a mode (`'linear'` …), an easing (`'easeInOutCubic'` …) or a CSS
 * `cubic-bezier(x1, y1, x2, y2)`.
 *
 * @returns The shared strategy object, or `undefined` when `name` is none of these
 *   ({@link interpolationProblem} says why).
 */
export function resolveInterpolation(name: string): SegmentInterpolation | undefined {
  const builtin = BUILTIN.get(name);
  if (builtin) return builtin;
  const cached = BEZIER_CACHE.get(name);
  if (cached) return cached;
  if (!name.trimStart().startsWith('cubic-bezier')) return undefined;
  const bezier = CubicBezierEasing.parse(name);
  if (!bezier) return undefined;
  const strategy = new EasingInterpolation(bezier.toString(), bezier);
  if (BEZIER_CACHE.size < BEZIER_CACHE_LIMIT) BEZIER_CACHE.set(name, strategy);
  return strategy;
}

/** True when {@link resolveInterpolation} accepts `name`. */
export function isInterpolation(name: string): boolean {
  return resolveInterpolation(name) !== undefined;
}

/**
 * Why `name` is not a valid interpolation, with the fix (the list of valid names), or `undefined` when it is valid.
 */
export function interpolationProblem(name: string): string | undefined {
  if (resolveInterpolation(name)) return undefined;
  if (name.trimStart().startsWith('cubic-bezier')) {
    return `unknown interpolation "${name}": write cubic-bezier(x1, y1, x2, y2) with four finite numbers and x1, x2 in 0..1`;
  }
  const lower = name.toLowerCase();
  const close = [...BUILTIN.keys()].find((candidate) => candidate.toLowerCase() === lower);
  const hint = close ? ` (did you mean "${close}"?)` : '';
  return `unknown interpolation "${name}"${hint}; use one of ${Object.values(InterpolationMode).join(', ')}, `
    + `an easing (${Object.keys(EASING_FUNCTIONS).join(', ')}) or cubic-bezier(x1, y1, x2, y2)`;
}

/** The names {@link resolveInterpolation} accepts besides `cubic-bezier(…)`: the modes, then the easings. */
export const INTERPOLATION_NAMES: readonly string[] = Object.freeze([...BUILTIN.keys()]);

/** Canonical form of a valid interpolation name (`cubic-bezier(.42,0,.58,1)` → `cubic-bezier(0.42, 0, 0.58, 1)`). */
export function canonicalInterpolation(name: string): string | undefined {
  return resolveInterpolation(name)?.name;
}
