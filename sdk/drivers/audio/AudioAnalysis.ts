import type { ChannelName } from '../../rig/channels.js';
import type { AudioWarning } from './AudioWarning.js';

/**
 * The frame-by-frame result of {@link analyzeAudio}: channel values and the features behind them, one entry per
 * analysis frame (every `hopSeconds`, the window centred on `times[k]`). Turn it into a clip with
 * {@link analysisToClip}.
 */
export interface AudioAnalysis {
  /** Length of the input audio, seconds. */
  readonly duration: number;
  /** Sample rate of the input, Hz. */
  readonly sampleRate: number;
  /** Rate the features were computed at, Hz (the input is resampled to it). */
  readonly analysisRate: number;
  /** Time between frames, seconds. */
  readonly hopSeconds: number;
  /** Number of frames. */
  readonly frameCount: number;
  /** Centre time of each frame, seconds (`k · hopSeconds`). */
  readonly times: Float64Array;
  /** Channels of {@link AudioAnalysis.values}, in order (as {@link LipSyncMapper.channels}). */
  readonly channels: readonly ChannelName[];
  /** Per channel, the mapped and smoothed value of every frame (amounts 0..1, degrees for `head.pitch`), without the latency shift. */
  readonly values: readonly Float32Array[];
  /** Level of every frame, dBFS. */
  readonly levelDb: Float32Array;
  /** 1 where the frame is above the silence gate (speech or other sound), 0 where it is silence. */
  readonly speaking: Uint8Array;
  /** Voicing of every frame, 0..1 (periodicity). */
  readonly voicing: Float32Array;
  /** Pitch of every frame, Hz (0 where there is none). */
  readonly pitchHz: Float32Array;
  /** Index in {@link VISEMES} of every frame's heaviest viseme. */
  readonly visemes: Uint8Array;
  /** Estimated noise floor, dBFS (10th percentile of the frame levels, at most 20 dB under the 90th, at least −100). */
  readonly noiseFloorDb: number;
  /** Estimated speech peak, dBFS (90th percentile of the frames above the floor). */
  readonly speechPeakDb: number;
  /** The silence gate used, dBFS. */
  readonly gateDb: number;
  /** Fraction of frames above the gate, 0..1. */
  readonly speechRatio: number;
  /** The latency shift to apply when baking, seconds (from `latencyMs`). */
  readonly latencySeconds: number;
  /** Problems found in the audio (clipping, no speech, low sample rate, DC offset). */
  readonly warnings: readonly AudioWarning[];
}
