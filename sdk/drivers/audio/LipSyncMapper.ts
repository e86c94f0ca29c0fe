import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { ChannelName } from '../../rig/channels.js';
import { AttackReleaseSmoother } from './AttackReleaseSmoother.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import type { AudioFeatures } from './AudioFeatures.js';
import { LevelTracker } from './LevelTracker.js';
import type { LipSyncOptions } from './LipSyncOptions.js';
import { ProsodyAccents } from './ProsodyAccents.js';
import { VisemeClassifier } from './VisemeClassifier.js';
import { VISEMES } from './Viseme.js';
import { VISEME_SHAPES } from './VisemeShape.js';

/** Hysteresis of the silence gate: once speaking, the level may fall this far below the gate before it closes, dB. */
const HYSTERESIS_DB = 3;
/** Constant part of the release, amount per second: a closing mouth arrives at 0 instead of creeping toward it. */
const LINEAR_RELEASE = 1;

function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const c = clamp01((x - edge0) / (edge1 - edge0));
  return c * c * (3 - 2 * c);
}

/**
 * Turns one frame of {@link AudioFeatures} into rig channel values: the silence gate (with a 3 dB hysteresis) and
 * loudness from a {@link LevelTracker}, the mouth shape by the `mapping` option, attack/release smoothing, optional
 * viseme weights and prosody accents. The offline {@link analyzeAudio} and the live {@link WebAudioDriver} both run
 * one, frame by frame, so they map the same way. {@link LipSyncMapper.update} allocates nothing.
 *
 * Channel order ({@link LipSyncMapper.channels}): `mouth.open`, `mouth.round`, `mouth.smile`, then `head.pitch` and
 * `brows.raise` with prosody, then the viseme channels when asked for.
 *
 * @example
 * ```ts
 * const mapper = new LipSyncMapper({ prosody: true });
 * const out = new Float64Array(mapper.channels.length);
 * extractor.analyze(pcm, start, features);
 * mapper.update(features, 0.01, out); // out[0] = mouth.open …
 * ```
 */
export class LipSyncMapper {
  /** Channels written, in `out` order. */
  readonly channels: readonly ChannelName[];
  /** Noise floor, speech peak and silence gate. */
  readonly levels: LevelTracker;
  /** The viseme classifier (runs every frame; its weights drive the mouth with `mapping: 'viseme'`). */
  readonly classifier: VisemeClassifier;
  /** Prosody accents, when enabled. */
  readonly prosody: ProsodyAccents | undefined;
  /** Whether the last frame was above the silence gate. */
  speaking = false;
  /** Loudness of the last frame, 0..1 (0 = gate, 1 = speech peak). */
  loudness = 0;
  /** Voicing of the last frame, 0..1 (from periodicity). */
  voicing = 0;
  private readonly mapping: 'formant' | 'viseme';
  private readonly maxOpen: number;
  private readonly maxRound: number;
  private readonly maxSmile: number;
  private readonly shapeOpen: Float64Array;
  private readonly shapeRound: Float64Array;
  private readonly shapeWide: Float64Array;
  private readonly visemeOffset: number;
  private readonly targets: Float64Array;
  private readonly smoother: AttackReleaseSmoother;

  /**
   * @param options - Mapping, smoothing, gate, amounts, visemes, prosody, channel names.
   * @throws PortraitRigError `audio/invalid-option` for an option out of its domain.
   */
  constructor(options: LipSyncOptions = {}) {
    const mapping = options.mapping ?? 'formant';
    if (mapping !== 'formant' && mapping !== 'viseme') {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `lip sync: mapping must be "formant" or "viseme" (got "${String(mapping)}").`);
    }
    this.mapping = mapping;
    const amount = (value: number | undefined, fallback: number, name: string): number => {
      const v = value ?? fallback;
      if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new PortraitRigError(AudioErrorCode.InvalidOption, `lip sync: ${name} must be an amount 0..1 (got ${String(value)}).`);
      }
      return v;
    };
    this.maxOpen = amount(options.maxOpen, 0.8, 'maxOpen');
    this.maxRound = amount(options.maxRound, 0.7, 'maxRound');
    this.maxSmile = amount(options.maxSmile, 0.35, 'maxSmile');
    const shapes = { ...VISEME_SHAPES, ...options.visemeShapes };
    this.shapeOpen = Float64Array.from(VISEMES, (v) => shapes[v].open);
    this.shapeRound = Float64Array.from(VISEMES, (v) => shapes[v].round);
    this.shapeWide = Float64Array.from(VISEMES, (v) => shapes[v].wide);
    if (![...this.shapeOpen, ...this.shapeRound, ...this.shapeWide].every((v) => v >= 0 && v <= 1)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, 'lip sync: every visemeShapes value (open, round, wide) must be an amount 0..1.');
    }
    if (options.latencyMs !== undefined && !(Number.isFinite(options.latencyMs) && Math.abs(options.latencyMs) <= 10_000)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `lip sync: latencyMs must be a number of milliseconds in −10000..10000 (got ${String(options.latencyMs)}).`);
    }
    this.levels = new LevelTracker({ silenceThresholdDb: options.silenceThresholdDb, gateMarginDb: options.gateMarginDb });
    this.classifier = new VisemeClassifier();
    const prosody = options.prosody;
    this.prosody = prosody ? new ProsodyAccents(prosody === true ? {} : prosody) : undefined;
    const names = options.channelNames ?? {};
    const channels: ChannelName[] = [names.open ?? 'mouth.open', names.round ?? 'mouth.round', names.smile ?? 'mouth.smile'];
    if (this.prosody) channels.push(names.nod ?? 'head.pitch', names.brows ?? 'brows.raise');
    this.visemeOffset = channels.length;
    const prefix = options.visemeChannels === true ? 'viseme' : options.visemeChannels || undefined;
    if (prefix !== undefined) {
      if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(prefix)) {
        throw new PortraitRigError(AudioErrorCode.InvalidOption,
          `lip sync: visemeChannels prefix "${prefix}" must be dotted parts of letters, digits and _ starting with a letter (e.g. "viseme" or "lipsync.viseme").`);
      }
      for (const viseme of VISEMES) channels.push(`${prefix}.${viseme}`);
    }
    if (new Set(channels).size !== channels.length) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `lip sync: channelNames must be distinct (got ${channels.join(', ')}).`);
    }
    this.channels = Object.freeze(channels);
    this.targets = new Float64Array(channels.length);
    this.smoother = new AttackReleaseSmoother(channels.length, options.attackMs ?? 25, options.releaseMs ?? 60, LINEAR_RELEASE);
    this.reset();
  }

  /**
   * Maps one frame and writes the smoothed channel values.
   *
   * @param f - The frame's features.
   * @param deltaSeconds - Time since the previous frame, seconds (0 re-writes the current values).
   * @param out - Receives one value per {@link LipSyncMapper.channels} entry.
   */
  update(f: AudioFeatures, deltaSeconds: number, out: Float64Array): void {
    const smoothed = this.smoother.values;
    if (deltaSeconds > 0) {
      const levels = this.levels;
      levels.update(f.levelDb, deltaSeconds);
      const gate = levels.gateDb;
      this.speaking = f.levelDb > (this.speaking ? gate - HYSTERESIS_DB : gate);
      const span = levels.speechPeakDb - gate;
      const loudness = span > 0 ? (f.levelDb - gate) / span : 1;
      this.loudness = !this.speaking || loudness <= 0 ? 0 : loudness >= 1 ? 1 : loudness;
      this.voicing = this.speaking && f.pitchHz > 0 ? smoothstep(0.45, 0.75, f.periodicity) : 0;
      this.classifier.classify(f, this.loudness, this.speaking, deltaSeconds);
      const t = this.targets;
      if (!this.speaking) {
        t[0] = 0; t[1] = 0; t[2] = 0;
      } else if (this.mapping === 'formant') {
        this.formantTargets(f);
      } else {
        this.visemeTargets();
      }
      const weights = this.classifier.weights;
      for (let v = 0; v < VISEMES.length && this.visemeOffset + v < t.length; v++) t[this.visemeOffset + v] = weights[v]!;
      this.smoother.update(t, deltaSeconds);
      this.prosody?.update(this.voicing, f.pitchHz, this.loudness, deltaSeconds);
    }
    for (let i = 0; i < smoothed.length; i++) out[i] = smoothed[i]!;
    if (this.prosody) {
      out[3] = this.prosody.headPitch;
      out[4] = this.prosody.browRaise;
    }
  }

  private formantTargets(f: AudioFeatures): void {
    const t = this.targets;
    const voiced = this.voicing;
    const loud = Math.pow(this.loudness, 0.7);
    const f1 = f.formant1Hz;
    const f2 = f.formant2Hz;
    const openness = f1 > 0 ? clamp01((f1 - 250) / 500) : 0.3;
    const vowelJaw = 0.3 + 0.7 * openness;
    t[0] = this.maxOpen * loud * (0.25 * (1 - voiced) + vowelJaw * voiced);
    const presence = clamp01(this.loudness * 4);
    const rounding = f2 > 0 && f1 > 0 ? clamp01((1900 - f2) / 800) * clamp01((750 - f1) / 250) : 0;
    const spread = f2 > 0 ? clamp01((f2 - 1700) / 600) : 0;
    t[1] = this.maxRound * voiced * presence * rounding;
    t[2] = this.maxSmile * voiced * presence * spread;
  }

  private visemeTargets(): void {
    const t = this.targets;
    const weights = this.classifier.weights;
    let open = 0;
    let round = 0;
    let wide = 0;
    for (let v = 0; v < weights.length; v++) {
      const w = weights[v]!;
      open += w * this.shapeOpen[v]!;
      round += w * this.shapeRound[v]!;
      wide += w * this.shapeWide[v]!;
    }
    const loud = Math.pow(this.loudness, 0.7);
    t[0] = this.maxOpen * open * (0.4 + 0.6 * loud);
    t[1] = this.maxRound * round;
    t[2] = this.maxSmile * wide;
  }

  /** Back to the initial state: mouth closed, levels at their initial estimates, no accents. */
  reset(): void {
    this.smoother.reset();
    this.targets.fill(0);
    if (this.visemeOffset < this.channels.length) this.smoother.values[this.visemeOffset] = 1; // at rest the viseme is sil
    this.levels.reset();
    this.classifier.reset();
    this.prosody?.reset();
    this.speaking = false;
    this.loudness = 0;
    this.voicing = 0;
  }
}
