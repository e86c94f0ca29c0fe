import type { ChannelName } from '../../rig/channels.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { MotionErrorCode } from '../MotionErrorCode.js';
import type { MotionSource } from '../MotionSource.js';
import { dampSpring, SPRING_STRIDE } from './dampSpring.js';
import { LookAtRangeMap } from './LookAtRangeMap.js';

/** Options of a {@link LookAtBehavior}; angles in degrees, times in seconds. */
export interface LookAtBehaviorOptions {
  /** Head yaw limits `[min, max]` in degrees (default `[-30, 30]`). */
  headYawRange?: readonly [number, number];
  /** Head pitch limits `[min, max]` in degrees (default `[-20, 20]`). */
  headPitchRange?: readonly [number, number];
  /** Share (0..1) of the look angle beyond the dead zone that the head turns; the eyes cover the rest (default 0.6). */
  headFraction?: number;
  /** Angle in degrees within which only the eyes move (default 5). */
  deadZone?: number;
  /** Head smoothing time in seconds (critically damped; default 0.35). */
  headSmoothTime?: number;
  /** Eye smoothing time in seconds (default 0.06: eyes lead, the head follows). */
  eyeSmoothTime?: number;
  /** Also drive `gaze.x`/`gaze.y` (default true). */
  gaze?: boolean;
  /** Eye yaw (degrees) → `gaze.x` (default: saturates at 30° with output 1). */
  rangeMapHorizontal?: LookAtRangeMap;
  /** Upward eye pitch (degrees) → `gaze.y` (default: saturates at 20° with output 1). */
  rangeMapVerticalUp?: LookAtRangeMap;
  /** Downward eye pitch (degrees) → −`gaze.y` (default: saturates at 20° with output 1). */
  rangeMapVerticalDown?: LookAtRangeMap;
}

const RAD_TO_DEG = 180 / Math.PI;
/** Spring state layout in `springs` (see dampSpring): value, velocity, target, smoothTime, step per spring. */
const STRIDE = SPRING_STRIDE;
const TARGET = 2;
const SMOOTH = 3;
const STEP = 4;
const HEAD_YAW = 0;
const HEAD_PITCH = STRIDE;
const EYE_YAW = 2 * STRIDE;
const EYE_PITCH = 3 * STRIDE;

/**
 * Look-at solver as a {@link MotionSource} (use it additively): turns a target direction or yaw/pitch angles into
 * `head.yaw`, `head.pitch` (degrees) and, optionally, `gaze.x`, `gaze.y` (amount −1..1).
 *
 * Per update, for each axis: the head aims at `headFraction · deadband(angle, deadZone)` clamped to its range (small
 * looks move the eyes only); the head follows with a critically damped spring (`headSmoothTime`); the eyes cover what
 * the head does not (`angle − head`), with their own faster spring, mapped to gaze values by range maps (three-vrm
 * style). Without a target it looks straight ahead. Deterministic for a sequence of steps.
 *
 * Directions are in the avatar's frame: +x toward the avatar's left (the viewer's right), +y up, +z out of the
 * portrait toward the viewer. Positive yaw turns toward the avatar's left and positive pitch lifts the chin, as for
 * the `head.*` channels.
 *
 * @example
 * ```ts
 * const look = new LookAtBehavior({ deadZone: 4 });
 * mixer.sourceAction(look, { blendMode: 'additive', layer: 2 }).play();
 * look.setTargetAngles(25, -5); // look 25° to the avatar's left, 5° down
 * look.setTargetDirection(0.3, 0.1, 1); // or a direction vector
 * ```
 */
export class LookAtBehavior implements MotionSource {
  /** `['head.yaw', 'head.pitch']`, plus `'gaze.x', 'gaze.y'` when gaze is on. */
  readonly channels: readonly ChannelName[];
  /** Head yaw limits in degrees. */
  headYawRange: readonly [number, number];
  /** Head pitch limits in degrees. */
  headPitchRange: readonly [number, number];
  /** Share of the look angle (beyond the dead zone) the head turns, 0..1. */
  headFraction: number;
  /** Dead zone in degrees. */
  deadZone: number;
  /** Eye yaw → `gaze.x`. */
  rangeMapHorizontal: LookAtRangeMap;
  /** Upward eye pitch → `gaze.y`. */
  rangeMapVerticalUp: LookAtRangeMap;
  /** Downward eye pitch → −`gaze.y`. */
  rangeMapVerticalDown: LookAtRangeMap;
  /** Head smoothing time in seconds. */
  headSmoothTime: number;
  /** Eye smoothing time in seconds. */
  eyeSmoothTime: number;
  /** Spring states (see dampSpring) for head yaw, head pitch, eye yaw, eye pitch. */
  private readonly springs = new Float64Array(4 * STRIDE);
  private targetYaw = 0;
  private targetPitch = 0;
  private hasTarget = false;

  /** @param options - Limits, dead zone, smoothing, gaze range maps. */
  constructor(options: LookAtBehaviorOptions = {}) {
    const gaze = options.gaze ?? true;
    this.channels = Object.freeze(gaze ? ['head.yaw', 'head.pitch', 'gaze.x', 'gaze.y'] : ['head.yaw', 'head.pitch']);
    this.headYawRange = options.headYawRange ?? [-30, 30];
    this.headPitchRange = options.headPitchRange ?? [-20, 20];
    this.headFraction = options.headFraction ?? 0.6;
    this.deadZone = options.deadZone ?? 5;
    this.rangeMapHorizontal = options.rangeMapHorizontal ?? new LookAtRangeMap(30, 1);
    this.rangeMapVerticalUp = options.rangeMapVerticalUp ?? new LookAtRangeMap(20, 1);
    this.rangeMapVerticalDown = options.rangeMapVerticalDown ?? new LookAtRangeMap(20, 1);
    const ranges = [...this.headYawRange, ...this.headPitchRange];
    if (!ranges.every(Number.isFinite) || this.headYawRange[0] > this.headYawRange[1] || this.headPitchRange[0] > this.headPitchRange[1]
      || !(this.headFraction >= 0 && this.headFraction <= 1) || !(this.deadZone >= 0) || !Number.isFinite(this.deadZone)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument,
        'PortraitRig: LookAtBehavior: ranges must be finite [min, max] in degrees, headFraction in 0..1, deadZone ≥ 0 degrees');
    }
    this.headSmoothTime = options.headSmoothTime ?? 0.35;
    this.eyeSmoothTime = options.eyeSmoothTime ?? 0.06;
    if (!(this.headSmoothTime >= 0 && this.eyeSmoothTime >= 0) || !Number.isFinite(this.headSmoothTime + this.eyeSmoothTime)) {
      throw new PortraitRigError(MotionErrorCode.InvalidArgument, 'PortraitRig: LookAtBehavior: smoothing times must be finite seconds ≥ 0');
    }
  }

  /** Target yaw in degrees (0 without a target). */
  get yaw(): number {
    return this.hasTarget ? this.targetYaw : 0;
  }

  /** Target pitch in degrees (0 without a target). */
  get pitch(): number {
    return this.hasTarget ? this.targetPitch : 0;
  }

  /**
   * Looks at angles: `yaw` degrees toward the avatar's left (negative: right), `pitch` degrees up (negative: down).
   */
  setTargetAngles(yaw: number, pitch: number): void {
    if (!Number.isFinite(yaw) || !Number.isFinite(pitch)) {
      throw new PortraitRigError(MotionErrorCode.NonFinite, `PortraitRig: LookAtBehavior: target angles must be finite degrees (got ${yaw}, ${pitch})`);
    }
    this.targetYaw = yaw;
    this.targetPitch = pitch;
    this.hasTarget = true;
  }

  /**
   * Looks along a direction in the avatar's frame (+x avatar's left, +y up, +z toward the viewer); the length does
   * not matter. A zero vector clears the target.
   */
  setTargetDirection(x: number, y: number, z: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new PortraitRigError(MotionErrorCode.NonFinite, `PortraitRig: LookAtBehavior: direction must be finite (got ${x}, ${y}, ${z})`);
    }
    if (x === 0 && y === 0 && z === 0) {
      this.clearTarget();
      return;
    }
    this.setTargetAngles(Math.atan2(x, z) * RAD_TO_DEG, Math.atan2(y, Math.hypot(x, z)) * RAD_TO_DEG);
  }

  /** Looks straight ahead again (smoothly). */
  clearTarget(): void {
    this.hasTarget = false;
  }

  /** {@inheritDoc MotionSource.update} */
  update(deltaSeconds: number, out: Float64Array): void {
    // Written inline, springs as numbers in a Float64Array: V8 boxes fractional numbers passed to or returned from
    // calls it does not inline, and this runs every frame.
    const dt = deltaSeconds > 0 ? deltaSeconds : 0;
    const yaw = this.hasTarget ? this.targetYaw : 0;
    const pitch = this.hasTarget ? this.targetPitch : 0;
    const zone = this.deadZone;
    const s = this.springs;
    // Head goals: share of the angle beyond the dead zone, clamped to the limits.
    let goal = this.headFraction * (yaw > zone ? yaw - zone : yaw < -zone ? yaw + zone : 0);
    goal = goal < this.headYawRange[0] ? this.headYawRange[0] : goal > this.headYawRange[1] ? this.headYawRange[1] : goal;
    s[HEAD_YAW + TARGET] = goal;
    goal = this.headFraction * (pitch > zone ? pitch - zone : pitch < -zone ? pitch + zone : 0);
    goal = goal < this.headPitchRange[0] ? this.headPitchRange[0] : goal > this.headPitchRange[1] ? this.headPitchRange[1] : goal;
    s[HEAD_PITCH + TARGET] = goal;
    for (let k = HEAD_YAW; k <= HEAD_PITCH; k += STRIDE) {
      s[k + SMOOTH] = this.headSmoothTime;
      s[k + STEP] = dt;
      dampSpring(s, k);
    }
    // Eyes cover what the head does not (yet).
    s[EYE_YAW + TARGET] = yaw - s[HEAD_YAW]!;
    s[EYE_PITCH + TARGET] = pitch - s[HEAD_PITCH]!;
    for (let k = EYE_YAW; k <= EYE_PITCH; k += STRIDE) {
      s[k + SMOOTH] = this.eyeSmoothTime;
      s[k + STEP] = dt;
      dampSpring(s, k);
    }
    out[0] = s[HEAD_YAW]!;
    out[1] = s[HEAD_PITCH]!;
    if (this.channels.length > 2) {
      const eyeYaw = s[EYE_YAW]!;
      const eyePitch = s[EYE_PITCH]!;
      const h = this.rangeMapHorizontal;
      out[2] = Math.sign(eyeYaw) * Math.min(Math.abs(eyeYaw) / h.inputMaxValue, 1) * h.outputScale;
      const v = eyePitch >= 0 ? this.rangeMapVerticalUp : this.rangeMapVerticalDown;
      out[3] = Math.sign(eyePitch) * Math.min(Math.abs(eyePitch) / v.inputMaxValue, 1) * v.outputScale;
    }
  }

  /** Puts head and eyes back at rest (straight ahead, no velocity); the target is kept (it is input, not state). */
  reset(): void {
    this.springs.fill(0);
  }
}
