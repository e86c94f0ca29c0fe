import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { AudioAnalysis } from './AudioAnalysis.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { AudioFeatureExtractor } from './AudioFeatureExtractor.js';
import { AudioFeatures } from './AudioFeatures.js';
import type { AudioWarning } from './AudioWarning.js';
import { LipSyncMapper } from './LipSyncMapper.js';
import type { LipSyncOptions } from './LipSyncOptions.js';
import { measureClipping } from './measureClipping.js';
import { Resampler } from './Resampler.js';
import { toMonoPcm } from './toMonoPcm.js';

/** Options of {@link analyzeAudio}: the lip-sync mapping plus the analysis grid. */
export interface AnalyzeAudioOptions extends LipSyncOptions {
  /** Time between analysis frames, milliseconds, 2..50 (default 10). */
  hopMs?: number;
  /** Analysis window, milliseconds, 10..100 (default 32). */
  windowMs?: number;
  /** Rate the audio is resampled to before analysis, Hz, 8000..48000 (default 16000: speech up to 8 kHz). */
  analysisRate?: number;
  /** Name of the audio in messages (default `"audio"`). */
  source?: string;
  /** Receives each warning (default: `console.warn(warning.message)`). */
  onWarning?: (warning: AudioWarning) => void;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/**
 * Analyses speech offline: validates and mixes the PCM down to mono, resamples it to `analysisRate`, computes
 * {@link AudioFeatures} every `hopMs` (window centred on the frame time), calibrates the silence gate and loudness
 * range from the whole file (noise floor = 10th percentile of frame levels but at least 20 dB below the 90th, speech
 * peak = 90th percentile of the frames more than 10 dB above the floor), and runs the same {@link LipSyncMapper} the live driver uses, frame by frame.
 *
 * Deterministic: the same samples and options give the same result.
 *
 * @param pcm - Mono samples or one `Float32Array` per channel (mixed down), nominally −1..1, any sample rate.
 * @param sampleRate - Samples per second of `pcm`, Hz (4000..768000).
 * @param options - Mapping, smoothing, gate, prosody, visemes, analysis grid, warnings.
 * @returns Per-frame channel values and features.
 * @throws PortraitRigError `audio/empty`, `audio/invalid-sample-rate`, `audio/non-finite`, `audio/invalid-pcm`,
 *   `audio/invalid-option`. Clipping, silence, a low sample rate and a DC offset are warnings, not errors.
 *
 * @example
 * ```ts
 * const analysis = analyzeAudio(samples, 48_000, { mapping: 'viseme' });
 * console.log(`${(analysis.speechRatio * 100).toFixed(0)} % speech, gate ${analysis.gateDb.toFixed(1)} dBFS`);
 * ```
 */
export function analyzeAudio(pcm: Float32Array | readonly Float32Array[], sampleRate: number, options: AnalyzeAudioOptions = {}): AudioAnalysis {
  const source = options.source ?? 'audio';
  const mono = toMonoPcm(pcm, sampleRate, source);
  const hopMs = options.hopMs ?? 10;
  const analysisRate = options.analysisRate ?? 16_000;
  if (!(hopMs >= 2 && hopMs <= 50)) {
    throw new PortraitRigError(AudioErrorCode.InvalidOption, `${source}: hopMs must be 2..50 milliseconds (got ${String(options.hopMs)}).`);
  }
  if (!(analysisRate >= 8000 && analysisRate <= 48_000)) {
    throw new PortraitRigError(AudioErrorCode.InvalidOption, `${source}: analysisRate must be 8000..48000 Hz (got ${String(options.analysisRate)}).`);
  }
  const mapper = new LipSyncMapper(options);
  const extractor = new AudioFeatureExtractor(analysisRate, options.windowMs === undefined ? {} : { windowMs: options.windowMs });

  const warnings: AudioWarning[] = [];
  const warn = (code: AudioWarning['code'], message: string): void => {
    const warning: AudioWarning = { code, message: `PortraitRig: ${source}: ${message}` };
    warnings.push(warning);
    if (options.onWarning) options.onWarning(warning);
    else console.warn(warning.message);
  };
  const clipping = measureClipping(mono);
  if (clipping.runs > 0) {
    warn('audio/clipping', `the recording is clipped: ${clipping.runs} peak(s) pinned at full scale (${clipping.clippedSamples} samples, ` +
      `${(clipping.fraction * 100).toFixed(3)} %, peak ${clipping.peak.toFixed(3)}); loud syllables all look the same and ` +
      'fricative detection suffers. Record with less gain, or normalize a float source to peak below 1.0.');
  }
  if (sampleRate < 16_000) {
    warn('audio/low-sample-rate', `the sample rate is ${sampleRate} Hz: everything above ${sampleRate / 2} Hz is missing, so s/sh/f ` +
      'look like silence and visemes degrade. Use audio sampled at 16 kHz or more if you have it.');
  }
  let mean = 0;
  for (let i = 0; i < mono.length; i++) mean += mono[i]!;
  mean /= mono.length;
  if (Math.abs(mean) > 0.05) {
    warn('audio/dc-offset', `the signal has a DC offset of ${mean.toFixed(3)} (full scale 1); it is removed before analysis, ` +
      'but it points at a faulty recording chain.');
  }

  const resampler = new Resampler(sampleRate, analysisRate);
  const samples = new Float32Array(resampler.outputLength(mono.length));
  resampler.process(mono, samples);
  const duration = mono.length / sampleRate;
  const hop = hopMs / 1000;
  const frameCount = Math.floor(duration / hop + 1e-9) + 1;
  const half = extractor.windowLength >> 1;

  // Pass 1: features of every frame.
  const features: AudioFeatures[] = [];
  const levels = new Float64Array(frameCount);
  for (let k = 0; k < frameCount; k++) {
    const frame = new AudioFeatures();
    frame.time = k * hop;
    extractor.analyze(samples, Math.round(frame.time * analysisRate) - half, frame);
    features.push(frame);
    levels[k] = frame.levelDb;
  }

  // Calibration from the whole file.
  const sorted = Float64Array.from(levels).sort();
  // The floor is the 10th percentile, but at least 20 dB under the loud frames: a file without pauses (a tight
  // cut, a sustained tone) has no silence to measure, and its quietest frames are still sound.
  const noiseFloorDb = Math.max(-100, Math.min(percentile(sorted, 0.1), percentile(sorted, 0.9) - 20));
  const loud = sorted.filter((level) => level > noiseFloorDb + 10);
  const speechPeakDb = loud.length > 0 ? percentile(loud, 0.9) : noiseFloorDb + 20;
  mapper.levels.calibrate(noiseFloorDb, speechPeakDb);

  // Pass 2: the mapping, frame by frame.
  const channels = mapper.channels;
  const values = channels.map(() => new Float32Array(frameCount));
  const out = new Float64Array(channels.length);
  const speaking = new Uint8Array(frameCount);
  const voicing = new Float32Array(frameCount);
  const pitchHz = new Float32Array(frameCount);
  const visemes = new Uint8Array(frameCount);
  let speechFrames = 0;
  for (let k = 0; k < frameCount; k++) {
    const frame = features[k]!;
    mapper.update(frame, hop, out);
    for (let c = 0; c < channels.length; c++) values[c]![k] = out[c]!;
    speaking[k] = mapper.speaking ? 1 : 0;
    speechFrames += speaking[k]!;
    voicing[k] = mapper.voicing;
    pitchHz[k] = frame.pitchHz;
    visemes[k] = mapper.classifier.index;
  }
  if (speechFrames === 0) {
    warn('audio/no-speech', `no frame rose above the silence gate (${mapper.levels.gateDb.toFixed(1)} dBFS; levels ` +
      `${sorted[0]!.toFixed(1)} … ${sorted[sorted.length - 1]!.toFixed(1)} dBFS), so the mouth stays closed. If there is speech, ` +
      'lower silenceThresholdDb or gateMarginDb.');
  }
  return {
    duration,
    sampleRate,
    analysisRate,
    hopSeconds: hop,
    frameCount,
    times: Float64Array.from({ length: frameCount }, (_, k) => k * hop),
    channels,
    values,
    levelDb: Float32Array.from(levels),
    speaking,
    voicing,
    pitchHz,
    visemes,
    noiseFloorDb,
    speechPeakDb: mapper.levels.speechPeakDb,
    gateDb: mapper.levels.gateDb,
    speechRatio: speechFrames / frameCount,
    latencySeconds: (options.latencyMs ?? 0) / 1000,
    warnings,
  };
}
