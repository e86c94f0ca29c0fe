/** PCM audio split into channels, as {@link decodeWav} and `readAudioFile` return it. */
export interface DecodedAudio {
  /** Samples per second per channel, Hz. */
  readonly sampleRate: number;
  /** One `Float32Array` per channel (nominally −1..1), all the same length; at least one. */
  readonly channels: readonly Float32Array[];
  /** Length in seconds (`channels[0].length / sampleRate`). */
  readonly duration: number;
  /**
   * How the samples were stored: `pcm-8` (unsigned), `pcm-16`, `pcm-24`, `pcm-32` (signed integers), `float-32`,
   * `float-64`, or `ffmpeg` when ffmpeg decoded another format.
   */
  readonly encoding: 'pcm-8' | 'pcm-16' | 'pcm-24' | 'pcm-32' | 'float-32' | 'float-64' | 'ffmpeg';
}
