import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/** Lowest sample rate the audio drivers accept, in Hz. */
export const MIN_SAMPLE_RATE = 4000;
/** Highest sample rate the audio drivers accept, in Hz. */
export const MAX_SAMPLE_RATE = 768_000;

/**
 * Checks that `sampleRate` is a finite number of Hz in {@link MIN_SAMPLE_RATE} … {@link MAX_SAMPLE_RATE}.
 *
 * @param sampleRate - The rate to check, in Hz.
 * @param what - What the rate belongs to, for the message (default `"sample rate"`).
 * @throws PortraitRigError `audio/invalid-sample-rate` naming the value and the fix.
 */
export function checkSampleRate(sampleRate: number, what = 'sample rate'): void {
  if (typeof sampleRate !== 'number' || !Number.isFinite(sampleRate) || sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
    throw new PortraitRigError(AudioErrorCode.InvalidSampleRate,
      `${what} ${typeof sampleRate === 'number' ? `${sampleRate} Hz` : `"${String(sampleRate)}"`} is not usable: ` +
      `it must be a number of Hz between ${MIN_SAMPLE_RATE} and ${MAX_SAMPLE_RATE}; pass the rate the samples were ` +
      'recorded at (e.g. 16000, 44100 or 48000; a WAV file and an AudioBuffer say it in their sampleRate).');
  }
}
