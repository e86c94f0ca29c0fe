import type { ChannelName } from '../../rig/channels.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { MotionErrorCode } from '../MotionErrorCode.js';
import type { MotionSource } from '../MotionSource.js';
import { ValueNoise } from './ValueNoise.js';

/** Options of a {@link BreathingBehavior}. */
export interface BreathingBehaviorOptions {
  /** Random seed for the rate variation (default 1). */
  seed?: number;
  /** Breaths per second in Hz (default 0.25: 15 breaths a minute, a resting rate). */
  rate?: number;
  /** Relative variation of the rate, 0..0.9 (default 0.15: breaths last ±15 %). */
  rateVariation?: number;
  /**
   * Channels and their peak offset (in the channel's unit) at full inhale. Default: `head.pitch` 0.6° (the chin
   * lifts slightly) and `head.shift` 0.02.
   */
  channels?: Readonly<Partial<Record<ChannelName, number>>>;
}

/** Default breathing: a slight chin lift and neck shift. */
export const DEFAULT_BREATHING: Readonly<Partial<Record<ChannelName, number>>> = Object.freeze({
  'head.pitch': 0.6,
  'head.shift': 0.02,
});

/**
 * Breathing: a slow periodic rise and fall on pose channels, `amplitude · (1 − cos 2πφ) / 2` (0 at exhale, the full
 * amplitude at inhale), whose rate wanders smoothly (seeded value noise) so breaths are not metronomic. Use it
 * additively. Deterministic for a seed and a sequence of steps.
 *
 * @example
 * ```ts
 * mixer.sourceAction(new BreathingBehavior({ rate: 0.3 }), { blendMode: 'additive', layer: 1 }).play();
 * ```
 */
export class BreathingBehavior implements MotionSource {
  /** The channels written. */
  readonly channels: readonly ChannelName[];
  private readonly amplitudes: Float64Array;
  private readonly rate: number;
  private readonly rateVariation: number;
  private readonly noise: ValueNoise;
  private readonly scratch = new Float64Array(1);
  private time = 0;
  private phase = 0;

  /** @param options - Seed, rate, variation, channels. */
  constructor(options: BreathingBehaviorOptions = {}) {
    const config = options.channels ?? DEFAULT_BREATHING;
    this.channels = Object.freeze(Object.keys(config));
    this.amplitudes = Float64Array.from(this.channels, (name) => config[name]!);
    this.rate = options.rate ?? 0.25;
    this.rateVariation = options.rateVariation ?? 0.15;
    this.noise = new ValueNoise(options.seed ?? 1);
    if (!(this.rate > 0) || !Number.isFinite(this.rate) || !(this.rateVariation >= 0 && this.rateVariation <= 0.9)
      || !this.amplitudes.every(Number.isFinite)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        'PortraitRig: BreathingBehavior: rate must be a finite number of Hz > 0, rateVariation in 0..0.9, amplitudes finite');
    }
    this.reset();
  }

  /** Breathing phase in cycles (0 = exhaled; the fractional part is the position in the current breath). */
  get cycles(): number {
    return this.phase;
  }

  /** {@inheritDoc MotionSource.update} */
  update(deltaSeconds: number, out: Float64Array): void {
    if (deltaSeconds > 0) {
      // Midpoint rule: the rate wanders over ~20 s, so this is accurate for any frame step.
      const noise = this.scratch;
      noise[0] = (this.time + deltaSeconds / 2) * 0.05;
      this.noise.fractalInPlace(noise, 0, 1);
      this.phase += this.rate * (1 + this.rateVariation * noise[0]!) * deltaSeconds;
      this.time += deltaSeconds;
    }
    const level = (1 - Math.cos(2 * Math.PI * this.phase)) / 2;
    for (let i = 0; i < this.channels.length; i++) out[i] = this.amplitudes[i]! * level;
  }

  /** {@inheritDoc MotionSource.reset} */
  reset(): void {
    this.time = 0;
    this.phase = 0;
  }
}
