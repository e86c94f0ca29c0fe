import type { ChannelName } from '../../rig/channels.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { MotionErrorCode } from '../MotionErrorCode.js';
import type { MotionSource } from '../MotionSource.js';
import { SeededRandom } from '../SeededRandom.js';

/** Options of a {@link BlinkBehavior}; times in seconds. */
export interface BlinkBehaviorOptions {
  /** Random seed: the same seed gives the same blinks (default 1). */
  seed?: number;
  /** Channels to drive, all with the same value (default `['eyes.blink']`). */
  channels?: readonly ChannelName[];
  /** Shortest pause between blinks in seconds (default 2). */
  minInterval?: number;
  /** Longest pause between blinks in seconds (default 6). */
  maxInterval?: number;
  /** Chance (0..1) that a blink is followed at once by a second one, 0.1–0.3 s later (default 0.15). */
  doubleBlinkChance?: number;
  /** Shortest blink (closing + opening) in seconds (default 0.1). */
  minDuration?: number;
  /** Longest blink in seconds (default 0.15). */
  maxDuration?: number;
  /** Share of a blink spent closing (default 0.4: eyelids close fast and open slower). */
  closeFraction?: number;
  /** Value when fully closed (default 1). */
  amount?: number;
}

const Phase = { Waiting: 0, Blinking: 1 } as const;

/**
 * Idle eye blinks with natural timing, as a {@link MotionSource} (use it additively). Pauses between blinks are
 * drawn from a triangular distribution over `minInterval … maxInterval` (2–6 s, mean 4 s: about 15 blinks per
 * minute, a typical resting rate); with `doubleBlinkChance` a blink is followed 0.1–0.3 s later by a second one.
 * A blink lasts 100–150 ms: the lids close in the first 40 % accelerating (u²) and open in the remaining 60 %
 * decelerating ((1 − u)²), so closing is fast and opening slower. Deterministic for a seed and a sequence of steps.
 *
 * @example
 * ```ts
 * mixer.sourceAction(new BlinkBehavior({ seed: 7 }), { blendMode: 'additive', layer: 1 }).play();
 * ```
 */
export class BlinkBehavior implements MotionSource {
  /** The channels written. */
  readonly channels: readonly ChannelName[];
  private readonly random: SeededRandom;
  private readonly minInterval: number;
  private readonly maxInterval: number;
  private readonly doubleBlinkChance: number;
  private readonly minDuration: number;
  private readonly maxDuration: number;
  private readonly closeFraction: number;
  private readonly amount: number;
  private phase: number = Phase.Waiting;
  private elapsed = 0;
  private phaseLength = 0;
  private followedByDouble = false;
  private inDouble = false;
  private blinkCount = 0;

  /** @param options - Seed, channels, timing. */
  constructor(options: BlinkBehaviorOptions = {}) {
    this.channels = Object.freeze([...(options.channels ?? ['eyes.blink'])]);
    this.random = new SeededRandom(options.seed ?? 1);
    this.minInterval = options.minInterval ?? 2;
    this.maxInterval = options.maxInterval ?? 6;
    this.doubleBlinkChance = options.doubleBlinkChance ?? 0.15;
    this.minDuration = options.minDuration ?? 0.1;
    this.maxDuration = options.maxDuration ?? 0.15;
    this.closeFraction = options.closeFraction ?? 0.4;
    this.amount = options.amount ?? 1;
    const bad = (ok: boolean, what: string): void => {
      if (!ok) throw new PortraitRigError(MotionErrorCode.InvalidArgument, `PortraitRig: BlinkBehavior: ${what}`);
    };
    bad(this.channels.length > 0, 'channels must name at least one channel');
    bad(this.minInterval > 0 && this.maxInterval >= this.minInterval && Number.isFinite(this.maxInterval),
      'need 0 < minInterval ≤ maxInterval (seconds)');
    bad(this.minDuration > 0 && this.maxDuration >= this.minDuration && Number.isFinite(this.maxDuration),
      'need 0 < minDuration ≤ maxDuration (seconds)');
    bad(this.doubleBlinkChance >= 0 && this.doubleBlinkChance <= 1, 'doubleBlinkChance must lie in 0..1');
    bad(this.closeFraction > 0 && this.closeFraction < 1, 'closeFraction must lie strictly between 0 and 1');
    bad(Number.isFinite(this.amount), 'amount must be finite');
    this.reset();
  }

  /** Blinks started since the last reset (a double blink counts two). */
  get blinks(): number {
    return this.blinkCount;
  }

  /** {@inheritDoc MotionSource.update} */
  update(deltaSeconds: number, out: Float64Array): void {
    let remaining = deltaSeconds > 0 ? deltaSeconds : 0;
    while (this.elapsed + remaining >= this.phaseLength) {
      remaining -= this.phaseLength - this.elapsed;
      this.nextPhase();
    }
    this.elapsed += remaining;
    // Inline (not a helper returning a number: V8 boxes fractional numbers returned from calls it does not inline).
    let value = 0;
    if (this.phase === Phase.Blinking) {
      const u = this.elapsed / this.phaseLength;
      const close = this.closeFraction;
      const k = u < close ? u / close : 1 - (u - close) / (1 - close);
      value = this.amount * k * k;
    }
    for (let i = 0; i < this.channels.length; i++) out[i] = value;
  }

  /** {@inheritDoc MotionSource.reset} */
  reset(): void {
    this.random.reset();
    this.phase = Phase.Waiting;
    this.elapsed = 0;
    this.inDouble = false;
    this.followedByDouble = false;
    this.blinkCount = 0;
    this.phaseLength = this.interval();
  }

  /** Draws the next pause: triangular over `minInterval … maxInterval`. */
  private interval(): number {
    const triangular = (this.random.next() + this.random.next()) / 2;
    return this.minInterval + (this.maxInterval - this.minInterval) * triangular;
  }

  private nextPhase(): void {
    this.elapsed = 0;
    if (this.phase === Phase.Waiting) {
      this.phase = Phase.Blinking;
      this.phaseLength = this.random.range(this.minDuration, this.maxDuration);
      this.blinkCount++;
      // A double blink's second blink never triggers a third.
      this.followedByDouble = !this.inDouble && this.random.next() < this.doubleBlinkChance;
      return;
    }
    this.phase = Phase.Waiting;
    this.inDouble = this.followedByDouble;
    this.phaseLength = this.followedByDouble ? this.random.range(0.1, 0.3) : this.interval();
  }
}
