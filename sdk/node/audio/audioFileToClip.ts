import { analysisToClip } from '../../drivers/audio/analysisToClip.js';
import { analyzeAudio } from '../../drivers/audio/analyzeAudio.js';
import type { AudioAnalysis } from '../../drivers/audio/AudioAnalysis.js';
import type { AudioToClipOptions } from '../../drivers/audio/audioToClip.js';
import type { DecodedAudio } from '../../drivers/audio/DecodedAudio.js';
import type { MotionClip } from '../../motion/MotionClip.js';
import { readAudioFile, type ReadAudioFileOptions } from './readAudioFile.js';

/** What {@link audioFileToClip} returns. */
export interface AudioFileClip {
  /** The lip-sync clip, as long as the audio (or `options.duration`). */
  readonly clip: MotionClip;
  /** The frame-by-frame analysis behind it (levels, speech frames, visemes, warnings). */
  readonly analysis: AudioAnalysis;
  /** The decoded audio. */
  readonly audio: DecodedAudio;
}

/**
 * Reads an audio file ({@link readAudioFile}: WAV directly, other formats through ffmpeg) and turns it into a
 * lip-sync clip (`analyzeAudio` + `analysisToClip`, the same as `audioToClip`). What `portrait-rig render --audio`
 * uses.
 *
 * @param path - The audio file.
 * @param options - Lip-sync, analysis and baking options (see `AudioToClipOptions`), plus ffmpeg and signal;
 *   `source` defaults to the path.
 * @returns The clip, the analysis and the decoded audio.
 * @throws PortraitRigError as {@link readAudioFile} and `analyzeAudio` do.
 *
 * @example
 * ```ts
 * const { clip, analysis } = await audioFileToClip('speech.m4a', { fps: 25, prosody: true });
 * console.log(clip.duration, analysis.speechRatio);
 * ```
 */
export async function audioFileToClip(path: string, options: AudioToClipOptions & ReadAudioFileOptions = {}): Promise<AudioFileClip> {
  const audio = await readAudioFile(path, options);
  const analysis = analyzeAudio(audio.channels, audio.sampleRate, { ...options, source: options.source ?? path });
  return { clip: analysisToClip(analysis, options), analysis, audio };
}
