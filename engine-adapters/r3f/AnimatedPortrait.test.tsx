/**
 * The R3F adapter in Node: a real React Three Fiber root (its reconciler, store, frame loop and Suspense) with a
 * renderer stand-in that counts `render` calls, and a real PortraitAnimator (liax-tiny on onnxruntime-node).
 */
import { act, createRoot, useThree, type ReconcilerRoot, type RootState } from '@react-three/fiber';
import { createRef, Suspense, useState, type ReactElement } from 'react';
import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureDir } from '../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../sdk/animator/PortraitAnimator.js';
import { createRgbaImage } from '../../sdk/image/createRgbaImage.js';
import { KeyframeTrack } from '../../sdk/motion/KeyframeTrack.js';
import { MotionClip } from '../../sdk/motion/MotionClip.js';
import { loadModelFromFolder } from '../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../sdk/node/OrtNodeBackend.js';
import type { PortraitModel } from '../../sdk/runtime/PortraitModel.js';
import type { AnimatedPortrait as AnimatedPortraitObject } from '../three/AnimatedPortrait.js';
import { AnimatedPortrait } from './AnimatedPortrait.js';
import { rigCacheSize } from './portraitRigCache.js';
import { usePortraitRig } from './usePortraitRig.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const backend = new OrtNodeBackend({ threads: 1 });
let model: PortraitModel;
beforeAll(async () => {
  model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend, device: 'cpu' });
});
afterAll(async () => {
  await usePortraitRig.clear();
  await model.dispose();
  await backend.dispose();
});

function portraitImage(size = 64) {
  const image = createRgbaImage(size, size);
  for (let i = 0; i < size * size; i += 1) image.data.set([(i * 3) % 256, (i * 17) % 256, (i >> 6) * 4, 255], i * 4);
  return image;
}

/** An R3F root on a stand-in canvas and renderer (no WebGL in Node); frames are stepped by hand (`frameloop: 'never'`). */
async function createTestRoot(frameloop: 'never' | 'demand' = 'never') {
  const renders = { count: 0 };
  const gl = {
    render: () => { renders.count += 1; }, setSize() {}, setPixelRatio() {}, getPixelRatio: () => 1, setClearColor() {},
    domElement: { addEventListener() {}, removeEventListener() {}, style: {} },
    xr: { enabled: false, isPresenting: false, addEventListener() {}, removeEventListener() {}, setAnimationLoop() {} },
    shadowMap: { enabled: false, type: 0 }, outputColorSpace: 'srgb', toneMapping: 0, info: { autoReset: true },
    dispose() {}, forceContextLoss() {}, renderLists: { dispose() {} },
  };
  const canvas = {
    width: 64, height: 64, style: {}, addEventListener() {}, removeEventListener() {},
    clientWidth: 64, clientHeight: 64, getBoundingClientRect: () => ({ left: 0, top: 0, width: 64, height: 64 }),
  };
  const root: ReconcilerRoot<HTMLCanvasElement> = createRoot(canvas as unknown as HTMLCanvasElement);
  await act(async () => {
    await root.configure({ gl: gl as never, frameloop, size: { width: 64, height: 64, top: 0, left: 0 }, camera: { position: [0, 0, 3] } });
  });
  const state: { current?: RootState } = {};
  function Capture(): null {
    state.current = useThree();
    return null;
  }
  return {
    renders,
    get state(): RootState { return state.current!; },
    async render(element: ReactElement) {
      await act(async () => { root.render(<><Capture />{element}</>); });
    },
    /** One frame: useFrame callbacks with `delta` seconds, then the renderer. */
    async frame(delta = 1 / 60) {
      await act(async () => {
        const s = state.current!;
        s.clock.elapsedTime += delta;
        for (const sub of s.internal.subscribers) sub.ref.current(s, delta);
        s.gl.render(s.scene, s.camera);
      });
    },
    async unmount() {
      await act(async () => { root.unmount(); });
    },
  };
}

/** Waits (in act) until `check` passes. */
async function until(check: () => void, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await act(async () => { await new Promise((resolve) => setTimeout(resolve, 10)); });
    }
  }
}

const portraitsIn = (state: RootState): AnimatedPortraitObject[] =>
  state.scene.children.filter((c) => (c as Partial<AnimatedPortraitObject>).isAnimatedPortrait) as AnimatedPortraitObject[];

describe('<AnimatedPortrait> (React Three Fiber)', () => {
  it('suspends while the portrait is encoded, then adds the three.js object to the scene and hands it to ref', async () => {
    const t = await createTestRoot();
    const ref = createRef<AnimatedPortraitObject | null>();
    const source = portraitImage();
    let fallbacks = 0;
    function Loading(): null {
      fallbacks += 1;
      return null;
    }
    await t.render(
      <Suspense fallback={<Loading />}>
        <AnimatedPortrait ref={ref} model={model} source={source} position={[1, 2, 3]} size={2} />
      </Suspense>,
    );
    expect(fallbacks).toBeGreaterThan(0); // it suspended while the portrait was encoded
    await until(() => expect(ref.current).not.toBeNull());
    const portrait = ref.current!;
    expect(portraitsIn(t.state)).toEqual([portrait]);
    expect(portrait.position.toArray()).toEqual([1, 2, 3]);
    expect(portrait.size).toBe(2);
    await t.frame();
    await until(() => expect(portrait.frameCount).toBe(1));
    expect(portrait.mesh.visible).toBe(true);
    await t.unmount();
  });

  it('unmounting disposes the object, geometry, material and textures it created — never the animator passed in', async () => {
    const animator = new PortraitAnimator(model);
    await animator.setSource(portraitImage());
    const t = await createTestRoot();
    const ref = createRef<AnimatedPortraitObject | null>();
    await t.render(<AnimatedPortrait ref={ref} animator={animator} matte />);
    await until(() => expect(ref.current).not.toBeNull());
    const portrait = ref.current!;
    const disposed: string[] = [];
    portrait.mesh.geometry.addEventListener('dispose', () => disposed.push('geometry'));
    portrait.mesh.material.addEventListener('dispose', () => disposed.push('material'));
    portrait.texture.addEventListener('dispose', () => disposed.push('texture'));
    portrait.matte!.addEventListener('dispose', () => disposed.push('matte'));
    await t.unmount();
    expect(disposed.sort()).toEqual(['geometry', 'material', 'matte', 'texture']);
    expect(portrait.disposed).toBe(true);
    expect(portrait.parent).toBeNull();
    expect((await animator.renderFrame({})).data).toHaveLength(64 * 64 * 4); // still usable
    await animator.dispose();
  });

  it('plays the clip prop, pauses with playing={false}, and switches when the clip changes', async () => {
    const animator = new PortraitAnimator(model);
    await animator.setSource(portraitImage());
    const t = await createTestRoot();
    const ref = createRef<AnimatedPortraitObject | null>();
    const ramp = new MotionClip({ name: 'ramp', duration: 1, tracks: [new KeyframeTrack('head.yaw', [0, 1], [0, 0.4])] });
    const smile = new MotionClip({ name: 'smile', duration: 1, tracks: [new KeyframeTrack('mouth.smile', [0], [0.3])] });
    await t.render(<AnimatedPortrait ref={ref} animator={animator} clip={ramp} />);
    await until(() => expect(ref.current).not.toBeNull());
    for (let i = 0; i < 30; i += 1) await t.frame(1 / 60);
    expect(ref.current!.channelValue('head.yaw')).toBeCloseTo(0.2, 3);
    await t.render(<AnimatedPortrait ref={ref} animator={animator} clip={ramp} playing={false} />);
    for (let i = 0; i < 30; i += 1) await t.frame(1 / 60);
    expect(ref.current!.channelValue('head.yaw')).toBeCloseTo(0.2, 3); // paused: the pose holds
    await t.render(<AnimatedPortrait ref={ref} animator={animator} clip={smile} />);
    await t.frame(1 / 60);
    expect(ref.current!.channelValue('mouth.smile')).toBeCloseTo(0.3, 5);
    expect(ref.current!.channelValue('head.yaw')).toBeCloseTo(0, 5);
    expect(ref.current!.mixer.actions.map((a) => ('clip' in a ? (a.clip as MotionClip).name : '?'))).toEqual(['smile']);
    await t.unmount();
    await animator.dispose();
  });

  it('lookAt="camera" turns the head toward the R3F camera; a world point works too; view-dependent adds the camera angle', async () => {
    const animator = new PortraitAnimator(model);
    await animator.setSource(portraitImage());
    const t = await createTestRoot();
    const ref = createRef<AnimatedPortraitObject | null>();
    await t.render(<AnimatedPortrait ref={ref} animator={animator} lookAt="camera" />);
    await until(() => expect(ref.current).not.toBeNull());
    t.state.camera.position.set(3, 0.1, 3); // 45° to the viewer's right
    t.state.camera.updateMatrixWorld();
    for (let i = 0; i < 90; i += 1) await t.frame(1 / 60);
    expect(ref.current!.lookAngles.yaw).toBeCloseTo(45, 3);
    expect(ref.current!.channelValue('head.yaw')).toBeGreaterThan(0.2);
    await t.render(<AnimatedPortrait ref={ref} animator={animator} lookAt={new Vector3(-3, 0.1, 3)} />);
    for (let i = 0; i < 120; i += 1) await t.frame(1 / 60);
    expect(ref.current!.channelValue('head.yaw')).toBeLessThan(-0.2);
    await t.render(<AnimatedPortrait ref={ref} animator={animator} lookAt={null} viewDependent />);
    for (let i = 0; i < 120; i += 1) await t.frame(1 / 60);
    expect(ref.current!.channelValue('head.yaw')).toBeLessThan(-0.2); // camera on the avatar's left: face turns right
    await t.unmount();
    await animator.dispose();
  });

  it('frameloop="demand": each new inference frame invalidates, so the scene renders while the avatar moves and then stops', async () => {
    const raf = vi.fn((cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 4) as unknown as number);
    vi.stubGlobal('requestAnimationFrame', raf);
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
    try {
      const animator = new PortraitAnimator(model);
      await animator.setSource(portraitImage());
      const t = await createTestRoot('demand');
      const ref = createRef<AnimatedPortraitObject | null>();
      await t.render(<AnimatedPortrait ref={ref} animator={animator} lookAt={new Vector3(2, 0.1, 2)} />);
      // nothing but the portrait's own frames invalidates: the head turns (spring), frames arrive, scene re-renders
      await until(() => expect(ref.current?.frameCount ?? 0).toBeGreaterThan(5));
      await until(() => expect(ref.current!.stats.busy).toBe(false), 5000);
      await act(async () => { await new Promise((resolve) => setTimeout(resolve, 3000)); }); // the spring settles
      const settled = t.renders.count;
      await act(async () => { await new Promise((resolve) => setTimeout(resolve, 300)); });
      expect(t.renders.count).toBe(settled); // converged: no more inference, no more renders
      expect(settled).toBeGreaterThan(5);
      expect(ref.current!.frameCount).toBeGreaterThan(5);
      await t.unmount();
      await animator.dispose();
      await new Promise((resolve) => setTimeout(resolve, 100)); // let R3F's loop see there is nothing left to render
    } finally {
      vi.unstubAllGlobals();
    }
  }, 30_000);

  it('usePortraitRig caches per model + source: components share one animator; clear() frees what the cache made, never the model passed in', async () => {
    const t = await createTestRoot();
    const source = portraitImage();
    const refs = [createRef<AnimatedPortraitObject | null>(), createRef<AnimatedPortraitObject | null>()];
    usePortraitRig.preload(model, source);
    expect(rigCacheSize().rigs).toBeGreaterThanOrEqual(1);
    await t.render(
      <Suspense fallback={null}>
        <AnimatedPortrait ref={refs[0]} model={model} source={source} />
        <AnimatedPortrait ref={refs[1]} model={model} source={source} position={[1, 0, 0]} />
      </Suspense>,
    );
    await until(() => expect(refs[1]!.current).not.toBeNull());
    expect(refs[0]!.current!.animator).toBe(refs[1]!.current!.animator);
    const animator = refs[0]!.current!.animator as PortraitAnimator;
    await t.unmount();
    await usePortraitRig.clear(model, source);
    expect(() => animator.renderFrame({})).toThrow(/animator was disposed/);
    expect(model.disposed).toBe(false);
  });

  it('mounting and unmounting 100 times leaves no portrait, geometry, material or texture undisposed', async () => {
    const t = await createTestRoot();
    const source = portraitImage();
    const created: AnimatedPortraitObject[] = [];
    const cachedBefore = rigCacheSize().rigs;
    let show: ((on: boolean) => void) | undefined;
    function Toggle(): ReactElement | null {
      const [on, setOn] = useState(false);
      show = setOn;
      return on ? <AnimatedPortrait model={model} source={source} onFrame={() => undefined} ref={(p) => { if (p && !created.includes(p)) created.push(p); }} /> : null;
    }
    await t.render(<Suspense fallback={null}><Toggle /></Suspense>);
    for (let i = 0; i < 100; i += 1) {
      await act(async () => { show!(true); });
      await until(() => expect(portraitsIn(t.state)).toHaveLength(1));
      await t.frame();
      await act(async () => { show!(false); });
      expect(portraitsIn(t.state)).toHaveLength(0);
    }
    expect(created).toHaveLength(100);
    expect(created.every((p) => p.disposed && p.parent === null)).toBe(true);
    expect(rigCacheSize().rigs).toBe(cachedBefore + 1); // one encoding, shared by all 100 mounts
    await t.unmount();
    await usePortraitRig.clear(model, source);
  }, 60_000);
});
