import type { ChannelUnit } from '../../rig/channels.js';

/**
 * Largest deviation allowed when captured motion is thinned to keyframes, per channel unit: a thinned track stays
 * within this of every captured frame, and a track that stays this close to its neutral value is left out.
 */
export type CaptureTolerance = Readonly<Record<ChannelUnit, number>>;

/** Default thinning tolerances: 0.25° for angles, 0.01 for amounts, 0.005 for raw coefficients. */
export const DEFAULT_CAPTURE_TOLERANCE: CaptureTolerance = Object.freeze({ degrees: 0.25, amount: 0.01, coefficient: 0.005 });
