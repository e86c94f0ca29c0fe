import type { ChannelName } from '../rig/channels.js';

/**
 * The channel values of one frame, keyed by channel name, backed by one `Float32Array` so that consumers read
 * without allocating: look a channel's index up once with {@link ChannelFrame.indexOf}, then read
 * `frame.values[index]` every frame. Units are the channels' own (degrees for head angles, amount or coefficient
 * otherwise).
 *
 * The layout only grows: {@link ChannelFrame.add} appends a channel (existing indices stay valid) and replaces the
 * `values` array by a longer one, incrementing {@link ChannelFrame.layoutVersion}. A {@link MotionMixer} adds the
 * channels of a clip when an action for it is created, never during `update`.
 *
 * @example
 * ```ts
 * const frame = mixer.frame;
 * const yaw = frame.indexOf('head.yaw');
 * function onFrame(dt: number) {
 *   mixer.update(dt);
 *   const degrees = frame.values[yaw];
 * }
 * ```
 */
export class ChannelFrame {
  private readonly channelNames: string[] = [];
  private readonly indices = new Map<string, number>();
  private buffer: Float32Array;
  private version = 0;

  /** @param channels - Initial channels, in order (duplicates are ignored). */
  constructor(channels: Iterable<ChannelName> = []) {
    for (const name of channels) {
      if (!this.indices.has(name)) {
        this.indices.set(name, this.channelNames.length);
        this.channelNames.push(name);
      }
    }
    this.buffer = new Float32Array(this.channelNames.length);
  }

  /** The values, `values[indexOf(name)]`. Replaced (not resized) when a channel is added. */
  get values(): Float32Array {
    return this.buffer;
  }

  /** The channel names, in index order. */
  get names(): readonly ChannelName[] {
    return this.channelNames;
  }

  /** Number of channels. */
  get size(): number {
    return this.channelNames.length;
  }

  /** Incremented every time channels are added (and `values` replaced). */
  get layoutVersion(): number {
    return this.version;
  }

  /** Index of `name` in {@link ChannelFrame.values}, or -1 when the frame has no such channel. */
  indexOf(name: string): number {
    return this.indices.get(name) ?? -1;
  }

  /** True when the frame has channel `name`. */
  has(name: string): boolean {
    return this.indices.has(name);
  }

  /**
   * Value of channel `name`, or `fallback` when the frame has no such channel. Allocation-free, but a map
   * lookup: in a hot loop, read `values[indexOf(name)]`.
   */
  get(name: string, fallback = 0): number {
    const index = this.indices.get(name);
    return index === undefined ? fallback : this.buffer[index]!;
  }

  /**
   * Sets channel `name` (which must exist: see {@link ChannelFrame.add}).
   *
   * @throws RangeError when the frame has no such channel.
   */
  set(name: string, value: number): void {
    const index = this.indices.get(name);
    if (index === undefined) {
      throw new RangeError(`PortraitRig: channel frame has no channel "${name}"; add it first with frame.add("${name}")`);
    }
    this.buffer[index] = value;
  }

  /**
   * Adds channel `name` when missing (its value starts at 0) and returns its index. Adding replaces `values` with
   * a longer array (values kept); adding a channel that exists is free.
   */
  add(name: ChannelName): number {
    const existing = this.indices.get(name);
    if (existing !== undefined) return existing;
    const index = this.channelNames.length;
    this.channelNames.push(name);
    this.indices.set(name, index);
    const grown = new Float32Array(index + 1);
    grown.set(this.buffer);
    this.buffer = grown;
    this.version++;
    return index;
  }

  /**
   * Copies every channel of `source` into this frame (like three.js `copy`): channels this frame lacks are added in
   * `source`'s order, channels only this frame has keep their values. Allocation-free once the layout matches, so
   * it can snapshot a mixer's frame every display frame (e.g. when a render that reads it may start later).
   *
   * @returns this frame.
   */
  copy(source: ChannelFrame): this {
    const names = source.channelNames;
    const values = source.buffer;
    for (let i = 0; i < names.length; i++) {
      const index = this.add(names[i]!); // before indexing `buffer`: adding replaces it
      this.buffer[index] = values[i]!;
    }
    return this;
  }

  /** Calls `fn(value, name, index)` for every channel, in index order (no allocation). */
  forEach(fn: (value: number, name: ChannelName, index: number) => void): void {
    for (let i = 0; i < this.channelNames.length; i++) fn(this.buffer[i]!, this.channelNames[i]!, i);
  }

  /** A plain `{ [channel]: value }` object (allocates; for logging, JSON and tests). */
  toObject(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.channelNames.length; i++) out[this.channelNames[i]!] = this.buffer[i]!;
    return out;
  }
}
