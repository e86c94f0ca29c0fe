import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/** Options of a {@link LevelTracker}; levels in dBFS, margins in dB. */
export interface LevelTrackerOptions {
  /** Fixed silence threshold in dBFS; when set, the noise-floor estimate no longer moves the gate. */
  silenceThresholdDb?: number;
  /** How far above the noise floor the silence gate sits, dB (default 12). */
  gateMarginDb?: number;
  /** The gate never lies more than this below the speech peak, dB (default 45). */
  maxRangeDb?: number;
  /** The gate never lies less than this below the speech peak, dB (default 12). */
  minRangeDb?: number;
  /** Starting noise floor of the adaptive estimate, dBFS (default −70). */
  initialNoiseFloorDb?: number;
  /** Starting speech peak of the adaptive estimate, dBFS (default −30). */
  initialSpeechPeakDb?: number;
  /** Length of the adaptive noise floor's sliding minimum, seconds (default 2). */
  floorWindowSeconds?: number;
  /** How fast the adaptive speech peak falls when the level stays below it, dB per second (default 2). */
  peakFallDbPerSecond?: number;
}

const BLOCKS = 8;

/**
 * Tracks the noise floor and the speech level of a signal, in dBFS, and derives the **silence gate** (below it the
 * mouth closes) and the **loudness** of a frame (0 at the gate, 1 at the speech peak).
 *
 * - Adaptive (live audio): the noise floor is the minimum level of the last `floorWindowSeconds` (minimum
 *   statistics: pauses between words pull it down, steady noise pulls it up within the window); the speech peak
 *   follows louder frames quickly and falls slowly.
 * - Calibrated (offline): {@link LevelTracker.calibrate} fixes both from the whole file (`analyzeAudio` uses the 10th
 *   percentile of frame levels and the 90th percentile of the frames above the floor).
 *
 * The gate is `noiseFloor + gateMarginDb`, kept between `speechPeak − maxRangeDb` and `speechPeak − minRangeDb`,
 * unless `silenceThresholdDb` fixes it.
 *
 * @example
 * ```ts
 * const levels = new LevelTracker();
 * levels.update(features.levelDb, 1 / 60);
 * const speaking = features.levelDb > levels.gateDb;
 * ```
 */
export class LevelTracker {
  /** Noise floor estimate, dBFS. */
  noiseFloorDb = -70;
  /** Speech peak estimate, dBFS. */
  speechPeakDb = -30;
  /**
   * The silence gate in dBFS: frames below it count as silence. `noiseFloor + gateMarginDb`, kept between
   * `speechPeak − maxRangeDb` and `speechPeak − minRangeDb`, or `silenceThresholdDb` when set. Updated by
   * {@link LevelTracker.update}, {@link LevelTracker.calibrate} and {@link LevelTracker.reset}.
   */
  gateDb = -58;
  /** True when the levels move with the signal ({@link LevelTracker.update}); false after {@link LevelTracker.calibrate}. */
  adaptive = true;
  private readonly options: Required<Omit<LevelTrackerOptions, 'silenceThresholdDb'>> & { silenceThresholdDb: number | undefined };
  private readonly blockMin = new Float64Array(BLOCKS);
  private blockIndex = 0;
  private blockTime = 0;

  /** @param options - Margins, fixed threshold, adaptation speeds. */
  constructor(options: LevelTrackerOptions = {}) {
    this.options = {
      silenceThresholdDb: options.silenceThresholdDb,
      gateMarginDb: options.gateMarginDb ?? 12,
      maxRangeDb: options.maxRangeDb ?? 45,
      minRangeDb: options.minRangeDb ?? 12,
      initialNoiseFloorDb: options.initialNoiseFloorDb ?? -70,
      initialSpeechPeakDb: options.initialSpeechPeakDb ?? -30,
      floorWindowSeconds: options.floorWindowSeconds ?? 2,
      peakFallDbPerSecond: options.peakFallDbPerSecond ?? 2,
    };
    const o = this.options;
    const finite = (v: number | undefined): boolean => v === undefined || Number.isFinite(v);
    if (!finite(o.silenceThresholdDb) || !(o.silenceThresholdDb === undefined || o.silenceThresholdDb <= 0)
      || !(o.gateMarginDb >= 0 && o.gateMarginDb <= 60) || !(o.minRangeDb >= 1 && o.maxRangeDb >= o.minRangeDb && o.maxRangeDb <= 120)
      || !(o.initialNoiseFloorDb <= 0 && o.initialNoiseFloorDb >= -140) || !(o.initialSpeechPeakDb <= 0 && o.initialSpeechPeakDb >= -140)
      || !(o.floorWindowSeconds >= 0.2 && o.floorWindowSeconds <= 60) || !(o.peakFallDbPerSecond >= 0 && o.peakFallDbPerSecond <= 100)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'LevelTracker: silenceThresholdDb must be ≤ 0 dBFS, gateMarginDb 0..60 dB, 1 ≤ minRangeDb ≤ maxRangeDb ≤ 120 dB, ' +
        'initial levels −140..0 dBFS, floorWindowSeconds 0.2..60 s, peakFallDbPerSecond 0..100.');
    }
    this.reset();
  }

  private updateGate(): void {
    const o = this.options;
    if (o.silenceThresholdDb !== undefined) {
      this.gateDb = o.silenceThresholdDb;
      return;
    }
    const gate = this.noiseFloorDb + o.gateMarginDb;
    const low = this.speechPeakDb - o.maxRangeDb;
    const high = this.speechPeakDb - o.minRangeDb;
    this.gateDb = gate < low ? low : gate > high ? high : gate;
  }

  /**
   * Loudness of a frame at `levelDb`: 0 at or below the gate, 1 at or above the speech peak, linear in dB between.
   */
  loudness(levelDb: number): number {
    const gate = this.gateDb;
    const span = this.speechPeakDb - gate;
    if (!(span > 0)) return levelDb > gate ? 1 : 0;
    const value = (levelDb - gate) / span;
    return value <= 0 ? 0 : value >= 1 ? 1 : value;
  }

  /**
   * Fixes the levels (offline calibration) and stops adapting.
   *
   * @param noiseFloorDb - Noise floor, dBFS.
   * @param speechPeakDb - Typical loud speech level, dBFS.
   */
  calibrate(noiseFloorDb: number, speechPeakDb: number): void {
    this.noiseFloorDb = noiseFloorDb;
    this.speechPeakDb = Math.max(speechPeakDb, noiseFloorDb + this.options.minRangeDb);
    this.adaptive = false;
    this.updateGate();
  }

  /**
   * Feeds one frame's level (adaptive mode only; a calibrated tracker ignores it).
   *
   * @param levelDb - The frame's level, dBFS.
   * @param deltaSeconds - Time since the previous frame, seconds.
   */
  update(levelDb: number, deltaSeconds: number): void {
    if (!this.adaptive || !(deltaSeconds > 0)) return;
    const o = this.options;
    // Sliding minimum over BLOCKS blocks covering floorWindowSeconds.
    const blockSeconds = o.floorWindowSeconds / BLOCKS;
    this.blockTime += deltaSeconds;
    if (this.blockTime >= blockSeconds) {
      this.blockTime = 0;
      this.blockIndex = (this.blockIndex + 1) % BLOCKS;
      this.blockMin[this.blockIndex] = levelDb;
    } else if (levelDb < this.blockMin[this.blockIndex]!) {
      this.blockMin[this.blockIndex] = levelDb;
    }
    let floor = Infinity;
    for (let i = 0; i < BLOCKS; i++) if (this.blockMin[i]! < floor) floor = this.blockMin[i]!;
    this.noiseFloorDb = floor;
    // Speech peak: fast attack (50 ms), slow fall.
    if (levelDb > this.speechPeakDb) {
      this.speechPeakDb += (levelDb - this.speechPeakDb) * (1 - Math.exp(-deltaSeconds / 0.05));
    } else {
      this.speechPeakDb -= o.peakFallDbPerSecond * deltaSeconds;
    }
    const lowest = this.noiseFloorDb + o.gateMarginDb + o.minRangeDb;
    if (this.speechPeakDb < lowest) this.speechPeakDb = lowest;
    this.updateGate();
  }

  /** Back to the initial estimates, adaptive. */
  reset(): void {
    this.adaptive = true;
    this.noiseFloorDb = this.options.initialNoiseFloorDb;
    this.speechPeakDb = this.options.initialSpeechPeakDb;
    this.blockMin.fill(this.options.initialNoiseFloorDb);
    this.blockIndex = 0;
    this.blockTime = 0;
    this.updateGate();
  }
}
