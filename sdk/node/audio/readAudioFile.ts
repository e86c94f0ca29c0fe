import { readFile } from 'node:fs/promises';
import { AudioErrorCode } from '../../drivers/audio/AudioErrorCode.js';
import type { DecodedAudio } from '../../drivers/audio/DecodedAudio.js';
import { decodeWav } from '../../drivers/audio/decodeWav.js';
import { isPortraitRigError, PortraitRigError } from '../../errors/PortraitRigError.js';
import { findFfmpeg } from '../video/findFfmpeg.js';
import { decodeAudioWithFfmpeg } from './decodeAudioWithFfmpeg.js';

/** Options of {@link readAudioFile}. */
export interface ReadAudioFileOptions {
  /**
   * ffmpeg executable for formats other than PCM/float WAV; default {@link findFfmpeg} (`$PORTRAIT_RIG_FFMPEG` or
   * `ffmpeg` on the PATH). `false` never runs ffmpeg.
   */
  readonly ffmpeg?: string | false;
  /** Cancels an ffmpeg decode (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

function looksLikeWav(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  return (tag === 'RIFF' || tag === 'RF64') && String.fromCharCode(...bytes.subarray(8, 12)) === 'WAVE';
}

/**
 * Reads an audio file for lip sync (Node). WAV files with integer PCM (8/16/24/32-bit) or float samples, plain or
 * `WAVE_FORMAT_EXTENSIBLE`, are decoded directly ({@link decodeWav}, no external tool); anything else — MP3, M4A,
 * Ogg, FLAC, µ-law/ADPCM WAV, a video's sound — through ffmpeg ({@link decodeAudioWithFfmpeg}).
 *
 * @param path - The audio file.
 * @param options - Which ffmpeg to use, abort signal.
 * @returns The channels at the file's own sample rate.
 * @throws PortraitRigError `audio/unreadable` (missing or unreadable file), `audio/invalid-wav` (a broken WAV),
 *   `audio/decoder-missing` (not a WAV and no ffmpeg: the message says how to install it or convert),
 *   `audio/decode-failed` (ffmpeg cannot read it: not audio, no audio stream), `audio/empty`, `ABORTED`.
 *
 * @example
 * ```ts
 * import { audioToClip, readAudioFile } from 'portrait-rig/node';
 *
 * const audio = await readAudioFile('speech.mp3');
 * const clip = audioToClip(audio.channels, audio.sampleRate, { fps: 25 });
 * ```
 */
export async function readAudioFile(path: string, options: ReadAudioFileOptions = {}): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PortraitRigError(AudioErrorCode.Unreadable,
      `cannot read the audio file "${path}"${code === 'ENOENT' ? ': it does not exist' : code === 'EISDIR' ? ': it is a folder' : `: ${(error as Error).message}`}; check the path.`,
      { cause: error });
  }
  if (bytes.length === 0) throw new PortraitRigError(AudioErrorCode.Empty, `the audio file "${path}" is empty (0 bytes).`);
  let wavProblem: PortraitRigError | undefined;
  if (looksLikeWav(bytes)) {
    try {
      return decodeWav(bytes, { source: path });
    } catch (error) {
      // Encodings this decoder does not read may still be fine for ffmpeg; a broken file is reported as is.
      if (!isPortraitRigError(error, AudioErrorCode.UnsupportedEncoding)) throw error;
      wavProblem = error;
    }
  }
  const ffmpeg = options.ffmpeg === false ? undefined : options.ffmpeg ?? (await findFfmpeg());
  if (!ffmpeg) {
    if (wavProblem) {
      const encoding = /uses (.+?) samples/.exec(wavProblem.message)?.[1] ?? 'an unsupported kind of';
      throw new PortraitRigError(AudioErrorCode.UnsupportedEncoding,
        `"${path}" is a WAV file with ${encoding} samples, which the built-in decoder does not read (it reads 8/16/24/32-bit ` +
        'integer PCM and 32/64-bit float), and ffmpeg, which would, was not found. Install ffmpeg (apt install ffmpeg, ' +
        'brew install ffmpeg, winget install ffmpeg) or set PORTRAIT_RIG_FFMPEG, or convert the file to 16-bit PCM WAV.',
      { cause: wavProblem });
    }
    throw new PortraitRigError(AudioErrorCode.DecoderMissing,
      `"${path}" is not a WAV file, and decoding other formats needs ffmpeg, which was not found. Install ffmpeg ` +
      '(apt install ffmpeg, brew install ffmpeg, winget install ffmpeg) or set PORTRAIT_RIG_FFMPEG to its path, ' +
      'or convert the audio to WAV.');
  }
  return decodeAudioWithFfmpeg(path, { ffmpeg, signal: options.signal });
}
