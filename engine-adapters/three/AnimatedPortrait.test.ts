import { Object3D, PerspectiveCamera, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureDir } from '../../test/runtime/fixtureModels.js';
import { PortraitAnimator, type AnimatorFrame, type FrameInput } from '../../sdk/animator/PortraitAnimator.js';
import { createRgbaImage } from '../../sdk/image/createRgbaImage.js';
import { LookAtBehavior } from '../../sdk/motion/behaviors/LookAtBehavior.js';
import { KeyframeTrack } from '../../sdk/motion/KeyframeTrack.js';
import { MotionClip } from '../../sdk/motion/MotionClip.js';
import { MotionMixer } from '../../sdk/motion/MotionMixer.js';
import { loadModelFromFolder } from '../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../sdk/node/OrtNodeBackend.js';
import { RigCalibration } from '../../sdk/rig/RigCalibration.js';
import { withChannelOverrides } from '../../sdk/rig/withChannelOverrides.js';
import type { PortraitModel } from '../../sdk/runtime/PortraitModel.js';
import { AnimatedPortrait } from './AnimatedPortrait.js';
import type { PortraitFrameRenderer } from './PortraitFrameRenderer.js';

const backend = new OrtNodeBackend({ threads: 1 });
let model: PortraitModel;
/** liax-tiny's channel map with head angles calibrated in degrees (±35° yaw, ±25° pitch) and gaze as amounts, like rig-tiny. */
let degrees: RigCalibration;

beforeAll(async () => {
  model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend, device: 'cpu' });
  degrees = new RigCalibration(withChannelOverrides(model.manifest, {
    channels: {
      'head.yaw': { unit: 'degrees', range: [-35, 35], terms: [{ index: 37, calibration: { type: 'linear', scale: 1 / 20 } }] },
      'head.pitch': { unit: 'degrees', range: [-25, 25], terms: [{ index: 28, calibration: { type: 'linear', scale: 1 / 15 } }] },
      'gaze.x': { unit: 'amount', range: [-1, 1], terms: [{ index: 17, calibration: { type: 'linear', scale: 0.2 } }] },
      'gaze.y': { unit: 'amount', range: [-1, 1], terms: [{ index: 26, calibration: { type: 'linear', scale: 0.2 } }] },
    },
  }));
});
afterAll(async () => {
  await model.dispose();
  await backend.dispose();
});

function portraitImage(size = 64) {
  const image = createRgbaImage(size, size);
  for (let i = 0; i < size * size; i += 1) image.data.set([(i * 7) % 256, (i * 13) % 256, (i >> 6) * 4, 255], i * 4);
  return image;
}

/** A renderer whose frames finish when the test says so; records the α of every render it started. */
class DeferredRenderer implements PortraitFrameRenderer {
  readonly resolution = 4;
  readonly started: Float32Array[] = [];
  readonly #resolvers: (() => void)[] = [];
  disposed = 0;
  constructor(readonly calibration: RigCalibration) {}
  renderFrame(motion: FrameInput, options: { out?: Uint8ClampedArray } = {}): Promise<AnimatorFrame> {
    this.started.push(Float32Array.from(motion as Float32Array));
    const data = options.out ?? new Uint8ClampedArray(64);
    data.fill(this.started.length);
    return new Promise((resolve) => { this.#resolvers.push(() => resolve({ width: 4, height: 4, data })); });
  }
  finishNext(): Promise<void> {
    this.#resolvers.shift()?.();
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  dispose(): void { this.disposed += 1; }
}

const yawIndex = (calibration: RigCalibration): number => calibration.manifest.channels['head.yaw']!.terms[0]!.index;

describe('AnimatedPortrait with a real PortraitAnimator (liax-tiny on onnxruntime-node)', () => {
  it('shows the animator\'s frames in its texture, in place, after update() requests them', async () => {
    const portrait = await AnimatedPortrait.fromModel(model, portraitImage());
    const pixels = portrait.texture.pixels;
    expect(portrait.mesh.visible).toBe(false); // nothing to show before the first frame
    const frames: number[] = [];
    portrait.addEventListener('frame', (e) => frames.push(e.frameCount));
    portrait.mixer.clipAction(new MotionClip({
      name: 'turn', duration: 2, tracks: [new KeyframeTrack('head.yaw', [0, 1], [-0.5, 0.5])],
    })).play();
    for (let i = 0; i < 4; i += 1) {
      portrait.update(0.25);
      await portrait.idle();
    }
    expect(frames).toEqual([1, 2, 3, 4]);
    expect(portrait.mesh.visible).toBe(true);
    expect(portrait.texture.pixels).toBe(pixels);
    expect(portrait.texture.frameCount).toBe(4);
    expect(pixels.some((v) => v !== 0)).toBe(true);
    expect(pixels[3]).toBe(255);
    expect(portrait.stats.rendered).toBe(4);
    expect(portrait.channelValue('head.yaw')).toBeCloseTo(0.5, 6);
    portrait.dispose();
  });

  it('fromModel owns its animator: dispose() releases it after the running frame, and never the model', async () => {
    const portrait = await AnimatedPortrait.fromModel(model, portraitImage());
    const release = vi.spyOn(PortraitAnimator.prototype, 'dispose');
    portrait.update(0.1);
    portrait.dispose();
    await portrait.idle();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(release).toHaveBeenCalledTimes(1);
    release.mockRestore();
    expect(model.disposed).toBe(false);
  });
});

describe('AnimatedPortrait look-at (degrees-calibrated channels)', () => {
  const make = (options: Partial<ConstructorParameters<typeof AnimatedPortrait>[0]> = {}) => {
    const renderer = new DeferredRenderer(degrees);
    return { renderer, portrait: new AnimatedPortrait({ animator: renderer, ...options }) };
  };
  const run = (portrait: AnimatedPortrait, seconds: number, dt = 1 / 60, camera?: PerspectiveCamera) => {
    for (let t = 0; t < seconds - 1e-9; t += dt) portrait.update(dt, camera);
  };

  it('turns the HEAD toward a target on the viewer\'s right (+yaw) and above (+pitch); the object itself does not rotate', () => {
    const { portrait } = make();
    const target = new Object3D();
    target.position.set(2, 2.1, 4); // right of and above the head (head at y = 0.1)
    portrait.lookAt(target);
    run(portrait, 2);
    expect(portrait.lookAngles.yaw).toBeCloseTo((Math.atan2(2, 4) * 180) / Math.PI, 6);
    expect(portrait.channelValue('head.yaw')).toBeGreaterThan(5);
    expect(portrait.channelValue('head.pitch')).toBeGreaterThan(5);
    expect(portrait.channelValue('gaze.x')).toBeGreaterThan(0); // eyes cover the rest, same side
    expect(portrait.quaternion.equals(new Object3D().quaternion)).toBe(true);
    target.position.set(-2, -1.9, 4); // the target moves: the head follows to the other side
    run(portrait, 2);
    expect(portrait.channelValue('head.yaw')).toBeLessThan(-5);
    expect(portrait.channelValue('head.pitch')).toBeLessThan(-5);
  });

  it('stays within the model\'s channel limits: a target far to the side saturates at the model\'s range', () => {
    const { portrait } = make({ lookAt: { headYawRange: [-80, 80], headFraction: 1 } });
    portrait.lookAt(new Vector3(100, 0.1, 0.01)); // ~90° to the viewer's right
    run(portrait, 4);
    expect(portrait.lookAtBehavior.headYawRange).toEqual([-35, 35]); // narrowed to the model's ±35°
    expect(portrait.channelValue('head.yaw')).toBeCloseTo(35, 3);
    // a model in raw coefficients (liax-tiny: head.yaw in [-1, 0.5]) saturates at its own end, 0.5
    const raw = new AnimatedPortrait({ animator: new DeferredRenderer(new RigCalibration(model.manifest)), lookAt: { headFraction: 1 } });
    raw.lookAt(new Vector3(100, 0.1, 0.01));
    run(raw, 4);
    expect(raw.channelValue('head.yaw')).toBeCloseTo(0.5, 4);
    expect(raw.lookChannels.yaw.scale).toBeCloseTo(0.5 / 30, 12);
  });

  it('damps the turn (critically damped: no jump, no overshoot) and reaches the goal within ~1 s', () => {
    const { portrait } = make({ lookAt: { headFraction: 1, deadZone: 0 } });
    portrait.lookAt(new Vector3(4, 0.1, 4)); // 45° → head goal clamps to 30° (the default look range)
    const series: number[] = [];
    for (let i = 0; i < 120; i += 1) {
      portrait.update(1 / 60);
      series.push(portrait.channelValue('head.yaw'));
    }
    expect(series[0]).toBeLessThan(1); // first frame: barely moved
    for (let i = 1; i < series.length; i += 1) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1]! - 1e-9);
    expect(Math.max(...series)).toBeLessThanOrEqual(30 + 1e-9);
    expect(series[series.length - 1]).toBeGreaterThan(29.5);
  });

  it('is additive over the playing clip: clip yaw + the look-at solver\'s yaw, step for step', () => {
    const { portrait } = make();
    portrait.mixer.clipAction(new MotionClip({
      name: 'hold', duration: 1, loop: 'loop', tracks: [new KeyframeTrack('head.yaw', [0, 1], [10, 10])],
    })).play();
    portrait.lookAt(new Vector3(-3, 0.1, 3)); // −45°: the look pulls the other way
    const solver = new LookAtBehavior();
    solver.setTargetAngles(-45, 0);
    const out = new Float64Array(4);
    for (let i = 0; i < 30; i += 1) {
      portrait.update(1 / 30);
      solver.update(1 / 30, out);
      expect(portrait.channelValue('head.yaw')).toBeCloseTo(10 + out[0]!, 4);
    }
    expect(portrait.channelValue('head.yaw')).toBeLessThan(10);
    portrait.lookAt(null);
    run(portrait, 3);
    expect(portrait.channelValue('head.yaw')).toBeCloseTo(10, 2); // back to the clip alone
  });

  it('view-dependent: a camera to the avatar\'s left and above turns the face to its right and down, with the camera angle', () => {
    const { portrait } = make({ viewDependent: { strength: 1 } });
    const camera = new PerspectiveCamera();
    camera.position.set(Math.tan((20 * Math.PI) / 180) * 5, 0.1, 5); // 20° to the avatar's left (+x)
    run(portrait, 2, 1 / 60, camera);
    expect(portrait.viewAngles.yaw).toBeCloseTo(20, 6);
    expect(portrait.channelValue('head.yaw')).toBeCloseTo(-20, 2);
    camera.position.set(0, 5, 5); // 45° above
    run(portrait, 2, 1 / 60, camera);
    expect(portrait.channelValue('head.pitch')).toBeCloseTo(-20, 2); // clamped to maxPitch 20°
    portrait.viewDependent = false;
    run(portrait, 3, 1 / 60, camera);
    expect(Math.abs(portrait.channelValue('head.pitch'))).toBeLessThan(0.05);
  });

  it('look-at and view-dependent add up: looking at the camera while seen from its angle nets out toward frontal', () => {
    const { portrait } = make({ viewDependent: true, lookAt: { headFraction: 1, deadZone: 0 } });
    const camera = new PerspectiveCamera();
    camera.position.set(Math.tan((20 * Math.PI) / 180) * 5, 0.1, 5);
    portrait.lookAt(camera);
    run(portrait, 3, 1 / 60, camera);
    expect(Math.abs(portrait.channelValue('head.yaw'))).toBeLessThan(0.1);
  });
});

describe('AnimatedPortrait pacing and ownership', () => {
  it('update() never waits: while a frame renders, requests are replaced by the newest and the newest pose is rendered next', async () => {
    const renderer = new DeferredRenderer(degrees);
    const portrait = new AnimatedPortrait({ animator: renderer });
    const yaw = yawIndex(degrees);
    portrait.mixer.clipAction(new MotionClip({ name: 'ramp', duration: 1, tracks: [new KeyframeTrack('head.yaw', [0, 1], [0, 30])] })).play();
    for (let i = 1; i <= 10; i += 1) portrait.update(1 / 60); // every update moves the head
    expect(renderer.started.length).toBe(1); // only the first started; the others waited or were dropped
    await renderer.finishNext();
    expect(renderer.started.length).toBe(2); // the newest request, not the second
    expect(renderer.started[1]![yaw]).toBeCloseTo(portrait.channelValue('head.yaw') / 20, 6);
    expect(portrait.stats.dropped).toBe(8);
    await renderer.finishNext();
    expect(portrait.frameCount).toBe(2);
    portrait.dispose();
  });

  it('skips inference while nothing changes and resumes when a channel moves', async () => {
    const renderer = new DeferredRenderer(degrees);
    const portrait = new AnimatedPortrait({ animator: renderer });
    portrait.update(1 / 60);
    await renderer.finishNext();
    for (let i = 0; i < 10; i += 1) portrait.update(1 / 60);
    expect(renderer.started.length).toBe(1);
    portrait.lookAt(new Vector3(3, 0, 3));
    portrait.update(1 / 60);
    expect(renderer.started.length).toBe(2);
    portrait.dispose();
  });

  it('dispose() frees the geometry, material and textures it made, never the animator or mixer passed in', () => {
    const renderer = new DeferredRenderer(degrees);
    const mixer = new MotionMixer();
    const portrait = new AnimatedPortrait({ animator: renderer, mixer, matte: true });
    const disposed: string[] = [];
    portrait.mesh.geometry.addEventListener('dispose', () => disposed.push('geometry'));
    portrait.mesh.material.addEventListener('dispose', () => disposed.push('material'));
    portrait.texture.addEventListener('dispose', () => disposed.push('texture'));
    portrait.matte!.addEventListener('dispose', () => disposed.push('matte'));
    portrait.addEventListener('dispose', () => disposed.push('object'));
    const target = new Object3D();
    portrait.lookAt(target);
    portrait.dispose();
    portrait.dispose();
    expect(disposed.sort()).toEqual(['geometry', 'material', 'matte', 'object', 'texture']);
    expect(renderer.disposed).toBe(0);
    expect(mixer.update(0.1)).toBe(mixer.frame); // the mixer still works
    expect(portrait.lookTarget).toBeNull();
    portrait.update(0.1); // ignored after dispose
    expect(renderer.started.length).toBe(0);
  });

  it('reads a mixer passed in without advancing it (its owner updates it)', () => {
    const renderer = new DeferredRenderer(degrees);
    const mixer = new MotionMixer();
    mixer.clipAction(new MotionClip({ name: 'ramp', duration: 2, tracks: [new KeyframeTrack('head.yaw', [0, 2], [0, 20])] })).play();
    const portrait = new AnimatedPortrait({ animator: renderer, mixer });
    portrait.update(1);
    expect(mixer.time).toBe(0);
    mixer.update(1);
    portrait.update(0);
    expect(portrait.channelValue('head.yaw')).toBeCloseTo(10, 5);
  });

  it('warns once, naming the channels, when a clip animates channels the model lacks', () => {
    const warnings: string[] = [];
    const portrait = new AnimatedPortrait({ animator: new DeferredRenderer(degrees), onWarning: (m) => warnings.push(m) });
    portrait.mixer.clipAction(new MotionClip({ name: 'x', duration: 1, tracks: [new KeyframeTrack('custom.cheekPuff', [0], [1])] })).play();
    portrait.update(0.1);
    portrait.update(0.1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/has no channel "custom\.cheekPuff"/);
    expect(portrait.missingChannels).toEqual(['custom.cheekPuff']);
  });

  it('rejects a missing animator and a bad size with messages that say what to pass', () => {
    expect(() => new AnimatedPortrait({} as never)).toThrow(/needs \{ animator \}/);
    expect(() => new AnimatedPortrait({ animator: new DeferredRenderer(degrees), size: 0 })).toThrow(/size must be a positive/);
    expect(() => new AnimatedPortrait({ animator: new DeferredRenderer(degrees) }).update(Number.NaN)).toThrow(/deltaSeconds/);
  });
});
