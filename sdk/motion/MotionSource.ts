import type { ChannelName } from '../rig/channels.js';

/**
 * A procedural motion generator the mixer can play as a layer ({@link MotionMixer.sourceAction}): blinks,
 * breathing, sway, look-at, or your own (audio-driven mouth, network puppeteering …).
 *
 * Sources are stateful and advance by time steps; they must be deterministic for a given sequence of steps (use a
 * seeded random generator, e.g. {@link SeededRandom}) and must not allocate in `update`.
 *
 * @example
 * ```ts
 * // A source that nods slowly: 2° at 0.25 Hz on head.pitch.
 * class SlowNod implements MotionSource {
 *   readonly channels = ['head.pitch'] as const;
 *   private time = 0;
 *   update(deltaSeconds: number, out: Float64Array): void {
 *     this.time += deltaSeconds;
 *     out[0] = 2 * Math.sin(2 * Math.PI * 0.25 * this.time);
 *   }
 *   reset(): void { this.time = 0; }
 * }
 * mixer.sourceAction(new SlowNod(), { blendMode: 'additive' }).play();
 * ```
 */
export interface MotionSource {
  /** The channels written, in `out` order; fixed for the source's life. */
  readonly channels: readonly ChannelName[];
  /**
   * Advances by `deltaSeconds` (≥ 0; 0 only re-reads the current state) and writes the current value of
   * `channels[i]` into `out[i]`, in the channels' units (degrees, amount, coefficient).
   */
  update(deltaSeconds: number, out: Float64Array): void;
  /** Returns to the initial state (time 0, initial seed). */
  reset(): void;
}
