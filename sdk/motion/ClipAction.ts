import type { ChannelName } from '../rig/channels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { isLoopMode, LoopMode } from './LoopMode.js';
import { MotionAction, type MotionActionOptions } from './MotionAction.js';
import type { MotionClip } from './MotionClip.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import type { MotionMixer } from './MotionMixer.js';
import type { TrackInterpolant } from './TrackInterpolant.js';

/** Options of {@link MotionMixer.clipAction}. */
export interface ClipActionOptions extends MotionActionOptions {
  /** Loop mode (default: the clip's). */
  loop?: LoopMode;
  /** How many times the clip plays (loops or ping-pong legs) before finishing; default `Infinity`. */
  repetitions?: number;
  /**
   * When a `once` clip (or the last repetition) ends: `true` holds the last frame (the action pauses and keeps
   * contributing), `false` (default, as in three.js) disables the action so it stops contributing.
   */
  clampWhenFinished?: boolean;
}

/** A wrap budget per update: beyond it, whole loops are skipped without firing their markers. */
const MAX_WRAPS_PER_UPDATE = 1000;

/**
 * Plays a {@link MotionClip} in a {@link MotionMixer}: local time in seconds, loop mode, repetitions, markers.
 * Created by {@link MotionMixer.clipAction}.
 *
 * Markers fire (as `marker` events on the mixer) when the playhead crosses them: each update covers the half-open
 * span from the previous time to the new one, so a marker fires exactly once per pass, including the passes across
 * a loop wrap (end, then start) and a ping-pong turn, and a marker at the very end fires when a `once` clip ends.
 * Seeking ({@link ClipAction.time}) fires nothing.
 *
 * @example
 * ```ts
 * const wave = mixer.clipAction(waveClip, { loop: 'ping-pong', repetitions: 4, mask: 'pose' });
 * wave.play();
 * wave.time = 0.5;     // seek to 0.5 s
 * wave.timeScale = 2;  // double speed
 * ```
 */
export class ClipAction extends MotionAction {
  /** The clip played. */
  readonly clip: MotionClip;
  /** Whether a finished action holds its last frame (see {@link ClipActionOptions.clampWhenFinished}). */
  clampWhenFinished = false;
  private _loop: LoopMode;
  private _repetitions = Infinity;
  private _time = 0;
  private _loopCount = 0;
  private pingPongDirection: 1 | -1 = 1;
  private includeStart = true;
  private finished = false;
  /** Incremented by seeks and rewinds, so an advance notices a listener that moved the playhead. */
  private epoch = 0;
  private passFrom = 0;
  private passTo = 0;
  private remaining = 0;
  private interpolants: TrackInterpolant[] = [];

  /** @internal Use `mixer.clipAction(clip)`. */
  constructor(mixer: MotionMixer, clip: MotionClip, order: number) {
    super(mixer, order);
    this.clip = clip;
    this._loop = clip.loop;
  }

  /** The clip's channels, in track order. */
  get channels(): readonly ChannelName[] {
    return this.clip.channels;
  }

  /** Local time in seconds, `0 … clip.duration`. Setting it seeks (scrubs) without firing markers. */
  get time(): number {
    return this._time;
  }

  /** Seeks to `seconds` (see {@link ClipAction.seek}). */
  set time(seconds: number) {
    this.seek(seconds);
  }

  /**
   * Seeks to `seconds` (clamped to `0 … clip.duration`) without firing markers; the next update fires markers from
   * there. Returns `this`.
   */
  seek(seconds: number): this {
    if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument, `PortraitRig: clip "${this.clip.name}": seek time must be a number of seconds`);
    }
    this._time = Math.min(Math.max(seconds, 0), this.clip.duration);
    this.includeStart = true;
    this.finished = false;
    this.epoch++;
    return this;
  }

  /** Loop mode. */
  get loop(): LoopMode {
    return this._loop;
  }

  /** Sets the loop mode (takes effect at the next boundary). */
  set loop(mode: LoopMode) {
    if (!isLoopMode(mode)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        `PortraitRig: loop mode ${JSON.stringify(mode)} is not one of "once", "loop", "ping-pong"`);
    }
    this._loop = mode;
  }

  /** Plays (loops or ping-pong legs) before finishing, ≥ 1 (`Infinity` = forever). */
  get repetitions(): number {
    return this._repetitions;
  }

  /** Sets how many plays before finishing (integer ≥ 1 or `Infinity`). */
  set repetitions(count: number) {
    if (!(count >= 1) || (!Number.isInteger(count) && count !== Infinity)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        `PortraitRig: repetitions must be an integer ≥ 1 or Infinity (got ${String(count)})`);
    }
    this._repetitions = count;
  }

  /** Loops (or ping-pong legs) completed since the last reset. */
  get loopCount(): number {
    return this._loopCount;
  }

  /** True once the action reached its end (see {@link ClipActionOptions.clampWhenFinished}). */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Sets loop mode and repetitions together (three.js `setLoop`). Returns `this`. */
  setLoop(mode: LoopMode, repetitions = Infinity): this {
    this.loop = mode;
    this.repetitions = repetitions;
    return this;
  }

  /** Plays; a finished action starts over from the beginning. Returns `this`. */
  override play(): this {
    if (this.finished) this.reset();
    return super.play();
  }

  /** @internal */
  _applyClipOptions(options: ClipActionOptions): void {
    this._applyOptions(options);
    if (options.loop !== undefined) this.loop = options.loop;
    if (options.repetitions !== undefined) this.repetitions = options.repetitions;
    if (options.clampWhenFinished !== undefined) this.clampWhenFinished = options.clampWhenFinished;
  }

  /** @internal */
  override _setSlots(source: Int32Array, channel: Int32Array): void {
    super._setSlots(source, channel);
    this.interpolants = Array.from(source, (track) => this.clip.tracks[track]!.createInterpolant());
  }

  /** @internal */
  _evaluate(): void {
    const values = this._slotValue;
    const interpolants = this.interpolants;
    const time = this._time;
    for (let s = 0; s < values.length; s++) {
      const interpolant = interpolants[s]!;
      const result = interpolant.result;
      result[0] = time;
      interpolant.evaluateInPlace();
      values[s] = result[0]!;
    }
  }

  /** @internal */
  protected _rewind(): void {
    this._time = 0;
    this._loopCount = 0;
    this.pingPongDirection = 1;
    this.includeStart = true;
    this.finished = false;
    this.epoch++;
  }

  /**
   * @internal Advances by this update's step of clip time (negative = backwards), firing markers, loops, finish.
   * The common case (no boundary crossed) is straight-line code; crossing the end or the start goes to
   * `advanceAcrossBoundaries`. Keeping the loop out of the hot path lets V8 keep the times unboxed (a loop whose
   * rarely-taken branch merges other values makes it box every frame).
   */
  _advance(): void {
    const delta = this.paused ? 0 : this.mixer._delta * this._timeScale;
    if (delta === 0 || this.finished || !Number.isFinite(delta)) return;
    const time = this._time;
    let direction: 1 | -1 = delta > 0 ? 1 : -1;
    if (this._loop === LoopMode.PingPong) direction = (direction * this.pingPongDirection) as 1 | -1;
    const remaining = delta > 0 ? delta : -delta;
    const distance = direction > 0 ? this.clip.duration - time : time;
    if (remaining < distance) {
      const next = time + direction * remaining;
      this.passFrom = time;
      this.passTo = next;
      const epoch = this.epoch;
      this.firePass(this.includeStart, false, direction, epoch);
      if (this.epoch !== epoch) return; // a listener seeked, reset or stopped the action
      this._time = next;
      this.includeStart = true;
      return;
    }
    this.remaining = remaining;
    this.advanceAcrossBoundaries(direction);
  }

  /**
   * Moves `remaining` seconds from `_time` in `direction`, crossing the end or the start at least once. Times stay
   * in fields rather than loop variables, which V8 would box at every pass.
   */
  private advanceAcrossBoundaries(direction: 1 | -1): void {
    const duration = this.clip.duration;
    const loop = this._loop;
    let includeStart = this.includeStart;
    let wraps = 0;
    const epoch = this.epoch;
    while (this.remaining > 0) {
      const distance = direction > 0 ? duration - this._time : this._time;
      if (this.remaining < distance) {
        this.passFrom = this._time;
        this.passTo = this._time + direction * this.remaining;
        this.firePass(includeStart, false, direction, epoch);
        if (this.epoch !== epoch) return;
        this._time = this.passTo;
        includeStart = true;
        break;
      }
      this.passFrom = this._time;
      this.passTo = direction > 0 ? duration : 0;
      this.firePass(includeStart, true, direction, epoch);
      if (this.epoch !== epoch) return;
      this.remaining -= distance;
      this._time = this.passTo;
      if (loop === LoopMode.Once || this._loopCount + 1 >= this._repetitions) {
        this.finish(direction);
        return;
      }
      this._loopCount++;
      if (loop === LoopMode.Loop) {
        this._time = direction > 0 ? 0 : duration;
        includeStart = true;
      } else {
        direction = (-direction) as 1 | -1;
        this.pingPongDirection = (-this.pingPongDirection) as 1 | -1;
        includeStart = false;
      }
      this.mixer._dispatchLoop(this, this._loopCount);
      if (this.epoch !== epoch) return;
      if (++wraps >= MAX_WRAPS_PER_UPDATE && this._repetitions === Infinity) {
        // A huge step (a backgrounded tab): skip whole cycles without markers, keep the phase exact.
        const cycle = loop === LoopMode.Loop ? duration : 2 * duration;
        const skipped = Math.floor(this.remaining / cycle);
        this.remaining -= skipped * cycle;
        this._loopCount += loop === LoopMode.Loop ? skipped : 2 * skipped;
      }
    }
    this.includeStart = includeStart;
  }

  private finish(direction: 1 | -1): void {
    this.finished = true;
    this.includeStart = true;
    if (this.clampWhenFinished) this.paused = true;
    else this.enabled = false;
    this.mixer._dispatchFinished(this, direction);
  }

  /**
   * Fires the markers in the pass from `passFrom` to `passTo` (either order) in playback order. The bounds travel
   * in fields: V8 boxes fractional numbers passed to functions it does not inline.
   */
  private firePass(includeFrom: boolean, includeTo: boolean, direction: 1 | -1, epoch: number): void {
    const markers = this.clip.markersByTime;
    if (markers.length === 0 || !this.mixer._hasMarkerListeners()) return;
    const from = this.passFrom;
    const to = this.passTo;
    if (direction > 0) {
      for (let i = 0; i < markers.length; i++) {
        const marker = markers[i]!;
        const t = marker.time;
        if (t < from || (t === from && !includeFrom)) continue;
        if (t > to || (t === to && !includeTo)) break;
        this.mixer._dispatchMarker(this, marker, 1);
        if (this.epoch !== epoch) return;
      }
    } else {
      for (let i = markers.length - 1; i >= 0; i--) {
        const marker = markers[i]!;
        const t = marker.time;
        if (t > from || (t === from && !includeFrom)) continue;
        if (t < to || (t === to && !includeTo)) break;
        this.mixer._dispatchMarker(this, marker, -1);
        if (this.epoch !== epoch) return;
      }
    }
  }
}
