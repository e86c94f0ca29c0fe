import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/**
 * One-pole smoothing of several values with separate time constants for rising (attack) and falling (release)
 * values, exact for any step size: each update moves a value toward its target by `1 − e^(−Δt/τ)` with `τ` the
 * attack time when the target is above the value and the release time when it is below. A time constant of 0
 * follows the target immediately. After one time constant a step has covered 63 %, after three 95 %.
 *
 * An exponential release never quite arrives; `linearRelease` (units per second) adds a constant fall on top, so a
 * falling value reaches its target in finite time: it solves `v' = −(v − target)/τ − linearRelease`, whose
 * closed form is used, so the result is still independent of the step size. With τ = 60 ms and 1 unit/s, a mouth
 * at 0.8 is fully closed 160 ms after the sound stops.
 *
 * @example
 * ```ts
 * const smoother = new AttackReleaseSmoother(2, 30, 90); // 2 values, τ 30 ms up, 90 ms down
 * smoother.update(targets, 1 / 60);
 * const open = smoother.values[0];
 * ```
 */
export class AttackReleaseSmoother {
  /** The smoothed values (start at 0). */
  readonly values: Float64Array;
  private readonly attack: Float64Array;
  private readonly release: Float64Array;
  private readonly linearRelease: number;

  /**
   * @param count - Number of values.
   * @param attackMs - Rise time constant in milliseconds (≥ 0), one for all or one per value.
   * @param releaseMs - Fall time constant in milliseconds (≥ 0), one for all or one per value.
   * @param linearRelease - Extra constant fall while releasing, units per second (≥ 0, default 0).
   */
  constructor(count: number, attackMs: number | ArrayLike<number>, releaseMs: number | ArrayLike<number>, linearRelease = 0) {
    if (!(linearRelease >= 0) || !Number.isFinite(linearRelease)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `linearRelease must be a finite number ≥ 0 per second (got ${String(linearRelease)}).`);
    }
    this.linearRelease = linearRelease;
    this.values = new Float64Array(count);
    const expand = (value: number | ArrayLike<number>, what: string): Float64Array => {
      const array = typeof value === 'number' ? new Float64Array(count).fill(value) : Float64Array.from(value);
      if (array.length !== count || !array.every((v) => Number.isFinite(v) && v >= 0 && v <= 10_000)) {
        throw new PortraitRigError(AudioErrorCode.InvalidOption, `${what} must be ${count === 1 ? 'a' : `${count}`} number(s) of milliseconds in 0..10000 (got ${String(value)}).`);
      }
      return array.map((ms) => ms / 1000);
    };
    this.attack = expand(attackMs, 'attackMs');
    this.release = expand(releaseMs, 'releaseMs');
  }

  /**
   * Moves every value toward its target.
   *
   * @param targets - One target per value.
   * @param deltaSeconds - Elapsed time, seconds (0 leaves the values unchanged).
   */
  update(targets: ArrayLike<number>, deltaSeconds: number): void {
    if (!(deltaSeconds > 0)) return;
    const values = this.values;
    const linear = this.linearRelease;
    for (let i = 0; i < values.length; i++) {
      const target = targets[i]!;
      const value = values[i]!;
      if (target >= value) {
        const tau = this.attack[i]!;
        values[i] = tau <= 0 ? target : value + (target - value) * (1 - Math.exp(-deltaSeconds / tau));
        continue;
      }
      const tau = this.release[i]!;
      if (tau <= 0) {
        values[i] = target;
        continue;
      }
      // v − target = (v0 − target + kτ)·e^(−t/τ) − kτ, clamped at the target.
      const offset = linear * tau;
      const next = target + (value - target + offset) * Math.exp(-deltaSeconds / tau) - offset;
      values[i] = next > target ? next : target;
    }
  }

  /** Sets every value to `value` (default 0). */
  reset(value = 0): void {
    this.values.fill(value);
  }
}
