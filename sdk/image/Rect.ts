/** An axis-aligned rectangle in pixels (x right, y down; may be fractional or extend outside an image). */
export interface Rect {
  /** Left edge, pixels. */
  readonly x: number;
  /** Top edge, pixels. */
  readonly y: number;
  /** Width, pixels (> 0). */
  readonly width: number;
  /** Height, pixels (> 0). */
  readonly height: number;
}
