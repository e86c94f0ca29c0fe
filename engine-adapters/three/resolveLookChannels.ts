import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import type { RigCalibration } from '../../sdk/rig/RigCalibration.js';

/** How one look channel of a model takes the look-at solver's output (see {@link resolveLookChannels}). */
export interface LookChannel {
  /** The channel, e.g. `head.yaw`. */
  readonly name: string;
  /** Whether the model has it (a look channel the model lacks is not driven). */
  readonly present: boolean;
  /**
   * Channel units per solver unit: 1 when the channel is in degrees (head) or an amount (gaze); for a channel in raw
   * coefficients (official LIA-X weights, uncalibrated) the assumed coefficients per degree or per gaze amount.
   */
  readonly scale: number;
  /** The model's range of the channel in solver units (degrees for the head, amount for gaze): `range / scale`. */
  readonly range: readonly [number, number];
}

/** The look channels of a model (see {@link resolveLookChannels}). */
export interface LookChannels {
  /** `head.yaw` (degrees). */
  readonly yaw: LookChannel;
  /** `head.pitch` (degrees). */
  readonly pitch: LookChannel;
  /** `gaze.x` (amount −1..1). */
  readonly gazeX: LookChannel;
  /** `gaze.y` (amount −1..1). */
  readonly gazeY: LookChannel;
}

/** Options of {@link resolveLookChannels}. */
export interface ResolveLookChannelsOptions {
  /**
   * For head channels in raw coefficients: coefficients per degree. Default: the smaller end of the channel's range
   * (in magnitude) per 30°, i.e. a 30° look reaches the nearer limit. Ignored for channels in degrees.
   */
  readonly unitsPerDegree?: number;
}

const HEAD_DEGREES = 30;

function resolve(calibration: RigCalibration, name: string, native: 'degrees' | 'amount', unitsPerNative: number | undefined,
  nativeSpan: number): LookChannel {
  const channel = calibration.manifest.channels[name];
  if (!channel) return Object.freeze({ name, present: false, scale: 1, range: Object.freeze([0, 0] as const) });
  const [lo, hi] = channel.range;
  let scale = 1;
  if (channel.unit !== native) {
    const near = Math.min(Math.abs(lo), Math.abs(hi)) || Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    scale = unitsPerNative ?? near / nativeSpan;
  }
  return Object.freeze({ name, present: true, scale, range: Object.freeze([lo / scale, hi / scale] as const) });
}

/**
 * Resolves how the look-at solver's output (head angles in degrees, gaze as amounts −1..1) maps onto a model's
 * `head.yaw`, `head.pitch`, `gaze.x`, `gaze.y` channels, and each channel's limits in solver units. Calibrated
 * models (the bundled `rig-tiny`: degrees and amounts) map one to one; models whose channels are raw coefficients
 * get an assumed linear scale (see {@link ResolveLookChannelsOptions.unitsPerDegree}; gaze: ±1 maps to the nearer end
 * of the range).
 *
 * @param calibration - the model's channel map (`animator.calibration`).
 * @param options - the coefficient scale for uncalibrated head channels.
 */
export function resolveLookChannels(calibration: RigCalibration, options: ResolveLookChannelsOptions = {}): LookChannels {
  const perDegree = options.unitsPerDegree;
  if (perDegree !== undefined && !(perDegree > 0 && Number.isFinite(perDegree))) {
    throw new PortraitRigError('INVALID_ARGUMENT', `unitsPerDegree must be a positive number of coefficients per degree (got ${perDegree}).`);
  }
  return Object.freeze({
    yaw: resolve(calibration, 'head.yaw', 'degrees', perDegree, HEAD_DEGREES),
    pitch: resolve(calibration, 'head.pitch', 'degrees', perDegree, HEAD_DEGREES),
    gazeX: resolve(calibration, 'gaze.x', 'amount', undefined, 1),
    gazeY: resolve(calibration, 'gaze.y', 'amount', undefined, 1),
  });
}
