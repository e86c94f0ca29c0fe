import { PortraitRigError } from '../../errors/PortraitRigError.js';

/**
 * Parameters of a {@link OneEuroFilter} (Casiez, Roussel & Vogel, "1 € Filter", CHI 2012). Frequencies in Hz,
 * `beta` in Hz per (value unit per second) — for motion capture the value unit is one α coefficient.
 */
export interface OneEuroFilterOptions {
  /**
   * Cutoff frequency at rest, Hz; default 2. Lower removes more jitter from a still face but lags slow motion
   * (the lag is about `1 / (2π · minCutoff)` seconds: 80 ms at 2 Hz).
   */
  readonly minCutoff?: number;
  /**
   * How fast the cutoff rises with speed, Hz per (coefficient/s); default 1. Higher lets fast motion (blinks,
   * syllables) through with less lag; 0 makes the filter a plain one-pole low-pass at `minCutoff`.
   */
  readonly beta?: number;
  /** Cutoff of the speed estimate, Hz; default 1. */
  readonly derivativeCutoff?: number;
}

/**
 * The defaults of {@link OneEuroFilterOptions}: `{ minCutoff: 2, beta: 1, derivativeCutoff: 1 }`. Measured at 25 fps
 * on synthetic coefficient tracks (see OneEuroFilter.test.ts and docs/video.md): jitter on a still face falls ~2×, on
 * a slow sway ~1.5×; a step (a blink) reaches 90 % within one frame; a talking-head turn with little jitter pays a
 * lag error of a few hundredths of a coefficient. Turn smoothing off for clean, synthetic driving videos.
 */
export const DEFAULT_ONE_EURO: Readonly<Required<OneEuroFilterOptions>> = Object.freeze({ minCutoff: 2, beta: 1, derivativeCutoff: 1 });

function smoothingFactor(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
}

/**
 * The 1 € filter on a vector of signals (one independent filter per coefficient), for jitter-free motion capture: an
 * adaptive low-pass whose cutoff rises with the signal's speed, so a still face stops shimmering while blinks and
 * fast turns keep their timing. Per coefficient and sample at time `t` (seconds):
 *
 * ```
 * dt = t − t_prev;  a(f) = 1 / (1 + 1 / (2π f dt))
 * ẋ  = lerp(ẋ_prev, (x − x̂_prev) / dt, a(derivativeCutoff))
 * x̂  = lerp(x̂_prev, x, a(minCutoff + beta · |ẋ|))
 * ```
 *
 * The first sample passes unchanged; a constant input comes out exactly constant (bit for bit), so smoothing never
 * moves a still video. Allocation-free per sample when `out` is given.
 *
 * @example
 * ```ts
 * const filter = new OneEuroFilter(model.manifest.motionDim, { minCutoff: 2, beta: 1 });
 * const smooth = new Float32Array(model.manifest.motionDim);
 * for (const [t, alpha] of measured) filter.filter(alpha, t, smooth);   // t in seconds
 * ```
 */
export class OneEuroFilter {
  /** Number of coefficients filtered. */
  readonly size: number;
  /** The parameters in use. */
  readonly options: Readonly<Required<OneEuroFilterOptions>>;
  readonly #value: Float64Array;
  readonly #speed: Float64Array;
  #time = 0;
  #started = false;

  /**
   * @param size - coefficients per sample (e.g. `motionDim`).
   * @param options - cutoffs and speed coefficient; see {@link DEFAULT_ONE_EURO}.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a non-positive cutoff, a negative `beta` or a bad size.
   */
  constructor(size: number, options: OneEuroFilterOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new PortraitRigError('INVALID_ARGUMENT', `OneEuroFilter: size must be a positive integer (got ${size}).`);
    const merged = { ...DEFAULT_ONE_EURO, ...options };
    if (!(merged.minCutoff > 0) || !Number.isFinite(merged.minCutoff) || !(merged.derivativeCutoff > 0) || !Number.isFinite(merged.derivativeCutoff)) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `OneEuroFilter: minCutoff and derivativeCutoff must be finite frequencies > 0 Hz (got ${merged.minCutoff}, ${merged.derivativeCutoff}).`);
    }
    if (!(merged.beta >= 0) || !Number.isFinite(merged.beta)) {
      throw new PortraitRigError('INVALID_ARGUMENT', `OneEuroFilter: beta must be a finite number ≥ 0 (got ${merged.beta}).`);
    }
    this.size = size;
    this.options = Object.freeze(merged);
    this.#value = new Float64Array(size);
    this.#speed = new Float64Array(size);
  }

  /**
   * Filters one sample.
   *
   * @param sample - `size` values.
   * @param time - the sample's time in seconds; must not go backwards. A repeated time returns the previous estimate.
   * @param out - receives the filtered values; a new array when omitted.
   * @returns `out`, or the new array.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a wrong length, a non-finite time, or time going backwards.
   */
  filter(sample: ArrayLike<number>, time: number, out: Float32Array = new Float32Array(this.size)): Float32Array {
    if (sample.length !== this.size || out.length !== this.size) {
      throw new PortraitRigError('INVALID_ARGUMENT', `OneEuroFilter: sample and out must have ${this.size} values (got ${sample.length}, ${out.length}).`);
    }
    if (!Number.isFinite(time)) throw new PortraitRigError('INVALID_ARGUMENT', `OneEuroFilter: time must be finite seconds (got ${time}).`);
    const value = this.#value;
    const speed = this.#speed;
    if (!this.#started) {
      for (let i = 0; i < this.size; i += 1) { value[i] = sample[i]!; speed[i] = 0; out[i] = sample[i]!; }
      this.#time = time;
      this.#started = true;
      return out;
    }
    const dt = time - this.#time;
    if (dt < 0) {
      throw new PortraitRigError('INVALID_ARGUMENT', `OneEuroFilter: time went backwards (${time} s after ${this.#time} s); call reset() when a new take starts.`);
    }
    if (dt === 0) {
      for (let i = 0; i < this.size; i += 1) out[i] = value[i]!;
      return out;
    }
    this.#time = time;
    const { minCutoff, beta, derivativeCutoff } = this.options;
    const aSpeed = smoothingFactor(derivativeCutoff, dt);
    for (let i = 0; i < this.size; i += 1) {
      const previous = value[i]!;
      const x = sample[i]!;
      const delta = x - previous;
      if (delta === 0 && speed[i] === 0) { out[i] = previous; continue; }
      const s = speed[i]! + aSpeed * (delta / dt - speed[i]!);
      speed[i] = s;
      const a = smoothingFactor(minCutoff + beta * Math.abs(s), dt);
      const next = previous + a * delta;
      value[i] = next;
      out[i] = next;
    }
    return out;
  }

  /** Forgets the history: the next sample passes unchanged (start of a new shot or take). */
  reset(): void {
    this.#started = false;
    this.#value.fill(0);
    this.#speed.fill(0);
  }
}
