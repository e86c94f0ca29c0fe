/**
 * A soft matte (alpha vignette) around a portrait, as fractions of the half-size of the picture measured from its
 * centre: fully opaque inside `inner`, fading smoothly to transparent at `outer`.
 */
export interface PortraitMatteOptions {
  /** Where the fade starts, 0..1 of the half-size; default 0.72. */
  readonly inner?: number;
  /** Where it is fully transparent, 0..1.5 of the half-size (≥ `inner`); default 1. */
  readonly outer?: number;
  /** `ellipse` (default: an oval vignette) or `rounded` (a rounded square: the fade follows the edges). */
  readonly shape?: 'ellipse' | 'rounded';
  /** Side of the matte texture in pixels; default 64 (it is smooth, so small is enough). */
  readonly resolution?: number;
}
