/**
 * A problem the rig works around instead of throwing (non-strict mode): currently a channel the model does not have,
 * which is skipped. Reported once per channel name per {@link RigCalibration}, the first time its value leaves neutral.
 */
export interface RigWarning {
  /** `UNKNOWN_CHANNEL`: the same code strict mode throws with. */
  readonly code: 'UNKNOWN_CHANNEL';
  /** The channel that was skipped. */
  readonly channel: string;
  /** Human-readable text naming the channel, the model and the fix. */
  readonly message: string;
}
