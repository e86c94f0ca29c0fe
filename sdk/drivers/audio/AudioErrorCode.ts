/**
 * The `code` values of the errors the audio drivers throw (`PortraitRigError.code`), as an `as const` object with a
 * same-named union type.
 */
export const AudioErrorCode = {
  /** The PCM buffer holds no samples (or only channels of length 0). */
  Empty: 'audio/empty',
  /** The sample rate is not a finite number of Hz inside the supported range. */
  InvalidSampleRate: 'audio/invalid-sample-rate',
  /** The PCM holds NaN or ±Infinity samples. */
  NonFinite: 'audio/non-finite',
  /** Channels of one buffer have different lengths, or the PCM is not a `Float32Array`. */
  InvalidPcm: 'audio/invalid-pcm',
  /** The bytes are not a RIFF/WAVE file, or its chunks are malformed or truncated. */
  InvalidWav: 'audio/invalid-wav',
  /** A WAV file whose sample encoding this decoder does not read (µ-law, A-law, ADPCM, 12-bit …). */
  UnsupportedEncoding: 'audio/unsupported-encoding',
  /** The audio file does not exist or cannot be read. */
  Unreadable: 'audio/unreadable',
  /** A non-WAV file needs ffmpeg to decode, and no ffmpeg runs here. */
  DecoderMissing: 'audio/decoder-missing',
  /** ffmpeg could not decode the file (not audio, corrupt, no audio stream). */
  DecodeFailed: 'audio/decode-failed',
  /** An option is out of its documented domain (negative attack time, fps ≤ 0 …). */
  InvalidOption: 'audio/invalid-option',
  /** The object was used after `dispose()`. */
  Disposed: 'audio/disposed',
} as const;
/** Union of the audio drivers' error codes. */
export type AudioErrorCode = (typeof AudioErrorCode)[keyof typeof AudioErrorCode];
