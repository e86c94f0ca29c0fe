/** Numbers per spring in a state array: value, velocity, target, smoothTime, deltaSeconds. @internal */
export const SPRING_STRIDE = 5;

/**
 * One step of a critically damped spring, in place: `state[k]` value, `state[k + 1]` velocity (per second),
 * `state[k + 2]` target, `state[k + 3]` smoothing time (seconds), `state[k + 4]` time step (seconds). Exact solution,
 * stable for any step: with ω = 2 / smoothTime, x(t) = (x₀ + (v₀ + ω x₀) t) e^(−ω t) around the target. A smoothing
 * time ≤ 0 snaps to the target; a step ≤ 0 changes nothing. All numbers travel in the array: V8 boxes fractional
 * numbers passed to functions it does not inline.
 *
 * @internal
 */
export function dampSpring(state: Float64Array, k: number): void {
  const target = state[k + 2]!;
  const smoothTime = state[k + 3]!;
  const deltaSeconds = state[k + 4]!;
  if (smoothTime <= 0) {
    state[k] = target;
    state[k + 1] = 0;
    return;
  }
  if (!(deltaSeconds > 0)) return;
  const omega = 2 / smoothTime;
  const offset = state[k]! - target;
  const velocity = state[k + 1]!;
  const decay = Math.exp(-omega * deltaSeconds);
  const temp = (velocity + omega * offset) * deltaSeconds;
  state[k] = target + (offset + temp) * decay;
  state[k + 1] = (velocity - omega * temp) * decay;
}
