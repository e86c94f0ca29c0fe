/**
 * Linear navigation in latent space: `out = z + Q · α`, with `Q` row-major `[styleDim, motionDim]` (the model's
 * dictionary). No allocation; `out` may be a view into a batch buffer.
 *
 * @param z - source latent, `styleDim` floats.
 * @param q - dictionary, `styleDim · motionDim` floats, row-major.
 * @param alpha - coefficients, `motionDim` floats.
 * @param out - receives `styleDim` floats (may not alias `alpha`; may alias `z`).
 * @returns `out`.
 *
 * @example
 * ```ts
 * navigateLatent(zSrc, dictionary, alpha, zTarget); // then decode zTarget
 * ```
 */
export function navigateLatent(z: Float32Array, q: Float32Array, alpha: Float32Array, out: Float32Array): Float32Array {
  const styleDim = z.length;
  const motionDim = alpha.length;
  for (let i = 0; i < styleDim; i += 1) {
    let acc = z[i]!;
    const row = i * motionDim;
    for (let j = 0; j < motionDim; j += 1) acc += q[row + j]! * alpha[j]!;
    out[i] = acc;
  }
  return out;
}
