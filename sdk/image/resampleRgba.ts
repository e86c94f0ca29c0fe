import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { Rect } from './Rect.js';
import type { RgbaImage } from './RgbaImage.js';
import { assertRgbaImage } from './assertRgbaImage.js';

interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
  maxTaps: number;
}

/** Triangle (bilinear) filter widened by the scale when shrinking, so downscaling averages instead of aliasing. */
function axisWeights(srcSize: number, from: number, span: number, outSize: number): AxisWeights {
  const scale = span / outSize;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(support * 2) + 2;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const index = new Int32Array(outSize * maxTaps);
  const weight = new Float32Array(outSize * maxTaps);
  for (let o = 0; o < outSize; o += 1) {
    const center = from + (o + 0.5) * scale;
    const first = Math.floor(center - support - 0.5);
    const last = Math.ceil(center + support - 0.5);
    let n = 0;
    let sum = 0;
    const base = o * maxTaps;
    for (let i = first; i <= last && n < maxTaps; i += 1) {
      const w = 1 - Math.abs(i + 0.5 - center) / support;
      if (w <= 0) continue;
      index[base + n] = i < 0 ? 0 : i >= srcSize ? srcSize - 1 : i;
      weight[base + n] = w;
      sum += w;
      n += 1;
    }
    if (n === 0) {
      const nearest = Math.min(srcSize - 1, Math.max(0, Math.floor(center)));
      index[base] = nearest;
      weight[base] = 1;
      n = 1;
      sum = 1;
    }
    for (let k = 0; k < n; k += 1) weight[base + k] = weight[base + k]! / sum;
    start[o] = base;
    count[o] = n;
  }
  return { start, count, index, weight, maxTaps };
}

/**
 * Resamples the region `rect` of `src` (source pixels; may be fractional or reach outside the image, where the
 * edge pixels repeat) to `width × height`. Bilinear when enlarging, area-averaging (widened triangle filter) when
 * shrinking; channels are filtered independently (straight alpha).
 *
 * @param src - the image to read.
 * @param rect - region of `src` to map onto the whole output, in `src` pixels.
 * @param width - output width in pixels.
 * @param height - output height in pixels.
 * @param out - optional output data (`width·height·4` bytes) to write into instead of allocating.
 * @returns the resampled image (wrapping `out` when given).
 */
export function resampleRgba(src: RgbaImage, rect: Rect, width: number, height: number, out?: Uint8ClampedArray): RgbaImage & {
  /** The result's pixels, RGBA row by row (`out` when given). */
  data: Uint8ClampedArray;
} {
  assertRgbaImage(src, 'image to resample');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new PortraitRigError('INVALID_ARGUMENT', `output size must be positive integers (got ${width}×${height}).`);
  }
  if (!(rect.width > 0) || !(rect.height > 0) || !Number.isFinite(rect.x) || !Number.isFinite(rect.y)) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `resample rectangle must have a finite position and positive size (got ${rect.x},${rect.y} ${rect.width}×${rect.height}).`);
  }
  const data = out ?? new Uint8ClampedArray(width * height * 4);
  if (data.length !== width * height * 4) {
    throw new PortraitRigError('INVALID_ARGUMENT', `output buffer must have ${width * height * 4} bytes (got ${data.length}).`);
  }
  const sw = src.width;
  const sh = src.height;
  const s = src.data;
  const xw = axisWeights(sw, rect.x, rect.width, width);
  const yw = axisWeights(sh, rect.y, rect.height, height);
  // rows of the source the vertical pass needs
  let rowMin = sh;
  let rowMax = -1;
  for (let o = 0; o < height; o += 1) {
    const b = yw.start[o]!;
    for (let k = 0; k < yw.count[o]!; k += 1) {
      const r = yw.index[b + k]!;
      if (r < rowMin) rowMin = r;
      if (r > rowMax) rowMax = r;
    }
  }
  const rows = rowMax - rowMin + 1;
  const tmp = new Float32Array(rows * width * 4);
  for (let r = 0; r < rows; r += 1) {
    const srcRow = (r + rowMin) * sw * 4;
    const tmpRow = r * width * 4;
    for (let o = 0; o < width; o += 1) {
      const b = xw.start[o]!;
      const n = xw.count[o]!;
      let cr = 0; let cg = 0; let cb = 0; let ca = 0;
      for (let k = 0; k < n; k += 1) {
        const w = xw.weight[b + k]!;
        const p = srcRow + xw.index[b + k]! * 4;
        cr += s[p]! * w; cg += s[p + 1]! * w; cb += s[p + 2]! * w; ca += s[p + 3]! * w;
      }
      const q = tmpRow + o * 4;
      tmp[q] = cr; tmp[q + 1] = cg; tmp[q + 2] = cb; tmp[q + 3] = ca;
    }
  }
  for (let o = 0; o < height; o += 1) {
    const b = yw.start[o]!;
    const n = yw.count[o]!;
    const outRow = o * width * 4;
    for (let x = 0; x < width * 4; x += 1) {
      let acc = 0;
      for (let k = 0; k < n; k += 1) acc += tmp[(yw.index[b + k]! - rowMin) * width * 4 + x]! * yw.weight[b + k]!;
      data[outRow + x] = acc; // Uint8ClampedArray clamps and rounds to nearest
    }
  }
  return { width, height, data };
}
