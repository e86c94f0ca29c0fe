import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

describe('float16 conversion (for manifests with dtype "float16")', () => {
  it('encodes known values to their IEEE half bits', () => {
    const bits = float32ToFloat16(new Float32Array([0, -0, 1, -2, 0.5, 65504, 1e6, -Infinity, 6.0e-8]), new Uint16Array(9));
    expect(Array.from(bits)).toEqual([0x0000, 0x8000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0xfc00, 0x0001]);
    expect(Number.isNaN(float16ToFloat32(float32ToFloat16(new Float32Array([NaN]), new Uint16Array(1)), new Float32Array(1))[0])).toBe(true);
  });

  it('round-trips every half value exactly and rounds float32 to the nearest half', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const floats = float16ToFloat32(all, new Float32Array(65536));
    const back = float32ToFloat16(floats, new Uint16Array(65536));
    for (let i = 0; i < 65536; i += 1) {
      const exp = (i >> 10) & 0x1f;
      if (exp === 0x1f && (i & 0x3ff) !== 0) continue; // NaN payloads
      expect(back[i], `0x${i.toString(16)}`).toBe(i);
    }
    const x = new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11]); // ties: to even
    expect(Array.from(float32ToFloat16(x, new Uint16Array(2)))).toEqual([0x3c00, 0x3c02]);
  });
});
