/**
 * Named easing functions for keyframe segments, as an `as const` object with a same-named union type (three-vrm
 * style). An easing maps the segment's normalized time `u` (0 at the segment's first key, 1 at the next key) to a
 * blend factor between the two keys' values. All of them start at 0 and end at 1; the `Back` family overshoots
 * (goes slightly past the keys) on purpose.
 *
 * The set follows easings.net: quadratic, cubic, quartic, sine, exponential and back, each as `easeIn…`
 * (slow start), `easeOut…` (slow end) and `easeInOut…` (slow both ends). Elastic and bounce easings are left out:
 * on a face they read as a glitch rather than as motion. For anything else use `cubic-bezier(x1, y1, x2, y2)`.
 *
 * @example
 * ```ts
 * const track = new KeyframeTrack('head.yaw', [0, 1], [0, 20], { interpolation: Easing.EaseInOutCubic });
 * ```
 */
export const Easing = {
  /** `u²`. */
  EaseInQuad: 'easeInQuad',
  /** `1 − (1 − u)²`. */
  EaseOutQuad: 'easeOutQuad',
  /** Quadratic in, then out. */
  EaseInOutQuad: 'easeInOutQuad',
  /** `u³`. */
  EaseInCubic: 'easeInCubic',
  /** `1 − (1 − u)³`. */
  EaseOutCubic: 'easeOutCubic',
  /** Cubic in, then out. */
  EaseInOutCubic: 'easeInOutCubic',
  /** `u⁴`. */
  EaseInQuart: 'easeInQuart',
  /** `1 − (1 − u)⁴`. */
  EaseOutQuart: 'easeOutQuart',
  /** Quartic in, then out. */
  EaseInOutQuart: 'easeInOutQuart',
  /** `1 − cos(u·π/2)`. */
  EaseInSine: 'easeInSine',
  /** `sin(u·π/2)`. */
  EaseOutSine: 'easeOutSine',
  /** `(1 − cos(u·π)) / 2`. */
  EaseInOutSine: 'easeInOutSine',
  /** `(2^(10u) − 1) / 1023`: the classic `2^(10u − 10)` rescaled to be exactly 0 at 0, so the curve has no jump. */
  EaseInExpo: 'easeInExpo',
  /** Mirror of `easeInExpo`: ≈ `1 − 2^(−10u)`, exactly 1 at 1. */
  EaseOutExpo: 'easeOutExpo',
  /** Exponential in, then out. */
  EaseInOutExpo: 'easeInOutExpo',
  /** Pulls back about 10 % below the start before moving (overshoots). */
  EaseInBack: 'easeInBack',
  /** Overshoots the end by about 10 %, then settles. */
  EaseOutBack: 'easeOutBack',
  /** Back in, then out (overshoots at both ends). */
  EaseInOutBack: 'easeInOutBack',
} as const;
/** Union of the easing names, `'easeInQuad' | … | 'easeInOutBack'`. */
export type EasingName = (typeof Easing)[keyof typeof Easing];

/** An easing function: normalized segment time `u` in 0..1 → blend factor (0 at `u = 0`, 1 at `u = 1`). */
export type EasingFunction = (u: number) => number;

const BACK = 1.70158;
const BACK_IN_OUT = BACK * 1.525;
const EASING_NAMES: readonly EasingName[] = Object.freeze(Object.values(Easing));

/** `(2^(10u) − 1) / 1023`: the classic `2^(10u − 10)` rescaled so it is exactly 0 at 0 (no 0.1 % jump). */
const expoIn = (u: number): number => (u <= 0 ? 0 : u >= 1 ? 1 : (2 ** (10 * u) - 1) / 1023);

/**
 * Replaces `buffer[index]` (normalized time u) by the easing's blend factor, the easing given by its position in
 * `Object.values(Easing)`. In place, so no number crosses a call (V8 boxes those): the allocation-free path the
 * mixer uses.
 *
 * @internal
 */
export function applyEasing(id: number, buffer: Float64Array, index: number): void {
  const u = buffer[index]!;
  let w: number;
  switch (id) {
    case 0: w = u * u; break;
    case 1: w = 1 - (1 - u) * (1 - u); break;
    case 2: w = u < 0.5 ? 2 * u * u : 1 - ((-2 * u + 2) * (-2 * u + 2)) / 2; break;
    case 3: w = u * u * u; break;
    case 4: { const v = 1 - u; w = 1 - v * v * v; break; }
    case 5: { const v = -2 * u + 2; w = u < 0.5 ? 4 * u * u * u : 1 - (v * v * v) / 2; break; }
    case 6: w = u * u * u * u; break;
    case 7: { const v = 1 - u; w = 1 - v * v * v * v; break; }
    case 8: { const v = -2 * u + 2; w = u < 0.5 ? 8 * u * u * u * u : 1 - (v * v * v * v) / 2; break; }
    case 9: w = u >= 1 ? 1 : 1 - Math.cos((u * Math.PI) / 2); break;
    case 10: w = u >= 1 ? 1 : Math.sin((u * Math.PI) / 2); break;
    case 11: w = u >= 1 ? 1 : -(Math.cos(Math.PI * u) - 1) / 2; break;
    case 12: w = expoIn(u); break;
    case 13: w = 1 - expoIn(1 - u); break;
    case 14: w = u < 0.5 ? expoIn(2 * u) / 2 : 1 - expoIn(2 - 2 * u) / 2; break;
    case 15: w = (BACK + 1) * u * u * u - BACK * u * u; break;
    case 16: { const v = u - 1; w = 1 + (BACK + 1) * v * v * v + BACK * v * v; break; }
    case 17: {
      const v = 2 * u;
      const x = 2 * u - 2;
      w = u < 0.5 ? (v * v * ((BACK_IN_OUT + 1) * v - BACK_IN_OUT)) / 2 : (x * x * ((BACK_IN_OUT + 1) * x + BACK_IN_OUT) + 2) / 2;
      break;
    }
    default: w = u;
  }
  buffer[index] = w;
}

/** Position of `name` in `Object.values(Easing)` (its id for {@link applyEasing}), or -1. @internal */
export function easingId(name: string): number {
  return EASING_NAMES.indexOf(name as EasingName);
}

const scratch = new Float64Array(1);

/** The function behind each {@link Easing} name (allocation-free apart from the number it returns). */
export const EASING_FUNCTIONS: Readonly<Record<EasingName, EasingFunction>> = Object.freeze(Object.fromEntries(
  EASING_NAMES.map((name, id) => [name, (u: number): number => {
    scratch[0] = u;
    applyEasing(id, scratch, 0);
    return scratch[0];
  }]),
) as Record<EasingName, EasingFunction>);

/** True when `name` is one of the {@link Easing} names. */
export function isEasingName(name: string): name is EasingName {
  return easingId(name) >= 0;
}
