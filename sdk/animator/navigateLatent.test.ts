import { describe, expect, it } from 'vitest';
import { navigateLatent } from './navigateLatent.js';

describe('navigateLatent', () => {
  it('computes z + Q·α with Q row-major [styleDim, motionDim]', () => {
    const z = new Float32Array([1, 2, 3]);
    const q = new Float32Array([1, 0, 0, 1, 2, -1]); // 3×2
    const alpha = new Float32Array([0.5, 2]);
    expect(Array.from(navigateLatent(z, q, alpha, new Float32Array(3)))).toEqual([1.5, 4, 2]); // row 2: 3 + 2·0.5 − 1·2
  });

  it('writes into a subarray view of a batch buffer and may alias z', () => {
    const batch = new Float32Array(6);
    navigateLatent(new Float32Array([1, 1, 1]), new Float32Array([1, 1, 1]), new Float32Array([2]), batch.subarray(3));
    expect(Array.from(batch)).toEqual([0, 0, 0, 3, 3, 3]);
    const z = new Float32Array([1, 2]);
    navigateLatent(z, new Float32Array([1, 0]), new Float32Array([5]), z);
    expect(Array.from(z)).toEqual([6, 2]);
  });
});
