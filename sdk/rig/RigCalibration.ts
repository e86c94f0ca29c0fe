import { PortraitRigError, PortraitRigErrorCode } from '../errors/PortraitRigError.js';
import { AlphaSolver, type AlphaSolverOptions } from './AlphaSolver.js';
import { ChannelBinding } from './ChannelBinding.js';
import { neutralOf, type ChannelGroup } from './channels.js';
import type { ChannelValues, ChannelValueSource } from './ChannelValues.js';
import { CompiledChannel, invalidChannelValue } from './CompiledChannel.js';
import type { ModelManifest } from './ModelManifest.js';
import { isValidatedManifest, parseModelManifest } from './parseModelManifest.js';
import { resolveDirectionGroups } from './resolveDirectionGroups.js';
import type { RigWarning } from './RigWarning.js';

/** Options of {@link RigCalibration}. */
export interface RigCalibrationOptions {
  /**
   * `true`: a channel the model lacks throws `PortraitRigError` `UNKNOWN_CHANNEL` naming it and listing the
   * model's channels. `false` (default): it is skipped with one warning per channel name. Either way only once its
   * value leaves the channel's neutral value (0 for every preset): at neutral it loses no motion, and a mixer's
   * frame holds every preset channel.
   */
  readonly strict?: boolean;
  /** Receives the warnings of non-strict mode (once per channel name); default `console.warn(warning.message)`. */
  readonly onWarning?: (warning: RigWarning) => void;
}

const defaultWarning = (warning: RigWarning): void => { console.warn(warning.message); };

/**
 * A model's channel map, compiled: turns channel values (degrees, amounts, raw coefficients) into the model's
 * motion coefficients `α` (length `motionDim`), and knows the group of every channel and direction.
 *
 * Per channel: the value is clamped to the channel's range, then every term adds `calibration(value)` to
 * `α[index]`; several channels may add onto one direction. `dict.<i>` adds its raw value to `α[i]` (unclamped).
 * Channels left out count as neutral (they add nothing). Mapping allocates nothing when you pass `out` (from a
 * plain record, V8 may box fractional values; a `Map`, a `ChannelFrame` or a {@link ChannelBinding} avoid that).
 *
 * @example
 * ```ts
 * const calibration = new RigCalibration(parseModelManifest(text, 'models/rig-tiny/manifest.json'));
 * const alpha = new Float32Array(calibration.motionDim);
 * calibration.toAlpha({ 'head.yaw': 15, 'mouth.open': 0.5 }, alpha);   // degrees, amount
 * const poseOnly = calibration.directionMask('pose');                 // 1 on pose directions, 0 elsewhere
 * ```
 */
export class RigCalibration {
  /** The validated manifest the map was built from. */
  readonly manifest: ModelManifest;
  /** Length of α. */
  readonly motionDim: number;
  /** Whether unknown channels throw instead of being skipped. */
  readonly strict: boolean;
  /** The model's named channels, in manifest order (without the `dict.<i>` directions). */
  readonly channelNames: readonly string[];
  /** Directions no named channel drives, ascending (addressable as `dict.<i>`). */
  readonly freeDirections: readonly number[];
  readonly #lookup: Map<string, CompiledChannel | number>;
  readonly #groups: readonly ChannelGroup[];
  readonly #onWarning: (warning: RigWarning) => void;
  readonly #warned = new Set<string>();
  #target: Float32Array = new Float32Array(0);
  readonly #visit = (value: number, name: string): void => { this.#addOne(name, value); };

  /**
   * Compiles `manifest`'s channel map. A manifest that did not come from {@link parseModelManifest} (e.g. built in
   * code) is validated first.
   *
   * @param manifest - the model's manifest.
   * @param options - strict mode and the warning callback.
   * @throws {@link ManifestError} when a hand-built manifest is invalid.
   */
  constructor(manifest: ModelManifest, options: RigCalibrationOptions = {}) {
    const id: unknown = (manifest as { id?: unknown }).id;
    this.manifest = isValidatedManifest(manifest) ? manifest : parseModelManifest(manifest, typeof id === 'string' ? id : undefined);
    this.motionDim = this.manifest.motionDim;
    this.strict = options.strict ?? false;
    this.#onWarning = options.onWarning ?? defaultWarning;
    this.#lookup = new Map();
    for (const [name, channel] of Object.entries(this.manifest.channels)) this.#lookup.set(name, new CompiledChannel(name, channel));
    for (let i = 0; i < this.motionDim; i++) this.#lookup.set(`dict.${i}`, i);
    this.channelNames = Object.freeze(Object.keys(this.manifest.channels));
    const directionGroups = resolveDirectionGroups(this.manifest);
    this.#groups = directionGroups.groups;
    this.freeDirections = Object.freeze(directionGroups.drivenBy.flatMap((names, index) => (names.length === 0 ? [index] : [])));
  }

  /** Same as `new RigCalibration(manifest, options)`. */
  static fromManifest(manifest: ModelManifest, options?: RigCalibrationOptions): RigCalibration {
    return new RigCalibration(manifest, options);
  }

  /** True when the model has `name`: a named channel or `dict.<i>` with `i < motionDim`. */
  hasChannel(name: string): boolean {
    return this.#lookup.has(name);
  }

  /**
   * Group of a channel: a named channel's own group; for `dict.<i>` the direction's group (see
   * {@link RigCalibration.directionGroup}); `undefined` for a channel the model does not have.
   */
  groupOf(name: string): ChannelGroup | undefined {
    const entry = this.#lookup.get(name);
    if (entry === undefined) return undefined;
    return typeof entry === 'number' ? this.#groups[entry] : entry.group;
  }

  /**
   * Group of direction `index`: `directionGroups.overrides[index]` when the manifest sets it, else the group of the
   * named channels driving it, else `directionGroups.default` (expression unless the manifest says otherwise).
   *
   * @throws PortraitRigError `INVALID_ARGUMENT` when `index` is not in `0..motionDim-1`.
   */
  directionGroup(index: number): ChannelGroup {
    const group = Number.isInteger(index) ? this.#groups[index] : undefined;
    if (group === undefined) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `direction ${index} is not in the dictionary of model "${this.manifest.id}" (0..${this.motionDim - 1})`);
    }
    return group;
  }

  /**
   * A mask over α selecting the directions of one group (or several): 1 where the direction belongs to it, 0
   * elsewhere. Multiply a motion α by it for pose-only or expression-only transfer.
   *
   * @param group - `'pose'`, `'expression'`, or a list of groups.
   * @param out - where to write it (length `motionDim`); a new array when omitted.
   * @returns `out`, or the new array.
   *
   * @example
   * ```ts
   * const mask = calibration.directionMask('pose');
   * for (let i = 0; i < alpha.length; i++) alpha[i] = alphaSrc[i] + mask[i] * (alphaDrive[i] - alphaStart[i]);
   * ```
   */
  directionMask(group: ChannelGroup | readonly ChannelGroup[], out?: Float32Array): Float32Array {
    const target = this.#checkOut(out, 'directionMask');
    const groups: readonly ChannelGroup[] = typeof group === 'string' ? [group] : group;
    for (let i = 0; i < this.motionDim; i++) target[i] = groups.includes(this.#groups[i] as ChannelGroup) ? 1 : 0;
    return target;
  }

  /**
   * Maps channel values to α, overwriting `out`: zeroes it, clamps each value to its channel's range, adds every
   * term's calibrated coefficient (and `dict.<i>` values as raw coefficients). Channels the model lacks are skipped;
   * a non-neutral value of one warns once per name (or throws in strict mode).
   *
   * @param values - values by channel name, each in its channel's unit (degrees, amount, coefficient).
   * @param out - α, length `motionDim`; a new array when omitted (pass one per frame to allocate nothing).
   * @returns `out`, or the new array.
   * @throws PortraitRigError `UNKNOWN_CHANNEL` (strict mode), `INVALID_ARGUMENT` for a non-finite value, a wrong
   *   `out` length, or an array instead of values by name. On an error `out` may be partly written.
   */
  toAlpha(values: ChannelValues, out?: Float32Array): Float32Array {
    const target = this.#checkOut(out, 'toAlpha');
    target.fill(0);
    return this.#accumulate(values, target);
  }

  /**
   * Adds the α of `values` onto `out` (e.g. onto the source's `α_src` for relative animation). Same rules as
   * {@link RigCalibration.toAlpha}.
   *
   * @param values - values by channel name.
   * @param out - α to add onto, length `motionDim`; returned.
   */
  addAlpha(values: ChannelValues, out: Float32Array): Float32Array {
    return this.#accumulate(values, this.#checkOut(out, 'addAlpha'));
  }

  /**
   * Resolves a list of channel names once, for a hot loop that supplies values as a flat array in that order.
   * Names the model lacks are listed in {@link ChannelBinding.missing} and skipped; the binding warns once per name
   * (or throws in strict mode) when `apply`/`add` receives a non-neutral value for one.
   *
   * @param names - channel names (presets, custom names, `dict.<i>`).
   */
  bind(names: readonly string[]): ChannelBinding {
    const slots = names.map((name) => this.#lookup.get(name));
    return new ChannelBinding(names, slots, this.motionDim, (name) => this.#unknown(name));
  }

  /**
   * An inverse map α → channel values (least squares over this channel map), e.g. for motion capture. See
   * {@link AlphaSolver}.
   *
   * @param options - which channels to solve for, how to report the rest of α, iteration limits.
   */
  createSolver(options?: AlphaSolverOptions): AlphaSolver {
    return new AlphaSolver(this.manifest, options);
  }

  #accumulate(values: ChannelValues, out: Float32Array): Float32Array {
    this.#target = out;
    if (Array.isArray(values) || ArrayBuffer.isView(values)) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, 'RigCalibration: channel values must be keyed by '
        + 'name (a record, Map or ChannelFrame), not an array; for values in a fixed order use calibration.bind(names)');
    }
    if (typeof (values as Partial<ChannelValueSource>).forEach === 'function') {
      (values as ChannelValueSource).forEach(this.#visit);
    } else {
      const record = values as Readonly<Record<string, number>>;
      for (const name in record) {
        if (Object.prototype.hasOwnProperty.call(record, name)) this.#addOne(name, record[name] as number);
      }
    }
    return out;
  }

  #addOne(name: string, value: number): void {
    const entry = this.#lookup.get(name);
    if (entry === undefined) {
      // A channel the model lacks loses motion only when it leaves its neutral value (a mixer's frame holds every
      // preset, most at neutral).
      if (value !== neutralOf(name)) this.#unknown(name);
      return;
    }
    const out = this.#target;
    if (typeof entry === 'number') {
      if (!Number.isFinite(value)) throw invalidChannelValue(name, value);
      out[entry] = (out[entry] as number) + value;
    } else entry.accumulate(value, out);
  }

  #unknown(name: string): void {
    if (this.#warned.has(name)) return;
    const known = this.channelNames.length > 0 ? `${this.channelNames.join(', ')} and ` : '';
    const listing = `${known}the raw directions dict.0..dict.${this.motionDim - 1}`;
    if (this.strict) {
      throw new PortraitRigError(PortraitRigErrorCode.UnknownChannel, `model "${this.manifest.id}" has no channel `
        + `"${name}"; its channels: ${listing}. Remove or rename the channel, add it with withChannelOverrides, or `
        + 'use strict: false to skip it');
    }
    this.#warned.add(name);
    this.#onWarning({
      code: 'UNKNOWN_CHANNEL',
      channel: name,
      message: `PortraitRig: model "${this.manifest.id}" has no channel "${name}"; it is skipped (warned once). `
        + `Its channels: ${listing}`,
    });
  }

  #checkOut(out: Float32Array | undefined, method: string): Float32Array {
    if (out === undefined) return new Float32Array(this.motionDim);
    if (!(out instanceof Float32Array) || out.length !== this.motionDim) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, `RigCalibration.${method}: out must be a `
        + `Float32Array of length ${this.motionDim} (motionDim of model "${this.manifest.id}"), got length `
        + `${String((out as { length?: unknown }).length)}`);
    }
    return out;
  }
}
