import {
  Mesh, MeshBasicMaterial, Object3D, PlaneGeometry, Vector3,
  type Camera, type DataTexture, type Object3DEventMap, type Vector3Like,
} from 'three';
import { FramePacer, type FramePacerStats } from '../../sdk/animator/FramePacer.js';
import { PortraitAnimator, type AnimatorFrame, type PortraitAnimatorOptions } from '../../sdk/animator/PortraitAnimator.js';
import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import type { RgbaImage } from '../../sdk/image/RgbaImage.js';
import { LookAtBehavior, type LookAtBehaviorOptions } from '../../sdk/motion/behaviors/LookAtBehavior.js';
import { MotionMixer } from '../../sdk/motion/MotionMixer.js';
import type { ChannelBinding } from '../../sdk/rig/ChannelBinding.js';
import { RIG_CHANNELS } from '../../sdk/rig/channels.js';
import type { PortraitModel } from '../../sdk/runtime/PortraitModel.js';
import { createPortraitMatte } from './createPortraitMatte.js';
import type { LookAngles } from './LookAngles.js';
import type { PortraitFrameRenderer } from './PortraitFrameRenderer.js';
import type { PortraitMatteOptions } from './PortraitMatteOptions.js';
import { portraitLookAngles } from './portraitLookAngles.js';
import { PortraitTexture } from './PortraitTexture.js';
import { resolveLookChannels, type LookChannels, type ResolveLookChannelsOptions } from './resolveLookChannels.js';

/**
 * Look-at options of an {@link AnimatedPortrait}: the motion engine's `LookAtBehavior` options (head share, dead
 * zone, head ranges in degrees, smoothing times in seconds, gaze range maps) plus where the head is and how raw
 * coefficient channels scale. The head ranges are narrowed to the model's own `head.yaw`/`head.pitch` ranges.
 */
export interface PortraitLookAtOptions extends LookAtBehaviorOptions, ResolveLookChannelsOptions {
  /**
   * The head's position in the portrait's local coordinates (scene units, before the object's scale): the point the
   * look direction starts from. Default `(0, 0.1 · size, 0)`: a little above the picture's centre, where the eyes of
   * a centred portrait crop are.
   */
  readonly headOffset?: Vector3Like;
}

/**
 * View-dependent pose: the face turns with the camera's angle to the picture, so that the flat portrait reads as a
 * head fixed in 3D space. A camera `θ` degrees to the avatar's left sees a real head's left side, i.e. a face turned
 * `θ` toward the avatar's right: the head gets `yaw = −strength · θ` (and `pitch = −strength · φ` for a camera `φ`
 * degrees above), within `maxYaw`/`maxPitch` and the model's ranges. Additive over the clip and the look-at.
 */
export interface ViewDependentOptions {
  /** Share of the camera's angle applied, 0..1 (1 = a head fixed in space); default 1. */
  readonly strength?: number;
  /** Largest yaw in degrees, either way; default 30. */
  readonly maxYaw?: number;
  /** Largest pitch in degrees, either way; default 20. */
  readonly maxPitch?: number;
  /** Smoothing time in seconds (critically damped); default 0.12. */
  readonly smoothTime?: number;
}

/** Options of {@link AnimatedPortrait}. */
export interface AnimatedPortraitOptions {
  /**
   * Renders the frames: a `PortraitAnimator` (inference on this thread), a {@link WorkerAnimator} (inference in a
   * worker) or your own {@link PortraitFrameRenderer}. Must already have its source. Not disposed by the portrait
   * (use {@link AnimatedPortrait.fromModel} for a portrait that owns its animator).
   */
  readonly animator: PortraitFrameRenderer;
  /**
   * A mixer to read the channels from. Default: the portrait creates one (on the model's channels and neutral
   * values) and advances it in {@link AnimatedPortrait.update}. A mixer you pass in is read, never advanced: update
   * it yourself (it may drive several portraits).
   */
  readonly mixer?: MotionMixer;
  /** Side of the square picture in scene units; default 1. */
  readonly size?: number;
  /** A soft alpha vignette around the picture: `true` for the default oval, or its options; default none (opaque). */
  readonly matte?: boolean | PortraitMatteOptions;
  /** Look-at solver options (limits, smoothing, head position). */
  readonly lookAt?: PortraitLookAtOptions;
  /** Turn the face with the camera (`true` or options); default off. Toggle later with `viewDependent`. */
  readonly viewDependent?: boolean | ViewDependentOptions;
  /** Skip inference while no channel moved more than this (channel units) since the last request; default 1e-4. */
  readonly changeThreshold?: number;
  /** Render errors (the portrait keeps going); default `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Channels the mixer animates that the model lacks (once per name); default `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

/** Events of {@link AnimatedPortrait} (three's `addEventListener`). */
export interface AnimatedPortraitEventMap extends Object3DEventMap {
  /** A new frame is in the texture (it uploads on the next render). R3F's adapter calls `invalidate()` here. */
  frame: {
    /** Frames shown so far, this one included. */
    readonly frameCount: number;
  };
}

const IDENTITY_LOOK: LookAngles = Object.freeze({ yaw: 0, pitch: 0 }) as LookAngles;
const scratch = new Vector3();

function isObject3D(target: unknown): target is Object3D {
  return typeof target === 'object' && target !== null && (target as { isObject3D?: boolean }).isObject3D === true;
}

function positive(value: number, what: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new PortraitRigError('INVALID_ARGUMENT', `AnimatedPortrait: ${what} must be a positive finite number (got ${value}).`);
  }
  return value;
}

/**
 * An animated portrait for three.js scenes: a square plane showing the avatar's frames, driven by a motion mixer
 * (clips, procedural behaviours) and a look-at that reacts to the scene in 3D.
 *
 * - **Game loop**: call {@link AnimatedPortrait.update} every frame with the frame's delta in seconds. It mixes the
 *   channels and *requests* a frame from the animator through a `FramePacer`; it never waits. Inference runs
 *   asynchronously (in a worker with a {@link WorkerAnimator}); the newest finished frame is shown, and requests
 *   made while inference is busy are dropped so the avatar never lags behind (see {@link AnimatedPortrait.stats}).
 * - **Look at** a scene object or point: `portrait.lookAt(camera)` turns the *head* (not this object) toward it,
 *   within the model's channel limits, with critically damped smoothing (the motion engine's `LookAtBehavior`),
 *   eyes leading where the model has gaze channels. Additive over the playing clip.
 * - **View-dependent pose** (`viewDependent`): the face turns with the camera's angle so the avatar reads as a 3D
 *   head. Additive too.
 * - **Textures**: a {@link PortraitTexture} updated in place (sRGB, upright, no reallocation per frame) on a
 *   `MeshBasicMaterial` with `toneMapped: false`, so the model's pixels reach the screen unchanged. With WebGL the
 *   frame crosses the CPU once per frame (decoder output → RGBA → `texSubImage2D`).
 * - **Ownership**: {@link AnimatedPortrait.dispose} frees what the portrait created (geometry, material, textures,
 *   the pacer, and the animator only when made by {@link AnimatedPortrait.fromModel}); never the animator, mixer or
 *   look target you passed in.
 *
 * The picture lies in the local XY plane facing +z (like `PlaneGeometry`); +x is the avatar's left (the viewer's
 * right).
 *
 * @example
 * ```ts
 * import { AnimatedPortrait, PortraitWorker } from 'portrait-rig/three';
 * const worker = new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module' }));
 * const model = await worker.loadModel('/models/rig-tiny/', { device: 'auto' });
 * const portrait = new AnimatedPortrait({ animator: await worker.createAnimator(model, '/me.png'), matte: true });
 * scene.add(portrait);
 * portrait.mixer.clipAction(loadClip(helloJson)).play();
 * portrait.lookAt(camera);                         // the head follows the camera
 * renderer.setAnimationLoop(() => {
 *   portrait.update(timer.getDelta(), camera);     // seconds; never blocks
 *   renderer.render(scene, camera);
 * });
 * ```
 */
export class AnimatedPortrait extends Object3D<AnimatedPortraitEventMap> {
  /** Marks the type (three's `is*` convention). */
  readonly isAnimatedPortrait = true;
  /** What renders the frames. */
  readonly animator: PortraitFrameRenderer;
  /** The mixer whose channels drive the portrait. */
  readonly mixer: MotionMixer;
  /** The texture the frames go into. */
  readonly texture: PortraitTexture;
  /** The matte (`alphaMap`), or `null` without one. */
  readonly matte: DataTexture | null;
  /** The plane showing the portrait (hidden until the first frame arrives). */
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  /** Side of the picture in scene units. */
  readonly size: number;
  /** The look-at solver (its limits are already narrowed to the model's; tune smoothing here). */
  readonly lookAtBehavior: LookAtBehavior;
  /** The view-dependent solver (head only, no dead zone). */
  readonly viewBehavior: LookAtBehavior;
  /** How the look channels map onto the model. */
  readonly lookChannels: LookChannels;
  /** The head's position in local coordinates (the look origin); mutable. */
  readonly headOffset: Vector3;
  /** Where the look target lies, in degrees in the portrait's frame, as of the last update (0/0 without one). */
  readonly lookAngles: LookAngles = { yaw: 0, pitch: 0 };
  /** The camera's angles in the portrait's frame, in degrees, as of the last update with a camera. */
  readonly viewAngles: LookAngles = { yaw: 0, pitch: 0 };
  /** Whether the view-dependent pose is on. */
  viewDependent: boolean;
  /** Share of the camera angle the view-dependent pose applies, 0..1. */
  viewStrength: number;

  readonly #pacer: FramePacer<AnimatorFrame>;
  readonly #ownsMixer: boolean;
  readonly #pixels: Uint8ClampedArray;
  readonly #alpha: Float32Array;
  readonly #lookOut: Float64Array;
  readonly #viewOut = new Float64Array(2);
  readonly #changeThreshold: number;
  readonly #onWarning: (message: string) => void;
  readonly #warned = new Set<string>();
  #target: Object3D | Vector3Like | null = null;
  #layout = -1;
  #names: string[] = [];
  #binding: ChannelBinding | undefined;
  #bound = new Int32Array(0);
  #boundValues = new Float32Array(0);
  #missing: readonly string[] = [];
  #values = new Float32Array(0);
  #requested = new Float32Array(0);
  #hasRequested = false;
  #index = { yaw: -1, pitch: -1, gazeX: -1, gazeY: -1 };
  #time = 0;
  #frameCount = 0;
  #ownedAnimator: { dispose(): Promise<void> | void } | undefined;
  #disposed = false;

  /**
   * @param options - the animator (required), mixer, size, matte, look-at and view-dependent options.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a bad size, threshold or look option.
   */
  constructor(options: AnimatedPortraitOptions) {
    super();
    const animator = options?.animator;
    if (!animator || typeof animator.renderFrame !== 'function' || !animator.calibration) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        'AnimatedPortrait needs { animator }: a PortraitAnimator with its source set, or a WorkerAnimator from PortraitWorker.createAnimator().');
    }
    this.name = 'AnimatedPortrait';
    this.animator = animator;
    this.size = positive(options.size ?? 1, 'size');
    this.#changeThreshold = options.changeThreshold ?? 1e-4;
    if (!(this.#changeThreshold >= 0)) throw new PortraitRigError('INVALID_ARGUMENT', 'AnimatedPortrait: changeThreshold must be ≥ 0.');
    this.#onWarning = options.onWarning ?? ((message) => { console.warn(message); });
    const calibration = animator.calibration;
    const manifest = calibration.manifest;

    const look = options.lookAt ?? {};
    this.lookChannels = resolveLookChannels(calibration, look);
    const { yaw, pitch, gazeX, gazeY } = this.lookChannels;
    const narrow = (wanted: readonly [number, number] | undefined, fallback: readonly [number, number], limit: readonly [number, number],
      present: boolean): [number, number] => {
      const [lo, hi] = wanted ?? fallback;
      if (!present) return [0, 0];
      const a = Math.max(lo, limit[0]);
      const b = Math.min(hi, limit[1]);
      return a <= b ? [a, b] : [0, 0];
    };
    this.lookAtBehavior = new LookAtBehavior({
      ...look,
      gaze: (look.gaze ?? true) && gazeX.present && gazeY.present,
      headYawRange: narrow(look.headYawRange, [-30, 30], yaw.range, yaw.present),
      headPitchRange: narrow(look.headPitchRange, [-20, 20], pitch.range, pitch.present),
    });
    this.#lookOut = new Float64Array(this.lookAtBehavior.channels.length);
    const view = typeof options.viewDependent === 'object' ? options.viewDependent : {};
    this.viewDependent = options.viewDependent !== undefined && options.viewDependent !== false;
    this.viewStrength = view.strength ?? 1;
    if (!(this.viewStrength >= 0 && this.viewStrength <= 1)) {
      throw new PortraitRigError('INVALID_ARGUMENT', `AnimatedPortrait: viewDependent.strength must lie in 0..1 (got ${this.viewStrength}).`);
    }
    const maxYaw = positive(view.maxYaw ?? 30, 'viewDependent.maxYaw (degrees)');
    const maxPitch = positive(view.maxPitch ?? 20, 'viewDependent.maxPitch (degrees)');
    this.viewBehavior = new LookAtBehavior({
      gaze: false, deadZone: 0, headFraction: 1,
      headYawRange: narrow([-maxYaw, maxYaw], [-maxYaw, maxYaw], yaw.range, yaw.present),
      headPitchRange: narrow([-maxPitch, maxPitch], [-maxPitch, maxPitch], pitch.range, pitch.present),
      headSmoothTime: view.smoothTime ?? 0.12,
    });
    const head = look.headOffset;
    this.headOffset = head ? new Vector3(head.x, head.y, head.z) : new Vector3(0, 0.1 * this.size, 0);

    this.#ownsMixer = options.mixer === undefined;
    this.mixer = options.mixer ?? new MotionMixer({
      channels: [...calibration.channelNames],
      neutralOf: (channel) => manifest.channels[channel]?.neutral ?? 0,
    });

    const r = animator.resolution;
    this.texture = new PortraitTexture(r);
    this.matte = options.matte ? createPortraitMatte(options.matte === true ? {} : options.matte) : null;
    const material = new MeshBasicMaterial({
      map: this.texture, toneMapped: false, transparent: this.matte !== null, alphaMap: this.matte,
    });
    material.name = 'AnimatedPortrait';
    this.mesh = new Mesh(new PlaneGeometry(this.size, this.size), material);
    this.mesh.name = 'AnimatedPortrait.mesh';
    this.mesh.visible = false;
    this.add(this.mesh);

    this.#pixels = new Uint8ClampedArray(r * r * 4);
    this.#alpha = new Float32Array(calibration.motionDim);
    this.#pacer = new FramePacer<AnimatorFrame>({
      render: (_time, signal) => {
        const bound = this.#bound;
        const gathered = this.#boundValues;
        for (let i = 0; i < bound.length; i += 1) gathered[i] = this.#values[bound[i]!]!;
        this.#binding!.apply(gathered, this.#alpha);
        return this.animator.renderFrame(this.#alpha, { out: this.#pixels, signal });
      },
      onFrame: (frame) => { this.#show(frame); },
      onError: options.onError ?? ((error) => { console.error(error); }),
    });
  }

  /**
   * A portrait that owns its animator: creates a `PortraitAnimator` for `model` on this thread, encodes `source`,
   * and disposes the animator (not the model) in {@link AnimatedPortrait.dispose}.
   *
   * @param model - a loaded model (not owned).
   * @param source - the portrait image (any size; resized to the model's resolution).
   * @param options - as the constructor, without `animator`; plus animator options (`strict`, `onWarning`).
   */
  static async fromModel(model: PortraitModel, source: RgbaImage,
    options: Omit<AnimatedPortraitOptions, 'animator'> & { readonly animatorOptions?: PortraitAnimatorOptions } = {}): Promise<AnimatedPortrait> {
    const animator = new PortraitAnimator(model, { ...options.animatorOptions, disposeModel: false });
    try {
      await animator.setSource(source);
      const portrait = new AnimatedPortrait({ ...options, animator });
      portrait.#ownedAnimator = animator;
      return portrait;
    } catch (error) {
      await animator.dispose();
      throw error;
    }
  }

  /** Seconds of `update` time so far. */
  get time(): number {
    return this.#time;
  }

  /** Frames shown so far. */
  get frameCount(): number {
    return this.#frameCount;
  }

  /** The frame pacing figures: delivered fps, frames rendered and dropped, last inference time (ms). */
  get stats(): FramePacerStats {
    return this.#pacer.stats;
  }

  /** The current look target (`null`: looking ahead). */
  get lookTarget(): Object3D | Vector3Like | null {
    return this.#target;
  }

  /**
   * Channels the mixer drives that the model lacks (ignored). Preset channels a model does not support are ignored
   * silently; other names are reported once through `onWarning`.
   */
  get missingChannels(): readonly string[] {
    return this.#missing;
  }

  /** True after {@link AnimatedPortrait.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Turns the **head** toward a target (this object does not rotate — position and orient the portrait yourself, or
   * call `Object3D.prototype.lookAt.call(portrait, v)`). An `Object3D` is followed (its world position is read every
   * update); a vector is a world point, read every update too (mutate it to move the target). `null` looks ahead
   * again (smoothly). Three numbers are a world point, copied.
   */
  override lookAt(target: Object3D | Vector3Like | null): void;
  override lookAt(x: number, y: number, z: number): void;
  override lookAt(target: Object3D | Vector3Like | number | null, y?: number, z?: number): void {
    if (typeof target === 'number') {
      if (![target, y, z].every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new PortraitRigError('INVALID_ARGUMENT', 'AnimatedPortrait.lookAt(x, y, z): three finite world coordinates are needed.');
      }
      this.#target = new Vector3(target, y, z);
      return;
    }
    if (target !== null && !isObject3D(target) && !(typeof target === 'object' && Number.isFinite(target.x + target.y + target.z))) {
      throw new PortraitRigError('INVALID_ARGUMENT', 'AnimatedPortrait.lookAt: pass an Object3D, a Vector3 (world point) or null.');
    }
    this.#target = target;
  }

  /**
   * Advances the portrait by `deltaSeconds`: updates the mixer (when the portrait owns it), solves the look-at and the
   * view-dependent pose, mixes them additively over the mixer's channels and requests a frame when anything changed.
   * Returns at once: the frame appears when inference finishes (event `frame`).
   *
   * @param deltaSeconds - seconds since the last update (≥ 0).
   * @param camera - the camera rendering the scene; needed for the view-dependent pose.
   */
  update(deltaSeconds: number, camera?: Camera | null): void {
    if (this.#disposed) return;
    if (!(deltaSeconds >= 0) || !Number.isFinite(deltaSeconds)) {
      throw new PortraitRigError('INVALID_ARGUMENT', `AnimatedPortrait.update: deltaSeconds must be a finite number ≥ 0 (got ${deltaSeconds}).`);
    }
    this.#time += deltaSeconds;
    if (this.#ownsMixer) this.mixer.update(deltaSeconds);
    this.updateWorldMatrix(true, false);

    const target = this.#target;
    if (target) {
      const point = isObject3D(target) ? target.getWorldPosition(scratch) : target;
      portraitLookAngles(this, this.headOffset, point, this.lookAngles);
      this.lookAtBehavior.setTargetAngles(this.lookAngles.yaw, this.lookAngles.pitch);
    } else {
      this.lookAngles.yaw = IDENTITY_LOOK.yaw;
      this.lookAngles.pitch = IDENTITY_LOOK.pitch;
      this.lookAtBehavior.clearTarget();
    }
    this.lookAtBehavior.update(deltaSeconds, this.#lookOut);

    if (this.viewDependent && camera) {
      portraitLookAngles(this, this.headOffset, camera.getWorldPosition(scratch), this.viewAngles);
      const s = this.viewStrength;
      this.viewBehavior.setTargetAngles(-s * this.viewAngles.yaw, -s * this.viewAngles.pitch);
    } else {
      this.viewBehavior.clearTarget();
    }
    this.viewBehavior.update(deltaSeconds, this.#viewOut);

    this.#compose();
    if (this.#changed()) {
      this.#requested.set(this.#values);
      this.#hasRequested = true;
      this.#pacer.request(this.#time);
    }
  }

  /**
   * The value of `channel` as last sent to the animator (channel units: degrees for calibrated head angles): the
   * mixer's value plus the look-at and view-dependent offsets. `NaN` for a channel that is not driven.
   */
  channelValue(channel: string): number {
    const i = this.#names.indexOf(channel);
    return i < 0 ? Number.NaN : this.#values[i]!;
  }

  /** Every driven channel's value as last sent (see {@link AnimatedPortrait.channelValue}), as a plain object. */
  channelValues(): Record<string, number> {
    const out: Record<string, number> = {};
    this.#names.forEach((name, i) => { out[name] = this.#values[i]!; });
    return out;
  }

  /** Resolves once no frame is being rendered (e.g. before reading pixels in a test). */
  idle(): Promise<void> {
    return this.#pacer.idle();
  }

  /**
   * Frees what this portrait created: the pacer (a running inference finishes; its frame is dropped), the plane's
   * geometry and material, the portrait texture and the matte, and the animator when {@link AnimatedPortrait.fromModel}
   * created it. Never the animator, mixer or look target passed in. Removes nothing from the scene graph; fires
   * three's `dispose` event. Idempotent.
   */
  override dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pacer.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.texture.dispose();
    this.matte?.dispose();
    this.#target = null;
    const owned = this.#ownedAnimator;
    this.#ownedAnimator = undefined;
    if (owned) void this.#pacer.idle().then(() => owned.dispose());
    if (typeof super.dispose === 'function') super.dispose(); // three ≥ r17x fires `dispose`; older releases lack it
  }

  #show(frame: AnimatorFrame): void {
    if (this.#disposed) return;
    this.texture.update(frame);
    this.mesh.visible = true;
    this.#frameCount += 1;
    this.dispatchEvent({ type: 'frame', frameCount: this.#frameCount });
  }

  #compose(): void {
    const frame = this.mixer.frame;
    if (frame.layoutVersion !== this.#layout || this.#binding === undefined) this.#rebind();
    const values = this.#values;
    values.set(frame.values);
    const { yaw, pitch, gazeX, gazeY } = this.#index;
    const look = this.#lookOut;
    const view = this.#viewOut;
    const ch = this.lookChannels;
    if (yaw >= 0) values[yaw] = values[yaw]! + ch.yaw.scale * (look[0]! + view[0]!);
    if (pitch >= 0) values[pitch] = values[pitch]! + ch.pitch.scale * (look[1]! + view[1]!);
    if (look.length > 2) {
      if (gazeX >= 0) values[gazeX] = values[gazeX]! + ch.gazeX.scale * look[2]!;
      if (gazeY >= 0) values[gazeY] = values[gazeY]! + ch.gazeY.scale * look[3]!;
    }
  }

  #changed(): boolean {
    if (!this.#hasRequested) return true;
    const a = this.#values;
    const b = this.#requested;
    const threshold = this.#changeThreshold;
    for (let i = 0; i < a.length; i += 1) if (Math.abs(a[i]! - b[i]!) > threshold) return true;
    return false;
  }

  #rebind(): void {
    const frame = this.mixer.frame;
    const names: string[] = [...frame.names];
    for (const channel of [this.lookChannels.yaw, this.lookChannels.pitch, this.lookChannels.gazeX, this.lookChannels.gazeY]) {
      if (channel.present && !names.includes(channel.name)) names.push(channel.name);
    }
    this.#names = names;
    const calibration = this.animator.calibration;
    const present = names.flatMap((name, i) => (calibration.hasChannel(name) ? [i] : []));
    this.#bound = Int32Array.from(present);
    this.#boundValues = new Float32Array(present.length);
    this.#binding = calibration.bind(present.map((i) => names[i]!));
    this.#missing = Object.freeze(names.filter((name) => !calibration.hasChannel(name)));
    this.#values = new Float32Array(names.length);
    this.#requested = new Float32Array(names.length);
    this.#hasRequested = false;
    this.#index = {
      yaw: this.lookChannels.yaw.present ? names.indexOf('head.yaw') : -1,
      pitch: this.lookChannels.pitch.present ? names.indexOf('head.pitch') : -1,
      gazeX: this.lookChannels.gazeX.present ? names.indexOf('gaze.x') : -1,
      gazeY: this.lookChannels.gazeY.present ? names.indexOf('gaze.y') : -1,
    };
    this.#layout = frame.layoutVersion;
    const unknown = this.#missing.filter((name) => !(name in RIG_CHANNELS) && !this.#warned.has(name));
    for (const name of unknown) this.#warned.add(name);
    if (unknown.length > 0) {
      this.#onWarning(`PortraitRig: AnimatedPortrait: model "${this.animator.calibration.manifest.id}" has no channel ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `those tracks are ignored (its channels: ${this.animator.calibration.channelNames.join(', ')}).`);
    }
  }
}
