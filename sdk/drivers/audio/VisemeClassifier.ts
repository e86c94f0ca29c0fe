import type { AudioFeatures } from './AudioFeatures.js';
import { VISEMES, type Viseme } from './Viseme.js';

/** Indices into VISEMES. */
const V = { Sil: 0, PP: 1, FF: 2, TH: 3, DD: 4, Kk: 5, CH: 6, SS: 7, Nn: 8, RR: 9, Aa: 10, E: 11, Ih: 12, Oh: 13, Ou: 14 } as const;

/** Vowel prototypes (F1, F2 in Hz) of adult speech, between typical male and female values. */
const VOWELS: readonly (readonly [number, number, number])[] = [
  [V.Aa, 750, 1200],
  [V.E, 550, 1850],
  [V.Ih, 320, 2200],
  [V.Oh, 500, 900],
  [V.Ou, 320, 1100],
  [V.RR, 450, 1250],
];
/** Log-frequency spreads of the vowel prototypes (≈ ±25 % in F1, ±20 % in F2 per standard deviation). */
const SIGMA_F1 = 0.22;
const SIGMA_F2 = 0.18;

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = (x - edge0) / (edge1 - edge0);
  const c = t <= 0 ? 0 : t >= 1 ? 1 : t;
  return c * c * (3 - 2 * c);
}

/**
 * A **heuristic** classifier from the spectral features of one frame to soft weights over the 15 Oculus
 * {@link Viseme}s (summing to 1). It is not a phoneme recogniser and makes no claim to be one; it uses what a
 * spectrum shows reliably:
 *
 * - silence (below the gate) → `sil`;
 * - voiced frames (periodicity) → vowels by the distance of the first two formants to prototypes in log frequency:
 *   `aa` (F1 750, F2 1200 Hz), `E` (550, 1850), `ih` (320, 2200), `oh` (500, 900), `ou` (320, 1100); `RR` near
 *   (450, 1250) only when F3 is low (< 2 kHz, the mark of r); `nn` for weak voiced frames with nearly all energy
 *   below 1 kHz (nasal murmur, also l and m);
 * - unvoiced noise → by spectral centroid: `SS` (≥ 4.5 kHz), `CH` (2.5–4.5 kHz), weak flat noise → `FF`/`TH`
 *   (indistinguishable by spectrum: split 60/40);
 * - a sudden unvoiced onset (8–14 dB above the level of the last ~25 ms, lasting at most 25 ms) → a stop burst by
 *   centroid: `DD` (t, d: high), `kk` (k, g: mid), `PP` (p, b: low).
 *
 * Expect the broad classes (silence, open/rounded/spread vowels, sibilants) to be right most of the time on clean
 * speech, and stops, nasals and TH/FF to be guesses. The mouth channels blend {@link VISEME_SHAPES} by these
 * weights, so a wrong guess between neighbours costs little.
 *
 * @example
 * ```ts
 * const classifier = new VisemeClassifier();
 * classifier.classify(features, loudness, speaking, 0.01);
 * console.log(classifier.viseme, classifier.weights[VISEMES.indexOf('aa')]);
 * ```
 */
export class VisemeClassifier {
  /** Weight of each viseme in {@link VISEMES} order, summing to 1. */
  readonly weights = new Float64Array(VISEMES.length);
  /** Index (in {@link VISEMES}) of the heaviest viseme of the last frame. */
  index = 0;
  private slowLevelDb = -120;
  private burstSeconds = 0;

  /** Name of the heaviest viseme of the last frame. */
  get viseme(): Viseme {
    return VISEMES[this.index]!;
  }

  /**
   * Classifies one frame.
   *
   * @param f - The frame's features.
   * @param loudness - 0..1 between the silence gate and the speech peak (see {@link LevelTracker.loudness}).
   * @param speaking - False when the frame is below the silence gate.
   * @param deltaSeconds - Time since the previous frame, seconds (for onset detection).
   */
  classify(f: AudioFeatures, loudness: number, speaking: boolean, deltaSeconds: number): void {
    const w = this.weights;
    w.fill(0);
    const onset = f.levelDb - this.slowLevelDb;
    if (deltaSeconds > 0) this.slowLevelDb += (f.levelDb - this.slowLevelDb) * (1 - Math.exp(-deltaSeconds / 0.025));
    if (!speaking) {
      w[V.Sil] = 1;
      this.index = V.Sil;
      this.burstSeconds = 0;
      return;
    }
    const voiced = f.pitchHz > 0 ? smoothstep(0.45, 0.75, f.periodicity) : 0;
    // Voiced part: vowels by formants, or nasal murmur.
    if (voiced > 0) {
      const murmur = smoothstep(10, 20, f.lowHighRatioDb) * (1 - smoothstep(0.4, 0.8, loudness));
      let total = 0;
      if (f.formant1Hz > 0 && f.formant2Hz > 0) {
        const l1 = Math.log(f.formant1Hz);
        const l2 = Math.log(f.formant2Hz);
        const lowF3 = f.formant3Hz > 0 && f.formant3Hz < 2000 ? 1 : 0.2;
        for (let i = 0; i < VOWELS.length; i++) {
          const prototype = VOWELS[i]!;
          const d1 = (l1 - Math.log(prototype[1])) / SIGMA_F1;
          const d2 = (l2 - Math.log(prototype[2])) / SIGMA_F2;
          let value = Math.exp(-0.5 * (d1 * d1 + d2 * d2));
          if (prototype[0] === V.RR) value *= lowF3;
          w[prototype[0]] = value;
          total += value;
        }
      }
      if (total > 1e-6) {
        const scale = (voiced * (1 - murmur)) / total;
        for (let i = 0; i < VOWELS.length; i++) w[VOWELS[i]![0]]! *= scale;
        w[V.Nn]! += voiced * murmur;
      } else {
        w[V.Nn]! += voiced;
      }
    }
    // Unvoiced part: fricatives and stop bursts.
    const noise = 1 - voiced;
    if (noise > 0) {
      const centroid = f.centroidHz;
      // A burst lasts one or two frames; a rise that goes on longer is the start of a fricative or a vowel.
      let burst = smoothstep(8, 14, onset);
      if (burst > 0.5) this.burstSeconds += deltaSeconds;
      else this.burstSeconds = 0;
      if (this.burstSeconds > 0.025) burst = 0;
      const sustained = 1 - burst;
      if (burst > 0) {
        const high = smoothstep(3000, 4000, centroid);
        const low = 1 - smoothstep(1200, 1800, centroid);
        w[V.DD]! += noise * burst * high;
        w[V.PP]! += noise * burst * low * (1 - high);
        w[V.Kk]! += noise * burst * (1 - high) * (1 - low);
      }
      const ss = smoothstep(4000, 5000, centroid);
      const ch = smoothstep(2300, 2800, centroid) * (1 - ss);
      const weak = (1 - ss - ch) > 0 ? 1 - ss - ch : 0;
      w[V.SS]! += noise * sustained * ss;
      w[V.CH]! += noise * sustained * ch;
      w[V.FF]! += noise * sustained * weak * 0.6;
      w[V.TH]! += noise * sustained * weak * 0.4;
    }
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i]!;
    if (sum <= 1e-9) {
      w[V.Sil] = 1;
      this.index = V.Sil;
      return;
    }
    let best = 0;
    for (let i = 0; i < w.length; i++) {
      w[i]! /= sum;
      if (w[i]! > w[best]!) best = i;
    }
    this.index = best;
  }

  /** Forgets the level history. */
  reset(): void {
    this.weights.fill(0);
    this.weights[V.Sil] = 1;
    this.index = V.Sil;
    this.slowLevelDb = -120;
    this.burstSeconds = 0;
  }
}
