import type { ChannelName } from '../rig/channels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { BlendMode } from './BlendMode.js';
import type { ChannelMask } from './ChannelMask.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionMixer } from './MotionMixer.js';

/** Options shared by every action ({@link MotionMixer.clipAction}, {@link MotionMixer.sourceAction}). */
export interface MotionActionOptions {
  /** Layer index (integer, default 0): higher layers apply after lower ones. */
  layer?: number;
  /** `'override'` (default) or `'additive'`. */
  blendMode?: BlendMode;
  /** Weight, finite and ≥ 0 (default 1). */
  weight?: number;
  /** Channels the action may drive (default `'all'`). */
  mask?: ChannelMask;
  /** Playback speed factor (default 1; negative plays clips backwards). */
  timeScale?: number;
}

const check = (value: number, what: string, min = -Infinity): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new PortraitRigError(MotionErrorCode.InvalidArgument,
      `PortraitRig: ${what} must be a finite number${min > -Infinity ? ` ≥ ${min}` : ''} (got ${String(value)})`);
  }
  return value;
};

/**
 * One playing layer of a {@link MotionMixer} (three.js `AnimationAction` style): a clip ({@link ClipAction}) or a
 * procedural source ({@link SourceAction}) with its weight, blend mode, layer, channel mask, time scale and fades.
 * Create actions with the mixer, not with `new`.
 *
 * Contribution: an action contributes after {@link MotionAction.play} until {@link MotionAction.stop} (a paused
 * action still contributes its current frame). Its effective weight is `weight × fade`, where fades
 * ({@link MotionAction.fadeIn}, {@link MotionAction.fadeOut}, {@link MotionAction.crossFadeTo}) ramp linearly in
 * mixer time (seconds, scaled by the mixer's time scale but not the action's).
 */
export abstract class MotionAction {
  /** The mixer that plays this action. */
  readonly mixer: MotionMixer;
  /** False disables the action without stopping it (it contributes nothing and its time does not advance). */
  enabled = true;
  /** True freezes the action's time; a paused action still contributes its current frame. */
  paused = false;
  /** @internal Frame channel index of each bound slot. */
  _slotChannel: Int32Array = new Int32Array(0);
  /** @internal Source index (track or source channel) of each bound slot. */
  _slotSource: Int32Array = new Int32Array(0);
  /** @internal Value of each bound slot after `_evaluate`. */
  _slotValue: Float64Array = new Float64Array(0);
  /** @internal Effective weight computed by the last mixer update. */
  _effectiveWeight = 0;
  /** @internal Creation order, for stable sorting by layer. */
  readonly _order: number;
  private _weight = 1;
  /** @internal The time scale, read directly on the per-frame path (a getter that is not inlined would box it). */
  _timeScale = 1;
  private _layer = 0;
  private _blendMode: BlendMode = BlendMode.Override;
  private _mask: ChannelMask = 'all';
  private scheduled = false;
  private fade = 1;
  private fadeFrom = 1;
  private fadeTo = 1;
  private fadeStart = 0;
  private fadeDuration = -1;

  /** @internal Use `mixer.clipAction` / `mixer.sourceAction`. */
  protected constructor(mixer: MotionMixer, order: number) {
    this.mixer = mixer;
    this._order = order;
  }

  /** Channels this action's clip or source writes (before masking). */
  abstract get channels(): readonly ChannelName[];

  /** Channels this action drives after its mask, in slot order. */
  get boundChannels(): readonly ChannelName[] {
    const names = this.mixer.frame.names;
    return Array.from(this._slotChannel, (index) => names[index]!);
  }

  /** Weight, finite and ≥ 0 (1 = full). Multiplied by the current fade to give the effective weight. */
  get weight(): number {
    return this._weight;
  }

  /** Sets the weight (finite, ≥ 0). */
  set weight(value: number) {
    this._weight = check(value, 'action weight', 0);
  }

  /** Playback speed factor (1 = normal, 0.5 = half speed, negative = backwards). */
  get timeScale(): number {
    return this._timeScale;
  }

  /** Sets the playback speed factor (finite; negative plays clips backwards). */
  set timeScale(value: number) {
    this._timeScale = check(value, 'action timeScale');
  }

  /** Layer index (integer): layers apply in increasing order, so a higher layer overrides or adds onto lower ones. */
  get layer(): number {
    return this._layer;
  }

  /** Moves the action to another layer (an integer); the mixer re-sorts before the next mix. */
  set layer(value: number) {
    if (!Number.isInteger(value)) check(Number.NaN, 'action layer (an integer)');
    if (value !== this._layer) {
      this._layer = value;
      this.mixer._invalidateOrder();
    }
  }

  /** `'override'` or `'additive'`. */
  get blendMode(): BlendMode {
    return this._blendMode;
  }

  /** Sets `'override'` or `'additive'`. */
  set blendMode(value: BlendMode) {
    if (value !== BlendMode.Override && value !== BlendMode.Additive) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        `PortraitRig: blend mode ${JSON.stringify(value)} is not one of "override", "additive"`);
    }
    this._blendMode = value;
  }

  /** Channels the action may drive; setting it rebinds the action (allocates once, not per frame). */
  get mask(): ChannelMask {
    return this._mask;
  }

  /** Sets the mask and rebinds (throws on an invalid mask, keeping the previous one). */
  set mask(value: ChannelMask) {
    this.mixer._bind(this, value);
    this._mask = value;
  }

  /** Starts (or resumes) contributing: schedules the action, enables and unpauses it. Returns `this`. */
  play(): this {
    this.scheduled = true;
    this.enabled = true;
    this.paused = false;
    return this;
  }

  /** Stops contributing and rewinds (time 0, fades cancelled). Returns `this`. */
  stop(): this {
    this.scheduled = false;
    this.reset();
    return this;
  }

  /** Rewinds to the start without changing whether it plays: time 0, loops 0, enabled, unpaused, no fade. */
  reset(): this {
    this.enabled = true;
    this.paused = false;
    this.stopFading();
    this._rewind();
    return this;
  }

  /** True when the action contributes and its time advances (played, enabled, not paused). */
  isRunning(): boolean {
    return this.scheduled && this.enabled && !this.paused;
  }

  /** True between {@link MotionAction.play} and {@link MotionAction.stop}. */
  isScheduled(): boolean {
    return this.scheduled;
  }

  /** Current fade factor, 0..1 (1 when no fade is running). */
  get fadeWeight(): number {
    return this.fade;
  }

  /** True while a fade is in progress. */
  get isFading(): boolean {
    return this.fadeDuration >= 0;
  }

  /** The weight the mixer applies now: `weight × fade`, 0 when not scheduled or disabled. */
  getEffectiveWeight(): number {
    return this.scheduled && this.enabled ? this._weight * this.fade : 0;
  }

  /**
   * Ramps the fade factor from 0 to 1 over `duration` seconds of mixer time. Returns `this`.
   *
   * @param duration - Seconds (≥ 0; 0 = at once).
   */
  fadeIn(duration: number): this {
    return this.scheduleFade(duration, 0, 1);
  }

  /**
   * Ramps the fade factor from its current value to 0 over `duration` seconds of mixer time; when it reaches 0 the
   * action is disabled (`enabled = false`, fade back to 1, so a later {@link MotionAction.play} plays at full
   * weight). Returns `this`.
   *
   * @param duration - Seconds (≥ 0).
   */
  fadeOut(duration: number): this {
    return this.scheduleFade(duration, this.fade, 0);
  }

  /**
   * Cross-fades from this action to `other` over `duration` seconds: this one fades out while `other` is played
   * (if it was not) and fades in; the two fade factors sum to 1 throughout (if this action is itself mid-fade at
   * factor f, it fades from f and `other` from 1 − f). Returns `this`.
   *
   * @example
   * ```ts
   * idle.play();
   * // later: switch to talking over 0.3 s
   * idle.crossFadeTo(talk.reset(), 0.3);
   * ```
   */
  crossFadeTo(other: MotionAction, duration: number): this {
    if (other === this) return this;
    if (other.mixer !== this.mixer) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument, 'PortraitRig: crossFadeTo needs an action of the same mixer');
    }
    const from = this.currentFade();
    this.scheduleFade(duration, from, 0);
    other.scheduleFade(duration, 1 - from, 1);
    if (!other.scheduled || !other.enabled || other.paused) other.play();
    return this;
  }

  /** Cross-fades from `other` to this action (see {@link MotionAction.crossFadeTo}). Returns `this`. */
  crossFadeFrom(other: MotionAction, duration: number): this {
    other.crossFadeTo(this, duration);
    return this;
  }

  /** Cancels a running fade and sets the fade factor back to 1. Returns `this`. */
  stopFading(): this {
    this.fadeDuration = -1;
    this.fade = 1;
    return this;
  }

  private currentFade(): number {
    return this.scheduled && this.enabled ? this.fade : 0;
  }

  private scheduleFade(duration: number, from: number, to: number): this {
    check(duration, 'fade duration (seconds)', 0);
    this.fadeFrom = from;
    this.fadeTo = to;
    this.fadeStart = this.mixer.time;
    this.fadeDuration = duration;
    this.fade = from;
    if (duration === 0) this.finishFade();
    return this;
  }

  private finishFade(): void {
    this.fadeDuration = -1;
    this.fade = this.fadeTo;
    if (this.fadeTo === 0) {
      this.enabled = false;
      this.fade = 1;
    }
  }

  /**
   * @internal Called by the mixer once per update (after it advanced `mixer.time` by `mixer._delta`): advances
   * fades, then the action's own time, and stores the effective weight. Numbers travel in fields, not arguments:
   * V8 boxes fractional numbers passed to functions it does not inline.
   */
  _update(): void {
    if (!this.scheduled || !this.enabled) {
      this._effectiveWeight = 0;
      return;
    }
    if (this.fadeDuration >= 0) {
      const progress = this.fadeDuration > 0 ? (this.mixer.time - this.fadeStart) / this.fadeDuration : 1;
      if (progress >= 1) this.finishFade();
      else this.fade = this.fadeFrom + (this.fadeTo - this.fadeFrom) * (progress > 0 ? progress : 0);
      if (!this.enabled) {
        this._effectiveWeight = 0;
        return;
      }
    }
    this._advance();
    this._effectiveWeight = this.enabled ? this._weight * this.fade : 0;
  }

  /** @internal Rewinds the action's time (and source) for `mixer.setTime`, keeping its play state and fades. */
  _rewindTime(): void {
    this._rewind();
  }

  /** @internal Installs the slots computed by the mixer's binding. */
  _setSlots(source: Int32Array, channel: Int32Array): void {
    this._slotSource = source;
    this._slotChannel = channel;
    this._slotValue = new Float64Array(source.length);
  }

  /** @internal Applies shared options. */
  _applyOptions(options: MotionActionOptions): void {
    if (options.weight !== undefined) this.weight = options.weight;
    if (options.timeScale !== undefined) this.timeScale = options.timeScale;
    if (options.layer !== undefined) this.layer = options.layer;
    if (options.blendMode !== undefined) this.blendMode = options.blendMode;
    if (options.mask !== undefined) this.mask = options.mask;
  }

  /**
   * @internal Advances the action's own time by this update's step: `mixer._delta × _timeScale`, 0 when paused
   * (may be negative).
   */
  abstract _advance(): void;

  /** @internal Writes the current value of every bound slot into `_slotValue`. */
  abstract _evaluate(): void;

  /** @internal Back to time 0 (loops, ping-pong direction, source state). */
  protected abstract _rewind(): void;
}
