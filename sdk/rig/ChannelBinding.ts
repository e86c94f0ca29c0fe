import { PortraitRigError, PortraitRigErrorCode } from '../errors/PortraitRigError.js';
import { neutralOf } from './channels.js';
import { invalidChannelValue, type CompiledChannel } from './CompiledChannel.js';

/**
 * A channel list resolved once against a model, for hot loops: values arrive as a flat array in the list's order
 * (e.g. the mixer's output buffer) and map to α with no name lookups and no allocation. Create it with
 * {@link RigCalibration.bind}. Channels the model lacks are skipped (listed in {@link ChannelBinding.missing}).
 *
 * @example
 * ```ts
 * const binding = calibration.bind(['head.yaw', 'mouth.open', 'dict.6']);
 * const values = new Float32Array(binding.length);   // degrees, amount, coefficient
 * const alpha = new Float32Array(calibration.motionDim);
 * values.set([12, 0.4, 0.1]);
 * binding.apply(values, alpha);                      // alpha now holds the motion coefficients
 * ```
 */
export class ChannelBinding {
  /** The bound channel names, in value order. */
  readonly names: readonly string[];
  /** Number of values `apply` expects (`names.length`). */
  readonly length: number;
  /** Length of α for the model (`motionDim`). */
  readonly motionDim: number;
  /** Names the model does not have; their values are ignored. */
  readonly missing: readonly string[];
  readonly #channels: (CompiledChannel | null)[];
  readonly #directions: Int32Array;
  /** Neutral value of each channel the model lacks (NaN for the others): only other values are reported. */
  readonly #missingNeutral: Float64Array;
  readonly #onMissing: ((name: string) => void) | undefined;

  /**
   * Use {@link RigCalibration.bind}. `onMissing` hears of a missing channel whose value leaves its neutral value.
   *
   * @internal
   */
  constructor(names: readonly string[], slots: readonly (CompiledChannel | number | undefined)[], motionDim: number,
    onMissing?: (name: string) => void) {
    this.names = Object.freeze([...names]);
    this.length = names.length;
    this.motionDim = motionDim;
    this.#channels = slots.map((slot) => (typeof slot === 'object' ? slot : null));
    this.#directions = Int32Array.from(slots, (slot) => (typeof slot === 'number' ? slot : -1));
    this.missing = Object.freeze(names.filter((_, position) => slots[position] === undefined));
    this.#missingNeutral = Float64Array.from(names, (name, position) => (slots[position] === undefined ? neutralOf(name) : NaN));
    this.#onMissing = onMissing;
  }

  /**
   * Writes α for `values` into `out` (overwriting it). Values are clamped to each channel's range first; `dict.<i>`
   * values add to `α[i]` unclamped.
   *
   * @param values - one value per bound name, in `names` order, each in its channel's unit.
   * @param out - α, length `motionDim`; returned.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a wrong length or a non-finite value (naming the channel);
   *   `UNKNOWN_CHANNEL` in strict mode for a non-neutral value of a channel the model lacks.
   */
  apply(values: ArrayLike<number>, out: Float32Array): Float32Array {
    this.#checkLengths(values, out);
    out.fill(0);
    return this.#accumulate(values, out);
  }

  /**
   * Adds α for `values` onto `out` (e.g. onto the source's own `α_src`). Same rules as {@link ChannelBinding.apply}.
   *
   * @param values - one value per bound name, in `names` order.
   * @param out - α to add onto, length `motionDim`; returned.
   */
  add(values: ArrayLike<number>, out: Float32Array): Float32Array {
    this.#checkLengths(values, out);
    return this.#accumulate(values, out);
  }

  #accumulate(values: ArrayLike<number>, out: Float32Array): Float32Array {
    const channels = this.#channels;
    const directions = this.#directions;
    for (let slot = 0; slot < this.length; slot++) {
      const value = values[slot] as number;
      const channel = channels[slot];
      if (channel) channel.accumulate(value, out);
      else {
        const direction = directions[slot] as number;
        if (direction < 0) {
          // A channel the model lacks loses motion only when it leaves its neutral value.
          if (value !== this.#missingNeutral[slot]) this.#onMissing?.(this.names[slot] as string);
          continue;
        }
        if (!Number.isFinite(value)) throw invalidChannelValue(this.names[slot] as string, value);
        out[direction] = (out[direction] as number) + value;
      }
    }
    return out;
  }

  #checkLengths(values: ArrayLike<number>, out: Float32Array): void {
    if (values.length !== this.length) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `ChannelBinding: got ${values.length} values for ${this.length} bound channels (${this.names.join(', ')})`);
    }
    if (out.length !== this.motionDim) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `ChannelBinding: α has length ${out.length}; the model needs motionDim ${this.motionDim}`);
    }
  }
}
