/**
 * How driving-video motion reaches the source portrait:
 * - `relative` (LIA's relative transfer): `α = α_src + edit + (α_t − α_start)` — the source keeps its own pose and
 *   expression and receives the *change* since the driving video's first frame. Works across identities; a still
 *   driving video leaves the source exactly as it is.
 * - `absolute`: `α = α_t + edit` — the source takes the driving face's pose and expression as measured. Only
 *   meaningful when the two faces are framed alike and the model's α is identity-free (rig-tiny's named
 *   directions are tied to the rendered parameters).
 */
export const TransferMode = {
  /** Change since the first driving frame, added to the source. */
  Relative: 'relative',
  /** The driving face's own coefficients, replacing the source's. */
  Absolute: 'absolute',
} as const;
/** `'relative' | 'absolute'`. */
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];
