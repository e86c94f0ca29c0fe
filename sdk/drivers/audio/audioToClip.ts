import type { MotionClip } from '../../motion/MotionClip.js';
import { analysisToClip, type BakeAudioClipOptions } from './analysisToClip.js';
import { analyzeAudio, type AnalyzeAudioOptions } from './analyzeAudio.js';

/** Options of {@link audioToClip}: analysis and mapping ({@link AnalyzeAudioOptions}) plus baking ({@link BakeAudioClipOptions}). */
export interface AudioToClipOptions extends AnalyzeAudioOptions, BakeAudioClipOptions {}

/**
 * Lip sync offline: turns speech into a {@link MotionClip} whose tracks move the mouth (`mouth.open`,
 * `mouth.round`, `mouth.smile`; with `prosody`, also `head.pitch` nods and `brows.raise`; with `visemeChannels`,
 * one weight channel per viseme), sampled at `fps` and thinned within `tolerance`. The clip lasts as long as the
 * audio. Equivalent to `analysisToClip(analyzeAudio(pcm, sampleRate, options), options)`.
 *
 * Play it over another clip on a higher mixer layer; additive keeps the clip's own smile and head motion (see
 * docs/audio.md, "Layering speech over a clip").
 *
 * @param pcm - Mono samples or one `Float32Array` per channel, nominally −1..1, any sample rate.
 * @param sampleRate - Samples per second, Hz.
 * @param options - See {@link AnalyzeAudioOptions} and {@link BakeAudioClipOptions}.
 * @returns The clip.
 * @throws PortraitRigError for empty, non-finite or mis-rated input and bad options (see {@link analyzeAudio}).
 *
 * @example
 * ```ts
 * import { audioToClip, decodeWav, MotionMixer } from 'portrait-rig';
 *
 * const audio = decodeWav(wavBytes);
 * const speech = audioToClip(audio.channels, audio.sampleRate, { fps: 25, prosody: true });
 * const mixer = new MotionMixer();
 * mixer.clipAction(idle, { mask: (channel) => channel !== 'mouth.open' && channel !== 'mouth.round' }).play();
 * mixer.clipAction(speech, { layer: 1, blendMode: 'additive' }).play();
 * ```
 */
export function audioToClip(pcm: Float32Array | readonly Float32Array[], sampleRate: number, options: AudioToClipOptions = {}): MotionClip {
  return analysisToClip(analyzeAudio(pcm, sampleRate, options), options);
}
