import type { ChannelName } from '../../rig/channels.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { MotionErrorCode } from '../MotionErrorCode.js';
import type { MotionSource } from '../MotionSource.js';
import { ValueNoise } from './ValueNoise.js';

/** How one channel sways: `amplitude` in the channel's unit (degrees for head angles), `frequency` in Hz. */
export interface SwayChannel {
  /** Peak offset in the channel's unit (degrees for `head.*` angles). */
  amplitude: number;
  /** How often the value wanders, in Hz (about one wander every 1/frequency seconds). */
  frequency: number;
}

/** Options of a {@link SwayBehavior}. */
export interface SwayBehaviorOptions {
  /** Random seed (default 1). */
  seed?: number;
  /**
   * Channels and how each sways. Default: `head.yaw` 1.2° at 0.11 Hz, `head.pitch` 0.8° at 0.09 Hz,
   * `head.roll` 0.8° at 0.07 Hz.
   */
  channels?: Readonly<Partial<Record<ChannelName, SwayChannel>>>;
  /** Noise octaves (default 2: slow wander plus a little detail). */
  octaves?: number;
}

/** Default sway: small, slow head wander. */
export const DEFAULT_SWAY: Readonly<Partial<Record<ChannelName, SwayChannel>>> = Object.freeze({
  'head.yaw': Object.freeze({ amplitude: 1.2, frequency: 0.11 }),
  'head.pitch': Object.freeze({ amplitude: 0.8, frequency: 0.09 }),
  'head.roll': Object.freeze({ amplitude: 0.8, frequency: 0.07 }),
});

/**
 * Idle sway: smooth, seeded value noise on pose channels with small amplitudes, so a still avatar never looks
 * frozen. Use it additively. Each channel has its own noise stream; the output is a function of elapsed time only,
 * so it does not depend on how time is split into steps.
 *
 * @example
 * ```ts
 * mixer.sourceAction(new SwayBehavior({ seed: 3 }), { blendMode: 'additive', layer: 1 }).play();
 * ```
 */
export class SwayBehavior implements MotionSource {
  /** The channels written. */
  readonly channels: readonly ChannelName[];
  private readonly amplitudes: Float64Array;
  private readonly frequencies: Float64Array;
  private readonly noises: ValueNoise[];
  private readonly octaves: number;
  private time = 0;

  /** @param options - Seed, channels, octaves. */
  constructor(options: SwayBehaviorOptions = {}) {
    const config = options.channels ?? DEFAULT_SWAY;
    const seed = options.seed ?? 1;
    this.channels = Object.freeze(Object.keys(config));
    this.amplitudes = Float64Array.from(this.channels, (name) => config[name]!.amplitude);
    this.frequencies = Float64Array.from(this.channels, (name) => config[name]!.frequency);
    this.noises = this.channels.map((_, i) => new ValueNoise((seed * 7919 + i * 104729) >>> 0));
    this.octaves = options.octaves ?? 2;
    if (![...this.amplitudes, ...this.frequencies].every(Number.isFinite) || this.frequencies.some((f) => f < 0)
      || !Number.isInteger(this.octaves) || this.octaves < 1) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        'PortraitRig: SwayBehavior: amplitudes must be finite, frequencies finite and ≥ 0 (Hz), octaves an integer ≥ 1');
    }
  }

  /** Elapsed time in seconds. */
  get elapsed(): number {
    return this.time;
  }

  /** {@inheritDoc MotionSource.update} */
  update(deltaSeconds: number, out: Float64Array): void {
    if (deltaSeconds > 0) this.time += deltaSeconds;
    for (let i = 0; i < this.channels.length; i++) {
      out[i] = this.time * this.frequencies[i]!;
      this.noises[i]!.fractalInPlace(out, i, this.octaves);
      out[i] = out[i]! * this.amplitudes[i]!;
    }
  }

  /** {@inheritDoc MotionSource.reset} */
  reset(): void {
    this.time = 0;
  }
}
