const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * IEEE-754 float32 → float16 bits (round to nearest even; overflow → ±Infinity), for models whose manifest says
 * `dtype: "float16"`.
 * @param src - values.
 * @param out - receives the half-precision bits (same length).
 * @internal
 */
export function float32ToFloat16(src: Float32Array, out: Uint16Array): Uint16Array {
  for (let i = 0; i < src.length; i += 1) {
    f32[0] = src[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) { out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); continue; }
    let e = exp - 127 + 15;
    if (e >= 0x1f) { out[i] = sign | 0x7c00; continue; }
    if (e <= 0) {
      if (e < -10) { out[i] = sign; continue; }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && (half & 1))) half += 1;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half += 1;
    e = half >>> 10;
    out[i] = sign | (e >= 0x1f ? 0x7c00 : half);
  }
  return out;
}

/**
 * float16 bits → float32 values.
 * @internal
 */
export function float16ToFloat32(src: Uint16Array, out: Float32Array): Float32Array {
  for (let i = 0; i < src.length; i += 1) {
    const h = src[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    out[i] = exp === 0 ? sign * mant * 2 ** -24
      : exp === 0x1f ? (mant ? Number.NaN : sign * Infinity)
      : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return out;
}
