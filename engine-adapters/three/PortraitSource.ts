import type { RgbaImage } from '../../sdk/image/RgbaImage.js';

/**
 * A portrait image in any form a browser app has it: a URL (fetched), a `Blob`/`File`, an `ImageBitmap`, an
 * `ImageData` or other {@link RgbaImage}, or an element/canvas (`HTMLImageElement`, `HTMLCanvasElement`,
 * `OffscreenCanvas`, `VideoFrame` …). It is centre-cropped to a square and resized to the model's resolution.
 * Outside browsers only an {@link RgbaImage} works (decode files with `readImage` from `portrait-rig/node`).
 */
export type PortraitSource = string | URL | Blob | RgbaImage | ImageBitmapSource;
