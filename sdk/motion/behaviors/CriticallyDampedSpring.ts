import { dampSpring, SPRING_STRIDE } from './dampSpring.js';

/**
 * A critically damped spring (the fastest approach to a target without overshoot), solved exactly for any time
 * step, so it is stable at any frame rate. `smoothTime` (seconds) is roughly the time to cover most of the distance:
 * the angular frequency is `2 / smoothTime`.
 *
 * @example
 * ```ts
 * const yaw = new CriticallyDampedSpring(0.25);
 * yaw.update(20, 1 / 60); // moves toward 20 (degrees) without overshooting
 * ```
 */
export class CriticallyDampedSpring {
  /** Current value. */
  value: number;
  /** Current velocity, value units per second. */
  velocity = 0;
  /** Smoothing time in seconds (0 = follow the target at once). */
  smoothTime: number;
  private readonly state = new Float64Array(SPRING_STRIDE);

  /**
   * @param smoothTime - Seconds (≥ 0).
   * @param value - Initial value.
   */
  constructor(smoothTime: number, value = 0) {
    if (!(smoothTime >= 0) || !Number.isFinite(smoothTime)) {
      throw new RangeError(`PortraitRig: smoothTime must be a finite number of seconds ≥ 0 (got ${smoothTime})`);
    }
    this.smoothTime = smoothTime;
    this.value = value;
  }

  /**
   * Advances `deltaSeconds` toward `target` and returns the new value.
   *
   * @param target - Where the spring pulls.
   * @param deltaSeconds - Time step in seconds (≥ 0).
   */
  update(target: number, deltaSeconds: number): number {
    const state = this.state;
    state[0] = this.value;
    state[1] = this.velocity;
    state[2] = target;
    state[3] = this.smoothTime;
    state[4] = deltaSeconds;
    dampSpring(state, 0);
    this.value = state[0];
    this.velocity = state[1]!;
    return this.value;
  }

  /** Sets value and velocity (default: `value`, at rest). */
  reset(value = 0, velocity = 0): void {
    this.value = value;
    this.velocity = velocity;
  }
}
