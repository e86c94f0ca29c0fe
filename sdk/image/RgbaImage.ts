/**
 * An 8-bit sRGB image with 4 interleaved channels (R, G, B, A), row-major, top row first — the layout of the DOM's
 * `ImageData`, which satisfies this interface.
 */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width · height · 4` bytes. */
  readonly data: Uint8ClampedArray | Uint8Array;
}
