/**
 * Something suspicious about the audio that does not stop the analysis: the result is still produced, and the
 * warning says what to fix. Passed to the `onWarning` option (default `console.warn` of `message`) and listed in
 * {@link AudioAnalysis.warnings}.
 */
export interface AudioWarning {
  /**
   * What was found:
   * - `audio/clipping`: samples at or beyond full scale (|x| ≥ 0.999) in runs, the recording is clipped;
   * - `audio/no-speech`: nothing rose above the silence threshold, the mouth stays closed;
   * - `audio/low-sample-rate`: below 16 kHz the high band (fricatives) is missing and visemes degrade;
   * - `audio/dc-offset`: the signal's mean is far from 0 (a faulty recording); it is removed before analysis.
   */
  readonly code: 'audio/clipping' | 'audio/no-speech' | 'audio/low-sample-rate' | 'audio/dc-offset';
  /** A sentence naming the problem and the fix, prefixed with `PortraitRig: `. */
  readonly message: string;
}
