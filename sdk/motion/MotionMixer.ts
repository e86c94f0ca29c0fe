import { defaultChannelGroup, RIG_CHANNELS, type ChannelGroup, type ChannelName } from '../rig/channels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { BlendMode } from './BlendMode.js';
import { ChannelFrame } from './ChannelFrame.js';
import { compileMask, type ChannelMask } from './ChannelMask.js';
import { ClipAction, type ClipActionOptions } from './ClipAction.js';
import type { ClipMarker } from './ClipMarker.js';
import type { MixerEventListener, MixerEventMap } from './MixerEvent.js';
import type { MotionAction, MotionActionOptions } from './MotionAction.js';
import type { MotionClip } from './MotionClip.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionSource } from './MotionSource.js';
import { SourceAction } from './SourceAction.js';

/** Options of a {@link MotionMixer}. */
export interface MotionMixerOptions {
  /**
   * Channels the frame starts with, in index order (default: every preset channel). Channels of clips and sources
   * are added when their action is created.
   */
  channels?: Iterable<ChannelName>;
  /**
   * Group of a channel, for masks (default {@link defaultChannelGroup}: presets by their table, everything else
   * `expression`). Pass a model manifest's classification to reclassify `dict.<i>` directions.
   */
  groupOf?: (channel: ChannelName) => ChannelGroup;
  /** Neutral value of a channel (what the frame holds with no action; additive layers add offsets from it). Default 0. */
  neutralOf?: (channel: ChannelName) => number;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type AnyListener = (event: never) => void;

/**
 * Plays clips and procedural sources as layered actions and mixes them into one {@link ChannelFrame} per update
 * (three.js `AnimationMixer` style).
 *
 * Mixing, per channel, starting from the channel's neutral value, layer by layer in increasing `layer` order:
 * 1. the layer's **override** actions that drive the channel are averaged by effective weight (`Σ wᵢvᵢ / Σ wᵢ`) and
 *    replace the value below in proportion to `min(Σ wᵢ, 1)`: one action at weight w gives `lerp(below, v, w)`, and a
 *    cross-fade whose weights sum to 1 gives exactly `wA·A + wB·B`;
 * 2. the layer's **additive** actions add `w · (v − neutral)`.
 *
 * Masks restrict an action to channel groups or names. `update(delta)` is deterministic for a given sequence of
 * deltas and allocates nothing in the steady state (allocation happens only when actions are created or masks
 * change); event objects are reused.
 *
 * @example
 * ```ts
 * const mixer = new MotionMixer();
 * const idle = mixer.clipAction(loadClip(idleJson), { loop: 'loop' }).play();
 * mixer.sourceAction(new BlinkBehavior({ seed: 1 }), { blendMode: 'additive', layer: 1 }).play();
 * const look = mixer.sourceAction(new LookAtBehavior(), { blendMode: 'additive', layer: 1 }).play();
 * mixer.addEventListener('marker', (e) => console.log(e.marker.name, e.action.clip.name));
 *
 * const yaw = mixer.frame.indexOf('head.yaw');
 * function tick(deltaSeconds: number) {
 *   mixer.update(deltaSeconds);
 *   renderAvatar(mixer.frame.values[yaw]); // degrees
 * }
 * ```
 */
export class MotionMixer {
  /** The mixed channel values, rewritten by every {@link MotionMixer.update}. */
  readonly frame: ChannelFrame;
  /** Mixer time in seconds (sum of scaled deltas). */
  time = 0;
  /** @internal Read directly on the per-frame path (see `timeScale`). */
  _timeScale = 1;
  /** @internal This update's delta in seconds, scaled by the mixer's time scale. */
  _delta = 0;
  /**
   * @internal This update's `deltaSeconds` argument as passed (unscaled), kept as the caller's own number so
   * sources can receive it without boxing a new one. Starts as `null` so V8 keeps the field tagged (a number-only
   * field would be stored unboxed and need re-boxing on every read passed to a call).
   */
  _deltaArgument: number | null = null;
  private readonly resolveGroup: (channel: ChannelName) => ChannelGroup;
  private readonly resolveNeutral: (channel: ChannelName) => number;
  private readonly actionList: MotionAction[] = [];
  private readonly clipActions = new Map<MotionClip, ClipAction>();
  private readonly sourceActions = new Map<MotionSource, SourceAction>();
  private orderDirty = false;
  private nextOrder = 0;
  private neutral = new Float64Array(0);
  private accum = new Float64Array(0);
  private sumWeight = new Float64Array(0);
  private sumValue = new Float64Array(0);
  private readonly listeners: { [K in keyof MixerEventMap]: MixerEventListener<K>[] } = { marker: [], loop: [], finished: [] };
  private readonly markerEvent: Writable<MixerEventMap['marker']>;
  private readonly loopEvent: Writable<MixerEventMap['loop']>;
  private readonly finishedEvent: Writable<MixerEventMap['finished']>;

  /** @param options - Initial channels, group and neutral resolvers. */
  constructor(options: MotionMixerOptions = {}) {
    this.frame = new ChannelFrame(options.channels ?? (Object.keys(RIG_CHANNELS) as ChannelName[]));
    this.resolveGroup = options.groupOf ?? defaultChannelGroup;
    this.resolveNeutral = options.neutralOf ?? (() => 0);
    const placeholder = undefined as unknown as ClipAction;
    this.markerEvent = { type: 'marker', mixer: this, action: placeholder, marker: undefined as unknown as ClipMarker, direction: 1 };
    this.loopEvent = { type: 'loop', mixer: this, action: placeholder, loopCount: 0 };
    this.finishedEvent = { type: 'finished', mixer: this, action: placeholder, direction: 1 };
    this.syncLayout();
  }

  /** Global speed factor applied to every delta (1 = normal, 0 = frozen). */
  get timeScale(): number {
    return this._timeScale;
  }

  /** Sets the global speed factor (finite). */
  set timeScale(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument, `PortraitRig: mixer timeScale must be a finite number (got ${String(value)})`);
    }
    this._timeScale = value;
  }

  /** Every action, in mixing order (by layer, then creation). */
  get actions(): readonly MotionAction[] {
    this.sortIfNeeded();
    return this.actionList;
  }

  /** Group of `channel` as this mixer classifies it (for masks). */
  groupOf(channel: ChannelName): ChannelGroup {
    return this.resolveGroup(channel);
  }

  /**
   * The action that plays `clip`, created on first call (three.js style: one action per clip and mixer). `options`
   * are applied in both cases. Creating the action adds the clip's channels to {@link MotionMixer.frame}.
   *
   * @param clip - The clip.
   * @param options - Layer, blend mode, weight, mask, time scale, loop, repetitions, clamp.
   */
  clipAction(clip: MotionClip, options: ClipActionOptions = {}): ClipAction {
    let action = this.clipActions.get(clip);
    if (!action) {
      action = new ClipAction(this, clip, this.nextOrder++);
      this.register(action);
      this.clipActions.set(clip, action);
    }
    action._applyClipOptions(options);
    return action;
  }

  /** The action of `clip`, or `undefined` when {@link MotionMixer.clipAction} was not called for it. */
  existingAction(clip: MotionClip): ClipAction | undefined {
    return this.clipActions.get(clip);
  }

  /**
   * The action that plays a procedural `source`, created on first call; `options` are applied in both cases.
   * Procedural behaviours are usually additive: pass `{ blendMode: 'additive' }`.
   */
  sourceAction(source: MotionSource, options: MotionActionOptions = {}): SourceAction {
    let action = this.sourceActions.get(source);
    if (!action) {
      action = new SourceAction(this, source, this.nextOrder++);
      this.register(action);
      this.sourceActions.set(source, action);
    }
    action._applyOptions(options);
    return action;
  }

  /** Stops and forgets `action` (its clip or source gets a new action on the next request). */
  removeAction(action: MotionAction): void {
    const index = this.actionList.indexOf(action);
    if (index < 0) return;
    action.stop();
    this.actionList.splice(index, 1);
    if (action instanceof ClipAction) this.clipActions.delete(action.clip);
    if (action instanceof SourceAction) this.sourceActions.delete(action.source);
  }

  /** Stops every action. Returns `this`. */
  stopAllActions(): this {
    for (const action of this.actionList) action.stop();
    return this;
  }

  /**
   * Advances every running action by `deltaSeconds × timeScale`, fires marker/loop/finished events, and mixes the
   * result into {@link MotionMixer.frame}. `update(0)` re-mixes without advancing (after a seek or a weight change).
   *
   * @param deltaSeconds - Elapsed time in seconds (finite; negative plays backwards).
   * @returns The frame.
   */
  update(deltaSeconds: number): ChannelFrame {
    if (typeof deltaSeconds !== 'number' || !Number.isFinite(deltaSeconds)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        `PortraitRig: mixer.update(deltaSeconds) needs a finite number of seconds (got ${String(deltaSeconds)})`);
    }
    this._deltaArgument = deltaSeconds;
    this._delta = deltaSeconds * this._timeScale;
    return this.step();
  }

  /** Advances by `_delta` (fields, not arguments: V8 boxes fractional numbers passed to calls it does not inline). */
  private step(): ChannelFrame {
    this.time += this._delta;
    const actions = this.actionList;
    for (let i = 0; i < actions.length; i++) actions[i]!._update();
    this.mix();
    return this.frame;
  }

  /**
   * Jumps to mixer time `seconds`: rewinds every action (and its source) to 0 and advances by `seconds` in one
   * step, firing the events on the way. Returns the frame.
   */
  setTime(seconds: number): ChannelFrame {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        `PortraitRig: mixer.setTime(seconds) needs a finite number of seconds (got ${String(seconds)})`);
    }
    for (const action of this.actionList) action._rewindTime();
    this.time = 0;
    this._deltaArgument = seconds;
    this._delta = seconds;
    return this.step();
  }

  /** Adds an event listener (`marker`, `loop`, `finished`). Listeners are called during {@link MotionMixer.update}. */
  addEventListener<K extends keyof MixerEventMap>(type: K, listener: MixerEventListener<K>): void {
    const store = this.store();
    const list = store[type] ?? [];
    // Copy on write: dispatch iterates the array it started with, without copying per event.
    if (!list.includes(listener as AnyListener)) store[type] = [...list, listener as AnyListener];
  }

  /** Removes an event listener. */
  removeEventListener<K extends keyof MixerEventMap>(type: K, listener: MixerEventListener<K>): void {
    const store = this.store();
    const list = store[type] ?? [];
    if (list.includes(listener as AnyListener)) store[type] = list.filter((l) => l !== listener);
  }

  /** True when `listener` listens to `type`. */
  hasEventListener<K extends keyof MixerEventMap>(type: K, listener: MixerEventListener<K>): boolean {
    return (this.store()[type] ?? []).includes(listener as AnyListener);
  }

  private store(): Record<string, AnyListener[]> {
    return this.listeners as unknown as Record<string, AnyListener[]>;
  }

  /** @internal */
  _hasMarkerListeners(): boolean {
    return this.listeners.marker.length > 0;
  }

  /** @internal */
  _dispatchMarker(action: ClipAction, marker: ClipMarker, direction: 1 | -1): void {
    const event = this.markerEvent;
    event.action = action;
    event.marker = marker;
    event.direction = direction;
    const list = this.listeners.marker;
    for (let i = 0; i < list.length; i++) list[i]!(event);
  }

  /** @internal */
  _dispatchLoop(action: ClipAction, loopCount: number): void {
    const list = this.listeners.loop;
    if (list.length === 0) return;
    const event = this.loopEvent;
    event.action = action;
    event.loopCount = loopCount;
    for (let i = 0; i < list.length; i++) list[i]!(event);
  }

  /** @internal */
  _dispatchFinished(action: ClipAction, direction: 1 | -1): void {
    const list = this.listeners.finished;
    if (list.length === 0) return;
    const event = this.finishedEvent;
    event.action = action;
    event.direction = direction;
    for (let i = 0; i < list.length; i++) list[i]!(event);
  }

  /** @internal */
  _invalidateOrder(): void {
    this.orderDirty = true;
  }

  /**
   * @internal Resolves `mask` for `action`: which of its channels it drives, adding them to the frame.
   * @throws {@link PortraitRigError} for an invalid mask (the action keeps its previous one).
   */
  _bind(action: MotionAction, mask: ChannelMask): void {
    const accepts = compileMask(mask);
    const channels = action.channels;
    const source: number[] = [];
    const target: number[] = [];
    for (let i = 0; i < channels.length; i++) {
      const name = channels[i]!;
      if (!accepts(name, this.resolveGroup(name))) continue;
      source.push(i);
      target.push(this.frame.add(name));
    }
    action._setSlots(Int32Array.from(source), Int32Array.from(target));
    this.syncLayout();
  }

  private register(action: MotionAction): void {
    this._bind(action, 'all');
    this.actionList.push(action);
    this.orderDirty = true;
  }

  private syncLayout(): void {
    const size = this.frame.size;
    if (this.neutral.length === size) return;
    const names = this.frame.names;
    this.neutral = Float64Array.from(names, (name) => this.resolveNeutral(name));
    this.accum = new Float64Array(size);
    this.sumWeight = new Float64Array(size);
    this.sumValue = new Float64Array(size);
    this.frame.values.set(this.neutral);
  }

  private sortIfNeeded(): void {
    if (!this.orderDirty) return;
    // Insertion sort: stable, in place, no allocation; the list is nearly sorted.
    const list = this.actionList;
    for (let i = 1; i < list.length; i++) {
      const action = list[i]!;
      let j = i - 1;
      while (j >= 0 && (list[j]!.layer > action.layer || (list[j]!.layer === action.layer && list[j]!._order > action._order))) {
        list[j + 1] = list[j]!;
        j--;
      }
      list[j + 1] = action;
    }
    this.orderDirty = false;
  }

  private mix(): void {
    this.sortIfNeeded();
    const accum = this.accum;
    const neutral = this.neutral;
    const sumWeight = this.sumWeight;
    const sumValue = this.sumValue;
    const channelCount = accum.length;
    accum.set(neutral);
    const actions = this.actionList;
    let start = 0;
    while (start < actions.length) {
      const layer = actions[start]!.layer;
      let end = start;
      while (end < actions.length && actions[end]!.layer === layer) end++;
      // Overrides: weighted average within the layer, then lerp from below by min(total weight, 1).
      let overrides = false;
      for (let a = start; a < end; a++) {
        const action = actions[a]!;
        const weight = action._effectiveWeight;
        if (weight <= 0 || action.blendMode !== BlendMode.Override) continue;
        if (!overrides) {
          sumWeight.fill(0);
          sumValue.fill(0);
          overrides = true;
        }
        action._evaluate();
        const slots = action._slotChannel;
        const values = action._slotValue;
        for (let s = 0; s < slots.length; s++) {
          const channel = slots[s]!;
          sumWeight[channel]! += weight;
          sumValue[channel]! += weight * values[s]!;
        }
      }
      if (overrides) {
        for (let c = 0; c < channelCount; c++) {
          const total = sumWeight[c]!;
          if (total <= 0) continue;
          const target = sumValue[c]! / total;
          accum[c]! += (target - accum[c]!) * (total < 1 ? total : 1);
        }
      }
      for (let a = start; a < end; a++) {
        const action = actions[a]!;
        const weight = action._effectiveWeight;
        if (weight <= 0 || action.blendMode !== BlendMode.Additive) continue;
        action._evaluate();
        const slots = action._slotChannel;
        const values = action._slotValue;
        for (let s = 0; s < slots.length; s++) {
          const channel = slots[s]!;
          accum[channel]! += weight * (values[s]! - neutral[channel]!);
        }
      }
      start = end;
    }
    const out = this.frame.values;
    for (let c = 0; c < channelCount; c++) out[c] = accum[c]!;
  }
}
