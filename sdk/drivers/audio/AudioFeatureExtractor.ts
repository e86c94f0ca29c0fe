import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { AUDIO_BAND_EDGES_HZ, AudioFeatures } from './AudioFeatures.js';
import { checkSampleRate } from './checkSampleRate.js';
import { Fft } from './Fft.js';

/** Options of an {@link AudioFeatureExtractor}. */
export interface AudioFeatureExtractorOptions {
  /** Analysis window length in milliseconds (Hann window), 10..100; default 32. */
  windowMs?: number;
  /** Lowest pitch searched, Hz (default 70). */
  minPitchHz?: number;
  /** Highest pitch searched, Hz (default 400). */
  maxPitchHz?: number;
  /** LPC order for the formant envelope (default `round(sampleRate / 1000) + 2`, 18 at 16 kHz). */
  lpcOrder?: number;
}

const FLOOR_DB = -120;
const EPS = 1e-20;
/** Pre-emphasis coefficient for the LPC (formant) analysis. */
const PRE_EMPHASIS = 0.97;

function toDb(power: number): number {
  return power > 1e-12 ? 10 * Math.log10(power) : FLOOR_DB;
}

/**
 * Computes {@link AudioFeatures} of one window of mono PCM: level, band energies, spectral centroid, low/high ratio,
 * flatness, zero-crossing rate, pitch and periodicity (autocorrelation), and the first three formants (LPC
 * envelope peaks). Everything is pure TypeScript with preallocated buffers: {@link AudioFeatureExtractor.analyze}
 * allocates nothing, so it can run every animation frame.
 *
 * The same extractor serves the offline path ({@link analyzeAudio}, windows every 10 ms) and the live
 * {@link WebAudioDriver} (one window per animation frame); both feed it 16 kHz audio by default.
 *
 * Method: the window's mean is removed, a Hann window applied and an FFT of twice the window length taken. The power
 * spectrum gives the band energies, centroid, ratio and flatness; its inverse transform is the autocorrelation,
 * divided by the window's own autocorrelation (Boersma 1993) to measure periodicity, whose best lag in the pitch
 * range gives the pitch. A pre-emphasized version of the same autocorrelation feeds a Levinson–Durbin LPC whose
 * envelope peaks are the formant estimates.
 *
 * @example
 * ```ts
 * const extractor = new AudioFeatureExtractor(16_000);
 * const features = new AudioFeatures();
 * extractor.analyze(pcm16k, 8000 - extractor.windowLength / 2, features); // the window centred at 0.5 s
 * console.log(features.levelDb, features.pitchHz, features.formant1Hz);
 * ```
 */
export class AudioFeatureExtractor {
  /** Sample rate of the input in Hz. */
  readonly sampleRate: number;
  /** Window length in samples. */
  readonly windowLength: number;
  /** FFT size (a power of two ≥ 2 × window length). */
  readonly fftSize: number;
  /** LPC order. */
  readonly lpcOrder: number;
  private readonly fft: Fft;
  private readonly window: Float64Array;
  private readonly windowAcf: Float64Array;
  private readonly frame: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly power: Float64Array;
  private readonly acf: Float64Array;
  private readonly normalizedAcf: Float64Array;
  private readonly emphasizedAcf: Float64Array;
  private readonly lpc: Float64Array;
  private readonly lpcTemp: Float64Array;
  private readonly envelope: Float64Array;
  private readonly bandBins: Int32Array;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly firstBin: number;
  private readonly lastBin: number;
  private readonly splitBin: number;

  /**
   * @param sampleRate - Rate of the samples passed to `analyze`, Hz (16 000 recommended: see {@link Resampler}).
   * @param options - Window length, pitch range, LPC order.
   * @throws PortraitRigError `audio/invalid-sample-rate` or `audio/invalid-option`.
   */
  constructor(sampleRate = 16_000, options: AudioFeatureExtractorOptions = {}) {
    checkSampleRate(sampleRate);
    const windowMs = options.windowMs ?? 32;
    const minPitch = options.minPitchHz ?? 70;
    const maxPitch = options.maxPitchHz ?? 400;
    const order = options.lpcOrder ?? Math.round(sampleRate / 1000) + 2;
    if (!(windowMs >= 10 && windowMs <= 100) || !(minPitch >= 30 && maxPitch > minPitch && maxPitch <= 2000)
      || !Number.isInteger(order) || order < 2 || order > 64) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'AudioFeatureExtractor: windowMs must be 10..100 ms, 30 ≤ minPitchHz < maxPitchHz ≤ 2000 Hz, lpcOrder an integer 2..64.');
    }
    this.sampleRate = sampleRate;
    this.windowLength = Math.max(16, Math.round((windowMs / 1000) * sampleRate));
    let size = 2;
    while (size < 2 * this.windowLength) size <<= 1;
    this.fftSize = size;
    this.lpcOrder = Math.min(order, this.windowLength - 1);
    this.fft = new Fft(size);
    const n = this.windowLength;
    this.window = new Float64Array(n);
    for (let i = 0; i < n; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
    this.frame = new Float64Array(n);
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.power = new Float64Array(size / 2 + 1);
    this.acf = new Float64Array(n);
    this.normalizedAcf = new Float64Array(n);
    this.emphasizedAcf = new Float64Array(this.lpcOrder + 1);
    this.lpc = new Float64Array(this.lpcOrder + 1);
    this.lpcTemp = new Float64Array(this.lpcOrder + 1);
    this.envelope = new Float64Array(size / 2 + 1);
    // Autocorrelation of the window itself, normalized to 1 at lag 0.
    this.windowAcf = new Float64Array(n);
    for (let lag = 0; lag < n; lag++) {
      let sum = 0;
      for (let i = 0; i + lag < n; i++) sum += this.window[i]! * this.window[i + lag]!;
      this.windowAcf[lag] = sum;
    }
    const w0 = this.windowAcf[0]!;
    for (let lag = 0; lag < n; lag++) this.windowAcf[lag]! /= w0;
    this.minLag = Math.max(2, Math.floor(sampleRate / maxPitch));
    this.maxLag = Math.min(Math.floor(n / 2), Math.ceil(sampleRate / minPitch));
    const binHz = sampleRate / size;
    const nyquistBin = size / 2;
    const bin = (hz: number): number => Math.min(nyquistBin, Math.max(1, Math.round(hz / binHz)));
    this.bandBins = Int32Array.from(AUDIO_BAND_EDGES_HZ, (hz) => bin(Math.min(hz, sampleRate / 2 - binHz)));
    this.firstBin = this.bandBins[0]!;
    this.lastBin = this.bandBins[this.bandBins.length - 1]!;
    this.splitBin = bin(1000);
  }

  /**
   * Analyses `windowLength` samples starting at `start` (samples before 0 or past the end count as silence, so
   * windows may hang over the edges of a buffer) and writes the result into `out` (its `time` is left as is).
   *
   * @param samples - Mono PCM at `sampleRate`, nominally −1..1.
   * @param start - Index of the window's first sample (may be negative).
   * @param out - Receives the features.
   * @param length - Samples of `samples` that are valid (default all).
   * @returns `out`.
   */
  analyze(samples: ArrayLike<number>, start: number, out: AudioFeatures, length = samples.length): AudioFeatures {
    const n = this.windowLength;
    const frame = this.frame;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const index = start + i;
      const value = index >= 0 && index < length ? samples[index]! : 0;
      frame[i] = value;
      mean += value;
    }
    mean /= n;
    let energy = 0;
    let crossings = 0;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const value = frame[i]! - mean;
      frame[i] = value;
      energy += value * value;
      if (i > 0 && ((value >= 0 && previous < 0) || (value < 0 && previous >= 0))) crossings++;
      previous = value;
    }
    const rms = Math.sqrt(energy / n);
    out.rms = rms;
    out.levelDb = rms > 1e-6 ? 20 * Math.log10(rms) : FLOOR_DB;
    out.zeroCrossingRate = (crossings * this.sampleRate) / n;
    if (rms <= 1e-6) {
      this.silent(out);
      return out;
    }

    // Power spectrum of the Hann-windowed, zero-padded frame.
    const re = this.re;
    const im = this.im;
    const size = this.fftSize;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < n; i++) re[i] = frame[i]! * this.window[i]!;
    this.fft.forward(re, im);
    const power = this.power;
    for (let k = 0; k <= size / 2; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;

    // Bands, centroid, low/high ratio, flatness.
    const binHz = this.sampleRate / size;
    const bands = this.bandBins;
    for (let b = 0; b < bands.length - 1; b++) {
      let sum = 0;
      for (let k = bands[b]!; k < bands[b + 1]!; k++) sum += power[k]!;
      out.bandsDb[b] = toDb(sum / (n * n));
    }
    let total = 0;
    let weighted = 0;
    let logSum = 0;
    let low = 0;
    for (let k = this.firstBin; k < this.lastBin; k++) {
      const p = power[k]!;
      total += p;
      weighted += p * k * binHz;
      logSum += Math.log(p + EPS);
      if (k < this.splitBin) low += p;
    }
    const bins = this.lastBin - this.firstBin;
    out.centroidHz = total > 0 ? weighted / total : 0;
    out.lowHighRatioDb = toDb(low + EPS) - toDb(total - low + EPS);
    out.flatness = total > 0 ? Math.min(1, Math.exp(logSum / bins) / (total / bins + EPS)) : 0;

    // Autocorrelation = inverse FFT of the power spectrum (zero padding makes it linear, not circular).
    for (let k = 0; k < size; k++) {
      const mirrored = k <= size / 2 ? power[k]! : power[size - k]!;
      re[k] = mirrored;
      im[k] = 0;
    }
    this.fft.inverse(re, im);
    const acf = this.acf;
    for (let lag = 0; lag < n; lag++) acf[lag] = re[lag]!;
    const r0 = acf[0]!;
    this.pitch(out, r0);
    this.formants(out, r0);
    return out;
  }

  private silent(out: AudioFeatures): void {
    out.bandsDb.fill(FLOOR_DB);
    out.centroidHz = 0;
    out.lowHighRatioDb = 0;
    out.flatness = 0;
    out.periodicity = 0;
    out.pitchHz = 0;
    out.formant1Hz = 0;
    out.formant2Hz = 0;
    out.formant3Hz = 0;
  }

  /** Best normalized-autocorrelation peak in the pitch range; prefers the shortest lag within 15 % of the best. */
  private pitch(out: AudioFeatures, r0: number): void {
    const acf = this.acf;
    const windowAcf = this.windowAcf;
    const normalized = this.normalizedAcf;
    const last = Math.min(this.maxLag + 1, acf.length - 1);
    // Values above 1 come from dividing by the window's small autocorrelation at long lags: clamp them, so that a
    // long lag cannot outvote the true period (octave errors).
    for (let lag = this.minLag - 1; lag <= last; lag++) {
      const value = acf[lag]! / r0 / windowAcf[lag]!;
      normalized[lag] = value < 1 ? value : 1;
    }
    let best = 0;
    for (let lag = this.minLag; lag <= this.maxLag; lag++) {
      if (normalized[lag]! > best) best = normalized[lag]!;
    }
    let chosen = -1;
    for (let lag = this.minLag + 1; lag < this.maxLag; lag++) {
      const value = normalized[lag]!;
      if (value >= 0.85 * best && value >= normalized[lag - 1]! && value >= normalized[lag + 1]!) {
        chosen = lag;
        break;
      }
    }
    out.periodicity = best > 0 ? (best < 1 ? best : 1) : 0;
    if (chosen < 0 || best <= 0) {
      out.pitchHz = 0;
      return;
    }
    const a = normalized[chosen - 1]!;
    const b = normalized[chosen]!;
    const c = normalized[chosen + 1]!;
    const denominator = a - 2 * b + c;
    let shift = denominator < 0 ? (0.5 * (a - c)) / denominator : 0;
    if (shift > 0.5) shift = 0.5;
    if (shift < -0.5) shift = -0.5;
    out.pitchHz = this.sampleRate / (chosen + shift);
  }

  /** LPC (Levinson–Durbin on the pre-emphasized autocorrelation) and the first three envelope peaks. */
  private formants(out: AudioFeatures, r0: number): void {
    const p = this.lpcOrder;
    const acf = this.acf;
    const a = this.lpc;
    const temp = this.lpcTemp;
    // Autocorrelation of y[n] = x[n] − μ·x[n−1] from that of x: (1 + μ²)·r(k) − μ·(r(k−1) + r(k+1)).
    const mu = PRE_EMPHASIS;
    const ry = this.emphasizedAcf;
    for (let k = 0; k <= p; k++) ry[k] = (1 + mu * mu) * acf[k]! - mu * (acf[k === 0 ? 1 : k - 1]! + acf[k + 1]!);
    let error = ry[0]! * (1 + 1e-9) + r0 * 1e-12;
    a.fill(0);
    a[0] = 1;
    for (let i = 1; i <= p; i++) {
      let acc = ry[i]!;
      for (let j = 1; j < i; j++) acc += a[j]! * ry[i - j]!;
      const k = -acc / error;
      temp.set(a);
      for (let j = 1; j < i; j++) a[j] = temp[j]! + k * temp[i - j]!;
      a[i] = k;
      error *= 1 - k * k;
      if (!(error > 0)) break;
    }
    // Envelope 1/|A(e^jω)|² sampled by an FFT of the coefficients.
    const re = this.re;
    const im = this.im;
    const size = this.fftSize;
    re.fill(0);
    im.fill(0);
    for (let i = 0; i <= p; i++) re[i] = a[i]!;
    this.fft.forward(re, im);
    const envelope = this.envelope;
    for (let k = 0; k <= size / 2; k++) envelope[k] = -Math.log(re[k]! * re[k]! + im[k]! * im[k]! + EPS);
    const binHz = this.sampleRate / size;
    out.formant1Hz = 0;
    out.formant2Hz = 0;
    out.formant3Hz = 0;
    const startBin = Math.max(1, Math.round(200 / binHz));
    const endBin = Math.min(size / 2 - 1, Math.round(Math.min(5000, this.sampleRate / 2 - 200) / binHz));
    let found = 0;
    for (let k = startBin; k <= endBin && found < 3; k++) {
      const value = envelope[k]!;
      if (value > envelope[k - 1]! && value >= envelope[k + 1]!) {
        const left = envelope[k - 1]!;
        const right = envelope[k + 1]!;
        const denominator = left - 2 * value + right;
        const shift = denominator < 0 ? (0.5 * (left - right)) / denominator : 0;
        const hz = (k + shift) * binHz;
        if (found === 0) {
          if (hz > 1200) { found = 1; } else { out.formant1Hz = hz; found = 1; continue; }
        }
        if (found === 1) {
          const previous = out.formant1Hz;
          if (hz - previous >= 150) { out.formant2Hz = hz; found = 2; }
        } else if (found === 2 && hz - out.formant2Hz >= 150) {
          out.formant3Hz = hz;
          found = 3;
        }
      }
    }
  }
}
