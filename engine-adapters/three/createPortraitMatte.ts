import { DataTexture, LinearFilter, NoColorSpace, RGBAFormat, UnsignedByteType } from 'three';
import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import type { PortraitMatteOptions } from './PortraitMatteOptions.js';

/**
 * Creates a soft matte for a portrait as a three.js `alphaMap` (three reads the green channel; all four channels hold
 * the same value): 1 inside `inner`, a smoothstep to 0 at `outer`, measured from the centre in fractions of the
 * half-size. Linear data (`NoColorSpace`), made once; the caller disposes it.
 *
 * @example
 * ```ts
 * const material = new MeshBasicMaterial({ map: portraitTexture, alphaMap: createPortraitMatte({ inner: 0.6 }), transparent: true });
 * ```
 */
export function createPortraitMatte(options: PortraitMatteOptions = {}): DataTexture {
  const inner = options.inner ?? 0.72;
  const outer = options.outer ?? 1;
  const size = options.resolution ?? 64;
  const shape = options.shape ?? 'ellipse';
  if (!(inner >= 0 && outer >= inner && outer <= 1.5) || !Number.isInteger(size) || size < 2 || size > 4096) {
    throw new PortraitRigError('INVALID_ARGUMENT',
      `PortraitMatteOptions: need 0 ≤ inner ≤ outer ≤ 1.5 (fractions of the half-size) and an integer resolution 2..4096 (got inner ${inner}, outer ${outer}, resolution ${size}).`);
  }
  const data = new Uint8Array(size * size * 4);
  const span = outer - inner;
  for (let y = 0; y < size; y += 1) {
    const v = ((y + 0.5) / size) * 2 - 1;
    for (let x = 0; x < size; x += 1) {
      const u = ((x + 0.5) / size) * 2 - 1;
      // ellipse: distance from the centre; rounded: inner + distance from the inner square (round corners)
      const d = shape === 'ellipse' ? Math.hypot(u, v)
        : inner + Math.hypot(Math.max(Math.abs(u) - inner, 0), Math.max(Math.abs(v) - inner, 0));
      let t = span > 0 ? (d - inner) / span : d < inner ? 0 : 1;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const a = Math.round(255 * (1 - t * t * (3 - 2 * t)));
      const i = (y * size + x) * 4;
      data[i] = a;
      data[i + 1] = a;
      data[i + 2] = a;
      data[i + 3] = a;
    }
  }
  const texture = new DataTexture(data, size, size, RGBAFormat, UnsignedByteType);
  texture.name = 'PortraitMatte';
  texture.colorSpace = NoColorSpace;
  texture.minFilter = LinearFilter;
  texture.magFilter = LinearFilter;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}
