import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { ChannelGroup } from '../../rig/channels.js';
import type { RigCalibration } from '../../rig/RigCalibration.js';
import { TransferMode } from './TransferMode.js';

/** Options of {@link MotionTransfer}. */
export interface MotionTransferOptions {
  /** `'relative'` (default) or `'absolute'`; see {@link TransferMode}. */
  readonly mode?: TransferMode;
  /**
   * Transfer only the directions of one group (`'pose'`: head turn, nod, tilt; `'expression'`: mouth, eyes, brows,
   * gaze and the free directions unless the manifest says otherwise), from the manifest's channel groups
   * (`RigCalibration.directionMask`). Default: all directions.
   */
  readonly only?: ChannelGroup;
  /**
   * The coefficients the absolute mode replaces: the source's `α_src` (`animator.sourceAlpha`). Required for
   * `'absolute'` when the result goes to an animator; leave it out (zeros) to record the driving face's own values.
   */
  readonly sourceAlpha?: Float32Array;
}

/**
 * Turns measured driving coefficients `α_t` into the *motion* a `PortraitAnimator` adds to its source
 * (`renderFrame(motion)` renders `α_src + edit + motion`), implementing both transfer modes and the group mask `m`
 * (1 on the transferred directions, 0 elsewhere):
 *
 * ```
 * relative:  motion = m ⊙ (α_t − α_start)   →  α = α_src + edit + m ⊙ (α_t − α_start)
 * absolute:  motion = m ⊙ (α_t − α_src)     →  α = α_src + edit + m ⊙ (α_t − α_src)   (= α_t + edit where m = 1)
 * ```
 *
 * Masked-out directions get exactly 0, so with `only: 'pose'` every expression coefficient of the rendered α is the
 * source's own (plus the edit), bit for bit; and `α_t = α_start` gives exactly zero motion. `α_start` is the first
 * `α_t` seen after construction or {@link MotionTransfer.reset} unless set with {@link MotionTransfer.setStart}.
 *
 * @example
 * ```ts
 * const transfer = new MotionTransfer(animator.calibration, { only: 'pose' });
 * const motion = new Float32Array(animator.motionDim);
 * for (const alpha of drivingAlphas) frames.push(await animator.renderFrame(transfer.motion(alpha, motion)));
 * ```
 */
export class MotionTransfer {
  /** Length of α. */
  readonly motionDim: number;
  /** The transfer mode. */
  readonly mode: TransferMode;
  /** The transferred group, or `undefined` for all directions. */
  readonly only: ChannelGroup | undefined;
  /** `m`: 1 on the transferred directions, 0 elsewhere (read-only). */
  readonly mask: Float32Array;
  readonly #reference: Float32Array;
  #hasReference: boolean;

  /**
   * @param calibration - the model's channel map (its direction groups give the mask).
   * @param options - mode, group, the source's α.
   * @throws PortraitRigError `INVALID_ARGUMENT` for an unknown mode or group, or a `sourceAlpha` of the wrong length.
   */
  constructor(calibration: RigCalibration, options: MotionTransferOptions = {}) {
    this.motionDim = calibration.motionDim;
    this.mode = options.mode ?? TransferMode.Relative;
    if (this.mode !== TransferMode.Relative && this.mode !== TransferMode.Absolute) {
      throw new PortraitRigError('INVALID_ARGUMENT', `MotionTransfer: mode ${JSON.stringify(this.mode)} must be "relative" or "absolute".`);
    }
    this.only = options.only;
    if (this.only !== undefined && this.only !== 'pose' && this.only !== 'expression') {
      throw new PortraitRigError('INVALID_ARGUMENT', `MotionTransfer: only ${JSON.stringify(this.only)} must be "pose" or "expression" (or left out for all).`);
    }
    this.mask = this.only === undefined ? new Float32Array(this.motionDim).fill(1) : calibration.directionMask(this.only);
    this.#reference = new Float32Array(this.motionDim);
    this.#hasReference = false;
    if (this.mode === TransferMode.Absolute) {
      if (options.sourceAlpha) this.#checkLength(options.sourceAlpha, 'sourceAlpha');
      if (options.sourceAlpha) this.#reference.set(options.sourceAlpha);
      this.#hasReference = true;
    }
  }

  /** `α_start` (relative) or `α_src` (absolute) in use (a copy), or `undefined` before the first frame (relative). */
  get reference(): Float32Array | undefined {
    return this.#hasReference ? this.#reference.slice() : undefined;
  }

  /**
   * Sets `α_start` explicitly (relative mode), e.g. a neutral frame chosen by the user.
   * @throws PortraitRigError `INVALID_ARGUMENT` in absolute mode or for a wrong length.
   */
  setStart(alpha: Float32Array): void {
    if (this.mode !== TransferMode.Relative) throw new PortraitRigError('INVALID_ARGUMENT', 'MotionTransfer.setStart: only the relative mode has a start frame.');
    this.#checkLength(alpha, 'start α');
    this.#reference.set(alpha);
    this.#hasReference = true;
  }

  /** Relative mode: forgets `α_start`, so the next frame becomes the new start ("recenter"). No effect in absolute mode. */
  reset(): void {
    if (this.mode === TransferMode.Relative) this.#hasReference = false;
  }

  /**
   * The motion for one driving frame (see the class description).
   *
   * @param alpha - `α_t`, the driving frame's coefficients.
   * @param out - receives the motion (length `motionDim`); a new array when omitted.
   * @returns `out`, or the new array.
   */
  motion(alpha: Float32Array, out: Float32Array = new Float32Array(this.motionDim)): Float32Array {
    this.#checkLength(alpha, 'α');
    this.#checkLength(out, 'out');
    if (!this.#hasReference) {
      this.#reference.set(alpha);
      this.#hasReference = true;
    }
    const mask = this.mask;
    const reference = this.#reference;
    for (let i = 0; i < this.motionDim; i += 1) out[i] = mask[i] === 0 ? 0 : mask[i]! * (alpha[i]! - reference[i]!);
    return out;
  }

  #checkLength(alpha: Float32Array, what: string): void {
    if (!(alpha instanceof Float32Array) || alpha.length !== this.motionDim) {
      throw new PortraitRigError('INVALID_ARGUMENT', `MotionTransfer: ${what} must be a Float32Array of motionDim = ${this.motionDim} values.`);
    }
  }
}
