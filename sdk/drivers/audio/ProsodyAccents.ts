import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { SeededRandom } from '../../motion/SeededRandom.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/** Options of {@link ProsodyAccents} (the `prosody` lip-sync option). */
export interface ProsodyOptions {
  /** Random seed of the accents' amplitude variation (default 1). */
  seed?: number;
  /** Peak nod per accent, degrees of `head.pitch` (chin down; default 2). */
  nodDegrees?: number;
  /** Peak `brows.raise` of a brow accent, amount 0..1 (default 0.2). */
  browRaise?: number;
  /**
   * Chance that an accent on a pitch peak (at least one pitch spread above the running average) also raises the
   * brows, 0..1 (default 0.5).
   */
  browChance?: number;
  /** Shortest time between two accents, milliseconds (default 600). */
  minIntervalMs?: number;
  /** Accent strength (0..1) a peak must reach to nod (default 0.55). */
  threshold?: number;
  /** Length of one nod, milliseconds (default 450). */
  nodMs?: number;
  /** Length of one brow raise, milliseconds (default 700). */
  browMs?: number;
}

const SLOTS = 4;

/**
 * Prosody-driven head nods and brow raises: **beat gestures** on stressed syllables. Each frame scores how
 * prominent the voice is (half pitch above the speaker's running average in semitones, half loudness); a local
 * maximum of that score above `threshold`, at least `minIntervalMs` after the previous accent, starts a nod (a
 * `sin²` dip of `head.pitch`, chin down, scaled by the strength and a seeded ±20 % variation) and, when the accent is
 * a clear pitch peak (at least one pitch spread above the running average), sometimes a brow raise. Subtle by
 * default (2°, 0.2). Causal (works live) and deterministic: the same frames and seed give the same gestures.
 *
 * @example
 * ```ts
 * const accents = new ProsodyAccents({ seed: 7 });
 * accents.update(voiced, pitchHz, loudness, 0.01);
 * head.pitch += accents.headPitch; brows += accents.browRaise;
 * ```
 */
export class ProsodyAccents {
  /** Current nod offset, degrees of `head.pitch` (≤ 0). */
  headPitch = 0;
  /** Current brow offset, amount of `brows.raise` (≥ 0). */
  browRaise = 0;
  /** Accents started so far. */
  accentCount = 0;
  private readonly options: Required<ProsodyOptions>;
  private readonly random: SeededRandom;
  private readonly nodStart = new Float64Array(SLOTS);
  private readonly nodAmplitude = new Float64Array(SLOTS);
  private readonly browStart = new Float64Array(SLOTS);
  private readonly browAmplitude = new Float64Array(SLOTS);
  private time = 0;
  private lastAccent = -Infinity;
  private baseline = Number.NaN;
  private deviation = 2;
  private score = 0;
  private peakScore = 0;
  private pitchScore = 0;
  private peakPitchScore = 0;
  private rising = false;
  private nextSlot = 0;
  private nextBrowSlot = 0;

  /** @param options - Seed, amplitudes, timing. */
  constructor(options: ProsodyOptions = {}) {
    this.options = {
      seed: options.seed ?? 1,
      nodDegrees: options.nodDegrees ?? 2,
      browRaise: options.browRaise ?? 0.2,
      browChance: options.browChance ?? 0.5,
      minIntervalMs: options.minIntervalMs ?? 600,
      threshold: options.threshold ?? 0.55,
      nodMs: options.nodMs ?? 450,
      browMs: options.browMs ?? 700,
    };
    const o = this.options;
    if (!Number.isFinite(o.seed) || !(o.nodDegrees >= 0 && o.nodDegrees <= 30) || !(o.browRaise >= 0 && o.browRaise <= 1)
      || !(o.browChance >= 0 && o.browChance <= 1) || !(o.minIntervalMs >= 0 && o.minIntervalMs <= 60_000)
      || !(o.threshold > 0 && o.threshold <= 1) || !(o.nodMs >= 50 && o.nodMs <= 5000) || !(o.browMs >= 50 && o.browMs <= 5000)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'prosody: nodDegrees must be 0..30 degrees, browRaise 0..1, browChance 0..1, minIntervalMs 0..60000 ms, ' +
        'threshold in (0, 1], nodMs and browMs 50..5000 ms, seed finite.');
    }
    this.random = new SeededRandom(o.seed);
    this.reset();
  }

  /**
   * Advances by one frame.
   *
   * @param voiced - Voicing of the frame, 0..1.
   * @param pitchHz - Its pitch, Hz (ignored when ≤ 0).
   * @param loudness - Its loudness 0..1 (0 = silence gate, 1 = speech peak).
   * @param deltaSeconds - Time since the previous frame, seconds.
   */
  update(voiced: number, pitchHz: number, loudness: number, deltaSeconds: number): void {
    if (deltaSeconds > 0) {
      this.time += deltaSeconds;
      let target = 0;
      if (voiced > 0.5 && pitchHz > 0 && loudness > 0) {
        const semitones = 12 * Math.log2(pitchHz / 55);
        const follow = 1 - Math.exp(-deltaSeconds / 1.5);
        if (Number.isNaN(this.baseline)) this.baseline = semitones;
        const offset = semitones - this.baseline;
        this.baseline += offset * follow;
        this.deviation += (Math.abs(offset) - this.deviation) * follow;
        const spread = this.deviation > 1 ? this.deviation : 1;
        const pitchScore = offset / (2 * spread);
        this.pitchScore = pitchScore <= 0 ? 0 : pitchScore >= 1 ? 1 : pitchScore;
        target = 0.5 * this.pitchScore + 0.5 * loudness;
      } else {
        this.pitchScore = 0;
      }
      const previous = this.score;
      this.score += (target - this.score) * (1 - Math.exp(-deltaSeconds / 0.05));
      if (this.score > previous) {
        if (!this.rising) this.peakPitchScore = 0;
        this.rising = true;
        this.peakScore = this.score;
        if (this.pitchScore > this.peakPitchScore) this.peakPitchScore = this.pitchScore;
      } else if (this.rising && this.score < previous) {
        this.rising = false;
        const o = this.options;
        if (this.peakScore >= o.threshold && this.time - this.lastAccent >= o.minIntervalMs / 1000) this.accent(this.peakScore, this.peakPitchScore);
      }
    }
    this.render();
  }

  private accent(strength: number, pitchPeak: number): void {
    const o = this.options;
    this.lastAccent = this.time;
    this.accentCount++;
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % SLOTS;
    this.nodStart[slot] = this.time;
    this.nodAmplitude[slot] = o.nodDegrees * strength * (0.8 + 0.4 * this.random.next());
    const browDraw = this.random.next();
    const browSize = 0.8 + 0.4 * this.random.next();
    if (pitchPeak >= 0.5 && browDraw < o.browChance && o.browRaise > 0) {
      const b = this.nextBrowSlot;
      this.nextBrowSlot = (b + 1) % SLOTS;
      this.browStart[b] = this.time;
      this.browAmplitude[b] = o.browRaise * strength * browSize;
    }
  }

  private render(): void {
    const nodSeconds = this.options.nodMs / 1000;
    const browSeconds = this.options.browMs / 1000;
    let pitch = 0;
    let brows = 0;
    for (let i = 0; i < SLOTS; i++) {
      const u = (this.time - this.nodStart[i]!) / nodSeconds;
      if (u > 0 && u < 1) {
        const s = Math.sin(Math.PI * u);
        pitch -= this.nodAmplitude[i]! * s * s;
      }
      const v = (this.time - this.browStart[i]!) / browSeconds;
      if (v > 0 && v < 1) {
        const s = Math.sin(Math.PI * v);
        brows += this.browAmplitude[i]! * s * s;
      }
    }
    this.headPitch = pitch;
    this.browRaise = brows;
  }

  /** Back to the start: no accents, the seed's first draw next. */
  reset(): void {
    this.random.reset();
    this.nodStart.fill(-Infinity);
    this.browStart.fill(-Infinity);
    this.nodAmplitude.fill(0);
    this.browAmplitude.fill(0);
    this.time = 0;
    this.lastAccent = -Infinity;
    this.baseline = Number.NaN;
    this.deviation = 2;
    this.score = 0;
    this.peakScore = 0;
    this.pitchScore = 0;
    this.peakPitchScore = 0;
    this.rising = false;
    this.nextSlot = 0;
    this.nextBrowSlot = 0;
    this.accentCount = 0;
    this.headPitch = 0;
    this.browRaise = 0;
  }
}
