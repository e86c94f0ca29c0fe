/** What {@link measureClipping} found. */
export interface ClippingReport {
  /** Samples in flat runs at full scale (≥ 3 consecutive samples with |x| ≥ `threshold`, or any run beyond ±1). */
  readonly clippedSamples: number;
  /** Number of such runs (each clipped peak is one run). */
  readonly runs: number;
  /** `clippedSamples / length`. */
  readonly fraction: number;
  /** Largest |x| in the buffer (full scale = 1). */
  readonly peak: number;
}

/**
 * Detects clipping in mono PCM: a clipped recording has flat tops, runs of consecutive samples pinned at full scale,
 * while a loud but clean one only touches it. Counts runs of at least 3 consecutive samples with `|x| ≥ threshold`,
 * and any run that goes beyond ±1 (float audio that overflowed).
 *
 * @param pcm - Mono samples, full scale = 1.
 * @param threshold - Level that counts as full scale, 0..1 (default 0.999).
 * @returns Counts and the peak level.
 *
 * @example
 * ```ts
 * const report = measureClipping(mono);
 * if (report.runs > 0) console.warn(`${report.runs} clipped peaks: lower the recording gain`);
 * ```
 */
export function measureClipping(pcm: Float32Array, threshold = 0.999): ClippingReport {
  let clipped = 0;
  let runs = 0;
  let peak = 0;
  let run = 0;
  let over = false;
  const close = (): void => {
    if (run >= 3 || over) {
      clipped += run;
      runs++;
    }
    run = 0;
    over = false;
  };
  for (let i = 0; i < pcm.length; i++) {
    const magnitude = Math.abs(pcm[i]!);
    if (magnitude > peak) peak = magnitude;
    if (magnitude >= threshold) {
      run++;
      if (magnitude > 1.0001) over = true;
    } else {
      close();
    }
  }
  close();
  return { clippedSamples: clipped, runs, fraction: pcm.length > 0 ? clipped / pcm.length : 0, peak };
}
