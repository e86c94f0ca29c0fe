const NUMBER = String.raw`\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*`;
const scratch = new Float64Array(1);
const PATTERN = new RegExp(String.raw`^cubic-bezier\(${NUMBER},${NUMBER},${NUMBER},${NUMBER}\)$`);

/**
 * The CSS easing `cubic-bezier(x1, y1, x2, y2)`: a Bézier curve from (0, 0) to (1, 1) with control points
 * (x1, y1) and (x2, y2), where x is the segment's normalized time and y the blend factor between its two keys.
 * As in CSS, `x1` and `x2` must lie in 0..1 (so the curve is a function of time); `y1` and `y2` may leave 0..1 to
 * overshoot. Evaluation solves x(s) = u by Newton's method with a bisection fallback (no allocation).
 *
 * Handy values: `ease` = `cubic-bezier(0.25, 0.1, 0.25, 1)`, `ease-in` = `cubic-bezier(0.42, 0, 1, 1)`,
 * `ease-out` = `cubic-bezier(0, 0, 0.58, 1)`, `ease-in-out` = `cubic-bezier(0.42, 0, 0.58, 1)`.
 *
 * @example
 * ```ts
 * const easing = CubicBezierEasing.parse('cubic-bezier(0.42, 0, 0.58, 1)');
 * easing.ease(0.5); // 0.5 (symmetric curve)
 * ```
 */
export class CubicBezierEasing {
  /** First control point's time coordinate, 0..1. */
  readonly x1: number;
  /** First control point's value coordinate (any finite number). */
  readonly y1: number;
  /** Second control point's time coordinate, 0..1. */
  readonly x2: number;
  /** Second control point's value coordinate (any finite number). */
  readonly y2: number;
  private readonly ax: number;
  private readonly bx: number;
  private readonly cx: number;
  private readonly ay: number;
  private readonly by: number;
  private readonly cy: number;

  /**
   * @param x1 - First control point's time, 0..1.
   * @param y1 - First control point's value.
   * @param x2 - Second control point's time, 0..1.
   * @param y2 - Second control point's value.
   * @throws RangeError when a coordinate is not finite or `x1`/`x2` lie outside 0..1 (use
   *   {@link CubicBezierEasing.problem} to check first).
   */
  constructor(x1: number, y1: number, x2: number, y2: number) {
    const problem = CubicBezierEasing.problem(x1, y1, x2, y2);
    if (problem) throw new RangeError(`PortraitRig: cubic-bezier(${x1}, ${y1}, ${x2}, ${y2}): ${problem}`);
    this.x1 = x1;
    this.y1 = y1;
    this.x2 = x2;
    this.y2 = y2;
    this.cx = 3 * x1;
    this.bx = 3 * (x2 - x1) - this.cx;
    this.ax = 1 - this.cx - this.bx;
    this.cy = 3 * y1;
    this.by = 3 * (y2 - y1) - this.cy;
    this.ay = 1 - this.cy - this.by;
  }

  /**
   * Why `(x1, y1, x2, y2)` is not a valid CSS cubic-bezier, or `undefined` when it is.
   */
  static problem(x1: number, y1: number, x2: number, y2: number): string | undefined {
    if (![x1, y1, x2, y2].every(Number.isFinite)) return 'all four numbers must be finite';
    if (x1 < 0 || x1 > 1 || x2 < 0 || x2 > 1) return 'x1 and x2 (the 1st and 3rd numbers) must lie in 0..1, as in CSS';
    return undefined;
  }

  /**
   * Parses `cubic-bezier(x1, y1, x2, y2)` (CSS syntax; spaces optional).
   *
   * @returns The easing, or `undefined` when `text` is not of that form or its numbers are out of range.
   */
  static parse(text: string): CubicBezierEasing | undefined {
    const match = PATTERN.exec(text.trim());
    if (!match) return undefined;
    const [x1, y1, x2, y2] = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
    return CubicBezierEasing.problem(x1, y1, x2, y2) ? undefined : new CubicBezierEasing(x1, y1, x2, y2);
  }

  /** Blend factor at normalized segment time `u` (clamped to 0..1): exactly 0 at 0 and 1 at 1. */
  ease(u: number): number {
    scratch[0] = u;
    this.easeInPlace(scratch, 0);
    return scratch[0];
  }

  /**
   * Replaces `buffer[index]` (normalized time u) by the blend factor, in place: no number crosses a call, so
   * nothing is allocated (the path the mixer uses).
   */
  easeInPlace(buffer: Float64Array, index: number): void {
    const u = buffer[index]!;
    if (u <= 0 || u >= 1) {
      buffer[index] = u <= 0 ? 0 : 1;
      return;
    }
    const ax = this.ax;
    const bx = this.bx;
    const cx = this.cx;
    // Solve x(s) = u. Newton's method from s = u (the curve parameter and time are close for most curves); accept
    // only a step that has become tiny, which bounds the error in s even where the curve is nearly vertical.
    let s = u;
    let solved = false;
    for (let i = 0; i < 8; i++) {
      const x = ((ax * s + bx) * s + cx) * s - u;
      const dx = (3 * ax * s + 2 * bx) * s + cx;
      if (Math.abs(dx) < 1e-6) break;
      const step = x / dx;
      s -= step;
      if (s < 0 || s > 1) break;
      if (Math.abs(step) < 1e-12) {
        solved = true;
        break;
      }
    }
    if (!solved) {
      // Bisection: x(s) is monotone on 0..1 because x1, x2 lie in 0..1.
      let lo = 0;
      let hi = 1;
      while (hi - lo > 1e-13) {
        const mid = (lo + hi) / 2;
        if (((ax * mid + bx) * mid + cx) * mid < u) lo = mid;
        else hi = mid;
      }
      s = (lo + hi) / 2;
    }
    buffer[index] = ((this.ay * s + this.by) * s + this.cy) * s;
  }

  /** The canonical CSS text, `cubic-bezier(x1, y1, x2, y2)` (what clip files store). */
  toString(): string {
    return `cubic-bezier(${this.x1}, ${this.y1}, ${this.x2}, ${this.y2})`;
  }
}
