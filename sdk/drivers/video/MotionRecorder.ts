import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { JsonValue } from '../../motion/ClipMarker.js';
import { channelNameProblem } from '../../rig/channelNameProblem.js';
import { KeyframeTrack } from '../../motion/KeyframeTrack.js';
import { MotionClip } from '../../motion/MotionClip.js';
import type { AlphaSolver } from '../../rig/AlphaSolver.js';
import type { ChannelUnit } from '../../rig/channels.js';
import type { RigCalibration } from '../../rig/RigCalibration.js';
import { DEFAULT_CAPTURE_TOLERANCE, type CaptureTolerance } from './CaptureTolerance.js';
import { selectCaptureChannels } from './selectCaptureChannels.js';
import { thinKeyframes } from './thinKeyframes.js';

/** Options of {@link MotionRecorder}. */
export interface MotionRecorderOptions {
  /** Named channels to express the motion in; default {@link selectCaptureChannels}. */
  readonly channels?: readonly string[];
  /** Thinning tolerance per unit (partial: the rest keep {@link DEFAULT_CAPTURE_TOLERANCE}); all zeros keeps every frame. */
  readonly tolerance?: Partial<CaptureTolerance>;
}

/** Options of {@link MotionRecorder.toClip}. */
export interface RecordedClipOptions {
  /** Clip name; default `'capture'`. */
  readonly name?: string;
  /** Clip length in seconds; default the last frame's time plus one average frame interval. */
  readonly duration?: number;
  /** Free-form metadata stored in the clip file (source video, model, mode …). */
  readonly meta?: { readonly [key: string]: JsonValue };
}

const DECIMALS = 1e5;

/**
 * Records captured motion and turns it into an editable clip: each frame's motion `α` is expressed as channel values
 * by the model's inverse map (`AlphaSolver`, least squares within the channels' ranges), in the channels' own units
 * (degrees, amounts) where the manifest names them and as `dict.<i>` coefficients where it does not. `dict.<i>` also
 * carries, per direction, what the named channels cannot express (e.g. a relative mouth movement below the channel's
 * range), so the clip reproduces the captured α — up to the thinning tolerance — when played on a source.
 *
 * {@link MotionRecorder.toClip} thins every track to linear keyframes with {@link thinKeyframes} (per-unit
 * tolerance) and leaves out tracks that never leave their neutral value by more than the tolerance, so what is left
 * can be keyframed further by hand. Memory: one float per channel per frame (not the video).
 *
 * @example
 * ```ts
 * const recorder = new MotionRecorder(animator.calibration);
 * for await (const frame of captureMotion(model, video)) recorder.add(frame.time, transfer.motion(frame.alpha));
 * const clip = recorder.toClip({ name: 'take-1', duration: video.info.duration });
 * await writeFile('take-1.clip.json', JSON.stringify(clip, null, 2));
 * ```
 */
export class MotionRecorder {
  /** The inverse map in use (`residuals: 'all'`). */
  readonly solver: AlphaSolver;
  /** Tolerance per unit. */
  readonly tolerance: CaptureTolerance;
  readonly #calibration: RigCalibration;
  readonly #units: readonly ChannelUnit[];
  readonly #neutral: readonly number[];
  readonly #values: Float32Array;
  #times = new Float64Array(256);
  #columns: Float32Array[];
  #count = 0;

  /**
   * @param calibration - the model's channel map.
   * @param options - channels and tolerance.
   * @throws PortraitRigError `UNKNOWN_CHANNEL` for a channel the model does not name, `INVALID_ARGUMENT` for a
   *   negative tolerance or a channel name clip files reject.
   */
  constructor(calibration: RigCalibration, options: MotionRecorderOptions = {}) {
    this.#calibration = calibration;
    for (const name of options.channels ?? []) {
      const problem = channelNameProblem(name);
      if (problem !== undefined) {
        throw new PortraitRigError('INVALID_ARGUMENT', `MotionRecorder: a clip cannot hold channel "${name}" (${problem}); leave it out: its directions are then recorded as dict.<i>.`);
      }
    }
    this.solver = calibration.createSolver({ channels: options.channels ?? selectCaptureChannels(calibration), residuals: 'all' });
    const tolerance = { ...DEFAULT_CAPTURE_TOLERANCE, ...options.tolerance };
    for (const [unit, value] of Object.entries(tolerance)) {
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new PortraitRigError('INVALID_ARGUMENT', `MotionRecorder: tolerance for ${unit} must be a finite number ≥ 0 (got ${value}).`);
      }
    }
    this.tolerance = Object.freeze(tolerance);
    const channels = calibration.manifest.channels;
    this.#units = this.solver.channels.map((name) => channels[name]?.unit ?? 'coefficient');
    this.#neutral = this.solver.channels.map((name) => channels[name]?.neutral ?? 0);
    this.#values = new Float32Array(this.solver.channels.length);
    this.#columns = this.solver.channels.map(() => new Float32Array(256));
  }

  /** Frames recorded so far. */
  get frameCount(): number {
    return this.#count;
  }

  /** The channels of the clip (named channels, then `dict.<i>`), before thinning drops the flat ones. */
  get channels(): readonly string[] {
    return this.solver.channels;
  }

  /**
   * Records one frame.
   *
   * @param time - seconds from the start of the take; strictly increasing.
   * @param motion - the motion α to reproduce (what `calibration.toAlpha` of the frame's channel values should
   *   give): e.g. `MotionTransfer.motion(α_t)`, `α_t − α_start` for relative capture.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a time that does not increase or a wrong length.
   */
  add(time: number, motion: Float32Array): void {
    if (!Number.isFinite(time) || (this.#count > 0 && !(time > this.#times[this.#count - 1]!))) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `MotionRecorder.add: frame times must be finite and increase (got ${time} s after ${this.#count > 0 ? this.#times[this.#count - 1] : '-'} s).`);
    }
    this.solver.solve(motion, this.#values);
    if (this.#count === this.#times.length) {
      const grow = <T extends Float32Array | Float64Array>(old: T, make: (n: number) => T): T => { const next = make(old.length * 2); next.set(old); return next; };
      this.#times = grow(this.#times, (n) => new Float64Array(n));
      this.#columns = this.#columns.map((column) => grow(column, (n) => new Float32Array(n)));
    }
    this.#times[this.#count] = time;
    for (let c = 0; c < this.#columns.length; c += 1) this.#columns[c]![this.#count] = this.#values[c]!;
    this.#count += 1;
  }

  /** Forgets every recorded frame. */
  clear(): void {
    this.#count = 0;
  }

  /**
   * The recorded motion as a clip: one linear track per channel that moves, thinned to the tolerance, times in
   * seconds relative to the first frame, loop mode `once`.
   *
   * @throws PortraitRigError `INVALID_STATE` when nothing was recorded.
   */
  toClip(options: RecordedClipOptions = {}): MotionClip {
    const n = this.#count;
    if (n === 0) throw new PortraitRigError('INVALID_STATE', 'MotionRecorder.toClip: no frames were recorded.');
    const start = this.#times[0]!;
    const times = Float64Array.from(this.#times.subarray(0, n), (t) => t - start);
    const last = times[n - 1]!;
    const duration = options.duration ?? (n > 1 ? last + last / (n - 1) : 1);
    if (!(duration > last)) {
      throw new PortraitRigError('INVALID_ARGUMENT', `MotionRecorder.toClip: duration ${duration} s must be longer than the last frame's time ${last} s.`);
    }
    const tracks: KeyframeTrack[] = [];
    this.solver.channels.forEach((name, c) => {
      const column = this.#columns[c]!.subarray(0, n);
      const tolerance = this.tolerance[this.#units[c]!];
      const neutral = this.#neutral[c]!;
      let moves = false;
      for (let i = 0; i < n; i += 1) if (Math.abs(column[i]! - neutral) > tolerance) { moves = true; break; }
      if (!moves) return;
      const keep = thinKeyframes(times, column, tolerance);
      tracks.push(new KeyframeTrack(name, keep.map((i) => times[i]!), keep.map((i) => Math.round(column[i]! * DECIMALS) / DECIMALS),
        { interpolation: 'linear' }));
    });
    return new MotionClip({
      name: options.name ?? 'capture', duration, loop: 'once', tracks,
      meta: { tool: 'portrait-rig capture', model: this.#calibration.manifest.id, frames: n, tolerance: { ...this.tolerance }, ...options.meta },
    });
  }
}
