/**
 * Anything that hands over channel values one by one through a `forEach(value, name)` method: a
 * `Map<string, number>`, the motion engine's `ChannelFrame`, or your own container. Same argument order as
 * `Map.prototype.forEach`; extra arguments are ignored.
 */
export interface ChannelValueSource {
  /**
   * Calls `visit` once per channel with its current value (channel unit: degrees, amount, or coefficient for
   * `dict.<i>`).
   */
  forEach(visit: (value: number, name: string) => void): void;
}

/**
 * Channel values by name, in each channel's unit (degrees, amount 0..1 / −1..1, coefficient for `dict.<i>`):
 * a plain record (`{ 'head.yaw': 12, 'mouth.open': 0.4 }`), a `Map`, a motion `ChannelFrame`, or any other
 * {@link ChannelValueSource}. Channels left out count as neutral. For a hot loop over a fixed channel list,
 * {@link RigCalibration.bind} is faster (no name lookups).
 */
export type ChannelValues = Readonly<Record<string, number>> | ChannelValueSource;
