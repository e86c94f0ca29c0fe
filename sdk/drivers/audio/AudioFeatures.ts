/** Lower edges of the five analysis bands in Hz (the last band ends at 8 kHz or the Nyquist frequency). */
export const AUDIO_BAND_EDGES_HZ: readonly number[] = Object.freeze([80, 300, 1000, 2000, 4000, 8000]);

/**
 * The features of one analysis frame (a 32 ms window by default), written in place by
 * {@link AudioFeatureExtractor.analyze} so that per-frame analysis allocates nothing. Units are in the field names
 * and docs: decibels relative to full scale (dBFS, a full-scale sine is −3 dBFS), Hz, per second, or 0..1.
 */
export class AudioFeatures {
  /** Centre of the analysis window in seconds (set by the caller that positions the window; 0 otherwise). */
  time = 0;
  /** Root-mean-square amplitude of the window (full scale = 1), DC removed. */
  rms = 0;
  /** `20·log10(rms)` in dBFS, floored at −120 dB (digital silence). */
  levelDb = -120;
  /**
   * Energy of each band in dB (10·log10 of the summed power spectrum, Hann window), bands
   * 80–300 Hz (voicing, nasal murmur), 300–1000 Hz (first formant), 1–2 kHz, 2–4 kHz (second/third formants of
   * front vowels), 4–8 kHz (fricatives); −120 dB when empty.
   */
  readonly bandsDb = new Float64Array(5);
  /** Spectral centroid over 80 Hz … 8 kHz in Hz (0 for silence). */
  centroidHz = 0;
  /** Energy below 1 kHz over energy 1–8 kHz, in dB (+ = dark/low, − = bright/hissy). */
  lowHighRatioDb = 0;
  /** Spectral flatness over 80 Hz … 8 kHz (geometric / arithmetic mean of the power spectrum): ~0 tonal, →1 noise. */
  flatness = 0;
  /** Zero crossings per second of the window's samples. */
  zeroCrossingRate = 0;
  /**
   * Periodicity 0..1: the highest normalized autocorrelation in the pitch lag range (Boersma's window-corrected
   * estimate); voiced speech is typically > 0.6, noise and fricatives < 0.4.
   */
  periodicity = 0;
  /** Fundamental frequency in Hz at the best autocorrelation peak (0 when the window is silent). */
  pitchHz = 0;
  /** First formant (jaw opening) in Hz from the LPC envelope, 0 when none was found. */
  formant1Hz = 0;
  /** Second formant (front/back, rounding) in Hz, 0 when none was found. */
  formant2Hz = 0;
  /** Third formant in Hz, 0 when none was found. */
  formant3Hz = 0;

  /** Copies every field of `other` into this object. */
  copy(other: AudioFeatures): this {
    this.time = other.time;
    this.rms = other.rms;
    this.levelDb = other.levelDb;
    this.bandsDb.set(other.bandsDb);
    this.centroidHz = other.centroidHz;
    this.lowHighRatioDb = other.lowHighRatioDb;
    this.flatness = other.flatness;
    this.zeroCrossingRate = other.zeroCrossingRate;
    this.periodicity = other.periodicity;
    this.pitchHz = other.pitchHz;
    this.formant1Hz = other.formant1Hz;
    this.formant2Hz = other.formant2Hz;
    this.formant3Hz = other.formant3Hz;
    return this;
  }
}
