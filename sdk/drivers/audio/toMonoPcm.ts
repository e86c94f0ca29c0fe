import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { checkSampleRate } from './checkSampleRate.js';
import { mixToMono } from './mixToMono.js';

/**
 * Validates PCM input and returns it as one mono `Float32Array`: checks the sample rate, that there are samples, that
 * every sample is finite, and mixes several channels down ({@link mixToMono}).
 *
 * @param pcm - Mono samples, or one `Float32Array` per channel; nominally −1..1.
 * @param sampleRate - Samples per second, Hz.
 * @param source - What the audio is, for messages (default `"audio"`).
 * @returns The mono samples (the input itself when it was a mono `Float32Array`).
 * @throws PortraitRigError `audio/invalid-sample-rate`, `audio/empty`, `audio/invalid-pcm` or `audio/non-finite`
 *   (naming how many samples are NaN/±Infinity and where the first one is).
 *
 * @example
 * ```ts
 * const mono = toMonoPcm([left, right], 48_000, 'speech.wav');
 * ```
 */
export function toMonoPcm(pcm: Float32Array | readonly Float32Array[], sampleRate: number, source = 'audio'): Float32Array {
  checkSampleRate(sampleRate, `${source}: sample rate`);
  let mono: Float32Array;
  if (pcm instanceof Float32Array) {
    mono = pcm;
  } else if (Array.isArray(pcm)) {
    mono = mixToMono(pcm);
  } else {
    throw new PortraitRigError(AudioErrorCode.InvalidPcm,
      `${source}: PCM must be a Float32Array (mono) or an array of Float32Array channels (got ${Object.prototype.toString.call(pcm)}); ` +
      'convert integer samples with Float32Array.from(int16, (v) => v / 32768).');
  }
  if (mono.length === 0) {
    throw new PortraitRigError(AudioErrorCode.Empty, `${source}: the PCM buffer is empty (0 samples); pass at least one sample of audio.`);
  }
  let bad = 0;
  let first = -1;
  for (let i = 0; i < mono.length; i++) {
    if (!Number.isFinite(mono[i]!)) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (bad > 0) {
    throw new PortraitRigError(AudioErrorCode.NonFinite,
      `${source}: ${bad} of ${mono.length} samples are NaN or ±Infinity, the first at sample ${first} (${(first / sampleRate).toFixed(3)} s); ` +
      'the buffer is corrupt or was computed with a division by zero: replace them (e.g. with 0) before analysis.');
  }
  return mono;
}
