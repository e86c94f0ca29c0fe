/**
 * Maps a look angle to a channel value (three-vrm `VRMLookAtRangeMap` style):
 * `outputScale · min(|angle| / inputMaxValue, 1)`, keeping the angle's sign. Angles in degrees.
 *
 * @example
 * ```ts
 * const horizontal = new LookAtRangeMap(30, 1);
 * horizontal.map(15);  // 0.5
 * horizontal.map(-45); // -1 (saturates)
 * ```
 */
export class LookAtRangeMap {
  /** Angle in degrees at which the output saturates (> 0). */
  inputMaxValue: number;
  /** Output at `inputMaxValue` (e.g. 1 for a full `gaze.x`). */
  outputScale: number;

  /**
   * @param inputMaxValue - Degrees at which the output saturates (> 0).
   * @param outputScale - Output at saturation.
   */
  constructor(inputMaxValue: number, outputScale: number) {
    if (!(inputMaxValue > 0) || !Number.isFinite(inputMaxValue) || !Number.isFinite(outputScale)) {
      throw new RangeError(`PortraitRig: LookAtRangeMap needs inputMaxValue > 0 degrees and a finite outputScale (got ${inputMaxValue}, ${outputScale})`);
    }
    this.inputMaxValue = inputMaxValue;
    this.outputScale = outputScale;
  }

  /** The value for `angle` degrees (sign kept). */
  map(angle: number): number {
    const ratio = Math.min(Math.abs(angle) / this.inputMaxValue, 1);
    return Math.sign(angle) * ratio * this.outputScale;
  }
}
