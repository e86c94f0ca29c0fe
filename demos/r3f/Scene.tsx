/**
 * The React Three Fiber scene: <AnimatedPortrait> components with a clip, a look-at that follows the camera and a
 * view-dependent pose; Suspense loading through usePortraitRig (cached, so remounting is free); inference in a
 * PortraitWorker. The same tree renders in a worker (createRoot on an OffscreenCanvas) or on the page in <Canvas>.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { loadClip, type MotionClip } from 'portrait-rig';
import { AnimatedPortrait, usePortraitRig } from 'portrait-rig/r3f';
import type { AnimatedPortrait as PortraitObject, PortraitWorker, WorkerAnimator } from 'portrait-rig/three';
import { use, useEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import { createPortraitWorker } from '../shared/createPortraitWorker.js';
import type { DemoSceneContext } from '../shared/DemoScene.js';
import { FpsMeter } from '../shared/FpsMeter.js';

let worker: PortraitWorker | undefined;
let clip: Promise<MotionClip> | undefined;
/** The scene's inference worker and clip, created once (module state: shared by every mount). */
function resources(): { worker: PortraitWorker; clip: Promise<MotionClip> } {
  worker ??= createPortraitWorker();
  clip ??= fetch('/clips/hello.clip.json').then((r) => r.text()).then((text) => loadClip(text, { source: 'hello.clip.json' }));
  return { worker, clip };
}

/** The frame loop the page asked for (`?frameloop=demand` renders only when something changes). */
export function frameloopOf(context: DemoSceneContext): 'always' | 'demand' {
  return new URLSearchParams(context.config.query).get('frameloop') === 'demand' ? 'demand' : 'always';
}

/** Moves the camera slowly around the portraits so the look-at and the view-dependent pose have something to follow. */
function CameraRig({ orbit }: { orbit: RefObject<boolean> }): null {
  const angle = useRef(0);
  useFrame((s, delta) => {
    if (!orbit.current) return;
    angle.current += delta * 0.4;
    s.camera.position.set(Math.sin(angle.current) * 1.8, 0.15 + Math.sin(angle.current * 0.6) * 0.4, 2.8 + Math.cos(angle.current) * 0.3);
    s.camera.lookAt(0, 0, 0);
    s.invalidate();
  });
  return null;
}

/** Offers `setCamera(x, y, z)`: stops the orbit and puts the camera there, looking at the portraits. */
function CameraControl({ controls, orbit }: { controls: Record<string, (...args: never[]) => unknown>; orbit: RefObject<boolean> }): null {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    Object.assign(controls, {
      setCamera: (x: number, y: number, z: number) => {
        orbit.current = false;
        camera.position.set(x, y, z);
        camera.lookAt(0, 0, 0);
        invalidate();
      },
    });
  }, [camera, controls, invalidate, orbit]);
  return null;
}

/** Keeps the figures current and offers the info / mount-cycle controls. */
function Reporter({ context, controls, portraits, setExtra }: {
  context: DemoSceneContext; controls: Record<string, (...args: never[]) => unknown>;
  portraits: RefObject<(PortraitObject | null)[]>; setExtra: (on: boolean) => void;
}): null {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const fps = useRef(new FpsMeter());
  const last = useRef(0);
  useEffect(() => {
    const info = () => ({ ...gl.info.memory, programs: gl.info.programs?.length ?? 0 });
    const nextFrames = (n: number) => new Promise<void>((resolve) => {
      const step = (left: number): void => { invalidate(); if (left <= 0) resolve(); else requestAnimationFrame(() => step(left - 1)); };
      step(n);
    });
    Object.assign(controls, {
      info,
      /** Mounts and unmounts a third portrait `n` times, each time until its first frame is on screen; then GPU memory figures. */
      mountCycles: async (n: number) => {
        for (let i = 0; i < n; i += 1) {
          setExtra(true);
          for (;;) {
            const p = portraits.current[2];
            if (p && !p.disposed && p.frameCount > 0) break;
            await nextFrames(1);
          }
          await nextFrames(1); // one render with the frame: the GPU texture exists
          setExtra(false);
          await nextFrames(1);
        }
        return info();
      },
    });
  }, [gl, invalidate, controls, portraits, setExtra]);
  useFrame(() => {
    const now = performance.now();
    fps.current.tick(now);
    if (now - last.current < 250) return;
    last.current = now;
    const list = portraits.current.filter((p): p is PortraitObject => p !== null && !p.disposed);
    const f = context.figures;
    f.renderFps = fps.current.fps;
    f.inferenceFps = list.reduce((sum, p) => sum + p.stats.fps, 0);
    f.inferenceMs = list[0] ? (list[0].animator as WorkerAnimator).inferenceMs : 0;
    f.frames = list.reduce((sum, p) => sum + p.frameCount, 0);
    f.portraits = list.map((p) => ({
      yaw: p.channelValue('head.yaw'), pitch: p.channelValue('head.pitch'), lookYaw: p.lookAngles.yaw, frames: p.frameCount, fps: p.stats.fps, busy: p.stats.busy, yawPerDegree: p.lookChannels.yaw.scale,
    }));
  });
  return null;
}

/** The portraits, camera and controls. Suspends until the clip and the first portrait are ready. */
export function Scene({ context, controls }: { context: DemoSceneContext; controls: Record<string, (...args: never[]) => unknown> }): ReactElement {
  const { config } = context;
  const { worker: portraitWorker, clip: clipPromise } = resources();
  const rigOptions = { worker: portraitWorker, device: config.device } as const;
  const motion = use(clipPromise);
  const rig = usePortraitRig(config.model, config.portraits[0]!, rigOptions);
  const orbit = useRef(true); // read every frame by the camera rig (no re-render needed)
  const [viewDependent, setViewDependent] = useState(true);
  const [playing, setPlaying] = useState(true);
  const [clipOn, setClipOn] = useState(true);
  const [extra, setExtra] = useState(false);
  const portraits = useRef<(PortraitObject | null)[]>([null, null, null]);

  useEffect(() => {
    context.figures.device = rig.device;
    context.figures.ready = true;
    context.status(`model ${rig.manifest.id} (${rig.resolution}²) · frameloop ${frameloopOf(context)} · ` +
      `${typeof document === 'undefined' ? 'rendering in a worker' : 'rendering on the page'}`);
    Object.assign(controls, {
      setOrbit: (on: boolean) => { orbit.current = on; }, setViewDependent, setClipsPlaying: setPlaying,
      /** Removes the clip (the pose is the look-at alone) or puts it back. */
      setClipsOn: setClipOn,
    });
  }, [rig, context, controls]);

  const view = viewDependent ? { strength: 0.5 } : false;
  return (
    <>
      <color attach="background" args={['#1b1e25']} />
      <CameraRig orbit={orbit} />
      <CameraControl controls={controls} orbit={orbit} />
      <AnimatedPortrait ref={(p) => { portraits.current[0] = p; }} animator={rig.animator} clip={clipOn ? motion : null} playing={playing}
        lookAt="camera" viewDependent={view} matte position={[-0.55, 0, 0]} />
      <AnimatedPortrait ref={(p) => { portraits.current[1] = p; }} model={config.model} source={config.portraits[1]!} {...rigOptions}
        clip={clipOn ? motion : null} playing={playing} loop="ping-pong" lookAt="camera" viewDependent={view} matte position={[0.55, 0, 0]} />
      {extra && (
        <AnimatedPortrait ref={(p) => { portraits.current[2] = p; }} model={config.model} source={config.portraits[2]!} {...rigOptions}
          clip={motion} lookAt="camera" size={0.6} position={[0, -0.85, 0.2]} />
      )}
      <Reporter context={context} controls={controls} portraits={portraits} setExtra={setExtra} />
    </>
  );
}
