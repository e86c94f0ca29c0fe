import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { checkSampleRate } from './checkSampleRate.js';

/** Table resolution of the kernel: entries per zero crossing. */
const TABLE_STEPS = 512;

/** Modified Bessel function of the first kind, order 0 (series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Options of a {@link Resampler}. */
export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side of the kernel (quality vs. cost), 4..64; default 24. */
  zeroCrossings?: number;
  /** Pass band as a fraction of the lower Nyquist frequency, 0.5..0.99; default 0.94. */
  rolloff?: number;
  /** Kaiser window β (stop-band attenuation; 8 ≈ −80 dB); default 8. */
  kaiserBeta?: number;
}

/**
 * Band-limited sample-rate converter (windowed-sinc interpolation with a Kaiser window and a precomputed kernel
 * table), for any pair of rates: 44.1 kHz → 16 kHz, 48 kHz → 16 kHz, 8 kHz → 16 kHz … When downsampling, the kernel
 * is a low-pass at `rolloff ×` the output Nyquist frequency, so content above it is removed instead of aliasing.
 *
 * Output sample `j` is the signal at time `j / outputRate` seconds (the first input sample is at time 0); samples
 * beyond the ends of the input count as zero. {@link Resampler.process} allocates nothing.
 *
 * @example
 * ```ts
 * const resampler = new Resampler(48_000, 16_000);
 * const out = new Float32Array(resampler.outputLength(input.length));
 * resampler.process(input, out);
 * ```
 */
export class Resampler {
  /** Input rate in Hz. */
  readonly inputRate: number;
  /** Output rate in Hz. */
  readonly outputRate: number;
  /** Half the kernel's width, in input samples. */
  readonly halfWidth: number;
  private readonly step: number;
  private readonly cutoff: number;
  private readonly zeroCrossings: number;
  private readonly table: Float64Array;
  private readonly identity: boolean;
  /** Polyphase form for rational rate pairs: weights of each output phase, `taps` per phase (already × gain). */
  private readonly phaseWeights: Float64Array | undefined;
  /** First input index of each phase's kernel (relative to the phase's period start). */
  private readonly phaseFirst: Int32Array | undefined;
  private readonly phases: number;
  private readonly period: number;
  private readonly taps: number;

  /**
   * @param inputRate - Rate of the input in Hz.
   * @param outputRate - Rate of the output in Hz.
   * @param options - Kernel quality.
   * @throws PortraitRigError `audio/invalid-sample-rate` or `audio/invalid-option`.
   */
  constructor(inputRate: number, outputRate: number, options: ResamplerOptions = {}) {
    checkSampleRate(inputRate, 'input sample rate');
    checkSampleRate(outputRate, 'output sample rate');
    const zeroCrossings = options.zeroCrossings ?? 24;
    const rolloff = options.rolloff ?? 0.94;
    const beta = options.kaiserBeta ?? 8;
    if (!Number.isInteger(zeroCrossings) || zeroCrossings < 4 || zeroCrossings > 64 || !(rolloff >= 0.5 && rolloff <= 0.99)
      || !(beta >= 0 && beta <= 20)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'Resampler: zeroCrossings must be an integer 4..64, rolloff 0.5..0.99 and kaiserBeta 0..20.');
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.identity = inputRate === outputRate;
    this.step = inputRate / outputRate;
    this.zeroCrossings = zeroCrossings;
    // Cut-off in cycles per input sample.
    this.cutoff = 0.5 * Math.min(1, outputRate / inputRate) * rolloff;
    this.halfWidth = zeroCrossings / (2 * this.cutoff);
    const entries = zeroCrossings * TABLE_STEPS + 2;
    this.table = new Float64Array(entries);
    const norm = besselI0(beta);
    for (let i = 0; i < entries; i++) {
      const u = i / TABLE_STEPS; // in zero crossings
      const ratio = u / zeroCrossings;
      const window = ratio >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / norm;
      const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
      this.table[i] = sinc * window;
    }
    // Rates whose ratio reduces to L/M with few phases (48 k → 16 k: 1/3, 44.1 k → 16 k: 160/441) get their weights
    // precomputed per phase, so each output is one contiguous dot product.
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const integral = Number.isInteger(inputRate) && Number.isInteger(outputRate);
    const divisor = integral ? gcd(inputRate, outputRate) : 1;
    const phases = integral ? outputRate / divisor : 0;
    const taps = 2 * Math.ceil(this.halfWidth) + 1;
    this.taps = taps;
    this.phases = phases;
    this.period = integral ? inputRate / divisor : 0;
    if (integral && !this.identity && phases <= 1024) {
      const scale = 2 * this.cutoff;
      this.phaseWeights = new Float64Array(phases * taps);
      this.phaseFirst = new Int32Array(phases);
      for (let p = 0; p < phases; p++) {
        const t = (p * this.period) / phases;
        const first = Math.ceil(t - this.halfWidth);
        this.phaseFirst[p] = first;
        for (let k = 0; k < taps; k++) this.phaseWeights[p * taps + k] = this.weight(Math.abs(t - (first + k))) * scale;
      }
    } else {
      this.phaseWeights = undefined;
      this.phaseFirst = undefined;
    }
  }

  /** Kernel value at `distance` input samples from the output time (table, linear interpolation). */
  private weight(distance: number): number {
    const position = distance * 2 * this.cutoff * TABLE_STEPS;
    const index = Math.floor(position);
    if (index >= this.zeroCrossings * TABLE_STEPS) return 0;
    return this.table[index]! + (this.table[index + 1]! - this.table[index]!) * (position - index);
  }

  /** Number of output samples for `inputLength` input samples: `ceil(inputLength · outputRate / inputRate)`. */
  outputLength(inputLength: number): number {
    return this.identity ? inputLength : Math.ceil((inputLength * this.outputRate) / this.inputRate - 1e-9);
  }

  /**
   * Converts `input[0 … inputLength)` into `output`: `output[j]` receives output sample `firstOutput + j`, for as many
   * samples as fit (at most `outputLength(inputLength) − firstOutput`). Computing only a tail (`firstOutput > 0`)
   * is how the live driver resamples just the window it analyses.
   *
   * @param input - Samples at `inputRate`.
   * @param output - Destination at `outputRate`.
   * @param inputLength - Samples of `input` to use (default all).
   * @param firstOutput - Index of the first output sample to compute (default 0).
   * @returns The number of samples written.
   */
  process(input: ArrayLike<number>, output: Float32Array | Float64Array, inputLength = input.length, firstOutput = 0): number {
    const total = this.outputLength(inputLength) - firstOutput;
    const count = total < output.length ? (total > 0 ? total : 0) : output.length;
    if (this.identity) {
      for (let j = 0; j < count; j++) output[j] = input[firstOutput + j]!;
      return count;
    }
    const weights = this.phaseWeights;
    if (weights) {
      const firsts = this.phaseFirst!;
      const phases = this.phases;
      const period = this.period;
      const taps = this.taps;
      for (let j = 0; j < count; j++) {
        const n = firstOutput + j;
        const q = Math.floor(n / phases);
        const p = n - q * phases;
        const base = firsts[p]! + q * period;
        const w = p * taps;
        let sum = 0;
        if (base >= 0 && base + taps <= inputLength) {
          for (let k = 0; k < taps; k++) sum += input[base + k]! * weights[w + k]!;
        } else {
          for (let k = 0; k < taps; k++) {
            const i = base + k;
            if (i >= 0 && i < inputLength) sum += input[i]! * weights[w + k]!;
          }
        }
        output[j] = sum;
      }
      return count;
    }
    const step = this.step;
    const halfWidth = this.halfWidth;
    const scale = 2 * this.cutoff; // kernel argument (zero crossings) per input sample, and DC gain
    const table = this.table;
    const limit = this.zeroCrossings * TABLE_STEPS;
    for (let j = 0; j < count; j++) {
      const t = (firstOutput + j) * step;
      let first = Math.ceil(t - halfWidth);
      let last = Math.floor(t + halfWidth);
      if (first < 0) first = 0;
      if (last > inputLength - 1) last = inputLength - 1;
      let sum = 0;
      for (let i = first; i <= last; i++) {
        const position = Math.abs(t - i) * scale * TABLE_STEPS;
        const index = position | 0;
        if (index >= limit) continue;
        const frac = position - index;
        const weight = table[index]! + (table[index + 1]! - table[index]!) * frac;
        sum += input[i]! * weight;
      }
      output[j] = sum * scale;
    }
    return count;
  }
}
