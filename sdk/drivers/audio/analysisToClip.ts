import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { KeyframeTrack } from '../../motion/KeyframeTrack.js';
import { MotionClip } from '../../motion/MotionClip.js';
import { isRigChannelName, RIG_CHANNELS } from '../../rig/channels.js';
import type { AudioAnalysis } from './AudioAnalysis.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { thinKeyframes } from '../video/thinKeyframes.js';

/** Options of {@link analysisToClip} (and the baking part of {@link audioToClip}). */
export interface BakeAudioClipOptions {
  /** Rate the curves are sampled at before thinning, frames per second, 1..240 (default 30; use the video's fps). */
  fps?: number;
  /** Largest deviation thinning may introduce on amount channels, amount (default 0.01). */
  tolerance?: number;
  /** Largest deviation thinning may introduce on degree channels (`head.*`), degrees (default 0.05). */
  angleTolerance?: number;
  /** Clip name (default `"speech"`). */
  name?: string;
  /** Clip length in seconds (default: the audio's duration); the last value holds after the audio ends. */
  duration?: number;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Bakes an {@link AudioAnalysis} into a {@link MotionClip}: each channel is sampled at `fps` (linear interpolation
 * between analysis frames, shifted by the analysis' latency), then thinned ({@link thinKeyframes}) so the clip stays
 * within `tolerance` of the sampled curve with far fewer keys. Tracks are linear. The clip's `meta` records how it
 * was made (`generator`, noise floor, speech peak, gate in dBFS, speech ratio).
 *
 * @param analysis - From {@link analyzeAudio}.
 * @param options - Frame rate, tolerances, name, duration.
 * @returns A clip lasting the audio's duration (or `duration`), loop mode `once`.
 *
 * @example
 * ```ts
 * const analysis = analyzeAudio(samples, 44_100, { prosody: true });
 * const clip = analysisToClip(analysis, { fps: 25, name: 'greeting-speech' });
 * ```
 */
export function analysisToClip(analysis: AudioAnalysis, options: BakeAudioClipOptions = {}): MotionClip {
  const fps = options.fps ?? 30;
  const tolerance = options.tolerance ?? 0.01;
  const angleTolerance = options.angleTolerance ?? 0.05;
  const duration = options.duration ?? analysis.duration;
  if (!(fps >= 1 && fps <= 240)) throw new PortraitRigError(AudioErrorCode.InvalidOption, `audio clip: fps must be 1..240 frames per second (got ${String(options.fps)}).`);
  if (!(tolerance >= 0 && tolerance <= 1) || !(angleTolerance >= 0 && angleTolerance <= 10)) {
    throw new PortraitRigError(AudioErrorCode.InvalidOption, 'audio clip: tolerance must be an amount 0..1 and angleTolerance 0..10 degrees.');
  }
  if (!(duration > 0) || !Number.isFinite(duration)) {
    throw new PortraitRigError(AudioErrorCode.InvalidOption, `audio clip: duration must be a number of seconds > 0 (got ${String(options.duration)}).`);
  }
  const count = Math.floor(duration * fps + 1e-9) + 1;
  const lastGrid = (count - 1) / fps;
  const times = new Float64Array(lastGrid < duration - 1e-9 ? count + 1 : count);
  for (let i = 0; i < count; i++) times[i] = i / fps;
  if (times.length > count) times[count] = duration;
  const hop = analysis.hopSeconds;
  const lastFrame = analysis.frameCount - 1;
  const tracks = analysis.channels.map((channel, c) => {
    const series = analysis.values[c]!;
    const sampled = new Float64Array(times.length);
    for (let i = 0; i < times.length; i++) {
      const position = (times[i]! - analysis.latencySeconds) / hop;
      if (position <= 0) sampled[i] = series[0]!;
      else if (position >= lastFrame) sampled[i] = series[lastFrame]!;
      else {
        const k = Math.floor(position);
        const frac = position - k;
        sampled[i] = series[k]! + (series[k + 1]! - series[k]!) * frac;
      }
    }
    const degrees = isRigChannelName(channel) && RIG_CHANNELS[channel].unit === 'degrees';
    const keep = thinKeyframes(times, sampled, degrees ? angleTolerance : tolerance);
    return new KeyframeTrack(channel, keep.map((i) => times[i]!), keep.map((i) => sampled[i]!));
  });
  return new MotionClip({
    name: options.name ?? 'speech',
    duration,
    tracks,
    meta: {
      generator: 'portrait-rig audioToClip',
      noiseFloorDb: r1(analysis.noiseFloorDb),
      speechPeakDb: r1(analysis.speechPeakDb),
      gateDb: r1(analysis.gateDb),
      speechRatio: Math.round(analysis.speechRatio * 1000) / 1000,
      fps,
    },
  });
}
