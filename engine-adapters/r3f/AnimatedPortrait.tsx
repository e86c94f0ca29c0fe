import { useFrame, useThree, type ThreeElements } from '@react-three/fiber';
import {
  useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode, type Ref, type RefObject,
} from 'react';
import type { Camera, Object3D, Vector3Like } from 'three';
import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import type { ClipJson } from '../../sdk/motion/ClipJson.js';
import type { LoopMode } from '../../sdk/motion/LoopMode.js';
import type { MotionClip } from '../../sdk/motion/MotionClip.js';
import type { MotionMixer } from '../../sdk/motion/MotionMixer.js';
import {
  AnimatedPortrait as AnimatedPortraitObject, type PortraitLookAtOptions, type ViewDependentOptions,
} from '../three/AnimatedPortrait.js';
import type { PortraitFrameRenderer } from '../three/PortraitFrameRenderer.js';
import type { PortraitMatteOptions } from '../three/PortraitMatteOptions.js';
import type { PortraitSource } from '../three/PortraitSource.js';
import type { PortraitRigModel } from './portraitRigCache.js';
import type { PortraitRigOptions } from './PortraitRigOptions.js';
import { useMotionClip } from './useMotionClip.js';
import { usePortraitRig } from './usePortraitRig.js';

/** What the portrait's head follows: the scene camera, an object (or a ref to one), a world point, or nothing. */
export type PortraitLookTarget = 'camera' | Object3D | Vector3Like | RefObject<Object3D | null> | null;

/** Object3D props passed through to the portrait object (position, rotation, scale, visible, name, events …). */
export type PortraitObjectProps = Omit<ThreeElements['object3D'], 'ref' | 'args' | 'children' | 'lookAt' | 'attach' | 'dispose' | 'object'>;

/** Props of {@link AnimatedPortrait}. */
export interface AnimatedPortraitProps extends PortraitObjectProps, PortraitRigOptions {
  /** Receives the three.js object (`AnimatedPortrait` from `portrait-rig/three`). */
  readonly ref?: Ref<AnimatedPortraitObject | null>;
  /** The model: a folder URL (loaded with Suspense and cached, see `usePortraitRig`) or a loaded model. */
  readonly model?: PortraitRigModel;
  /** The portrait image (URL, Blob, ImageBitmap, ImageData, element). Needed with `model`. */
  readonly source?: PortraitSource;
  /** Your own animator instead of `model` + `source` (source already set). Never disposed by the component. */
  readonly animator?: PortraitFrameRenderer;
  /** A clip to play (a `MotionClip`, clip JSON or its text); changing it switches clips. */
  readonly clip?: MotionClip | ClipJson | string | null;
  /** Plays (default) or pauses the clip where it is. */
  readonly playing?: boolean;
  /** Loop mode of the clip; default `loop`. */
  readonly loop?: LoopMode;
  /** Seconds to cross-fade when the clip changes; default 0. */
  readonly fade?: number;
  /** What the head turns toward (`'camera'`, an object, a ref, a world point); default none. */
  readonly lookAt?: PortraitLookTarget;
  /** Look-at solver options (limits, smoothing, head position); the portrait is rebuilt when they change. */
  readonly lookAtOptions?: PortraitLookAtOptions;
  /** Turn the face with the camera's angle (`true`, or options: strength, limits). */
  readonly viewDependent?: boolean | ViewDependentOptions;
  /** Side of the picture in scene units; default 1. */
  readonly size?: number;
  /** Soft alpha vignette: `true` or its options. */
  readonly matte?: boolean | PortraitMatteOptions;
  /** Read channels from this mixer instead of the portrait's own (you advance it). */
  readonly mixer?: MotionMixer;
  /** Called after each new frame reached the texture. */
  readonly onFrame?: (portrait: AnimatedPortraitObject) => void;
  /** Render errors; default `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Channels a clip animates that the model lacks; default `console.warn`. */
  readonly onWarning?: (message: string) => void;
  /** Children are added to the portrait object (they move with it). */
  readonly children?: ReactNode;
}

function resolveTarget(target: PortraitLookTarget | undefined, camera: Camera): Object3D | Vector3Like | null {
  if (target === undefined || target === null) return null;
  if (target === 'camera') return camera;
  if (typeof target === 'object' && 'current' in target && !(target as { isObject3D?: boolean }).isObject3D) return target.current ?? null;
  return target as Object3D | Vector3Like;
}

/**
 * An animated portrait in a React Three Fiber scene: loads the model and encodes the portrait with Suspense (cached,
 * see `usePortraitRig`), plays `clip`, turns the head toward `lookAt`, optionally turns with the camera
 * (`viewDependent`), and renders frames asynchronously (inference never blocks the render loop; in a worker when
 * you pass `worker`). `ref` receives the three.js object. With `frameloop="demand"` it calls `invalidate()` whenever a
 * new frame arrives, so the scene renders only while the avatar moves.
 *
 * Ownership: it creates (and on unmount disposes) the three.js object, its geometry, material and textures; it
 * never disposes what you pass in (`animator`, `model` objects, `mixer`, `worker`, the look target). Rigs loaded
 * from URLs stay cached for the next mount; free them with `usePortraitRig.clear`.
 *
 * @example
 * ```tsx
 * import { Canvas } from '@react-three/fiber';
 * import { Suspense } from 'react';
 * import { AnimatedPortrait } from 'portrait-rig/r3f';
 * import { PortraitWorker } from 'portrait-rig/three';
 *
 * const worker = new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module' }));
 *
 * export const App = () => (
 *   <Canvas frameloop="demand" camera={{ position: [0, 0, 2.5] }}>
 *     <Suspense fallback={null}>
 *       <AnimatedPortrait model="/models/rig-tiny/" source="/me.png" worker={worker}
 *         clip={helloClip} lookAt="camera" viewDependent matte position={[0, 0.2, 0]} />
 *     </Suspense>
 *   </Canvas>
 * );
 * ```
 */
export function AnimatedPortrait(props: AnimatedPortraitProps): ReactElement | null {
  const {
    ref, model, source, animator: given, device, worker, backend, threads, wasmPaths, clip, playing = true, loop = 'loop', fade = 0,
    lookAt, lookAtOptions, viewDependent = false, size, matte, mixer, onFrame, onError, onWarning, children, ...objectProps
  } = props;
  const rig = usePortraitRig(given ? null : model ?? null, given ? null : source ?? null, {
    ...(device !== undefined ? { device } : {}), ...(worker !== undefined ? { worker } : {}),
    ...(backend !== undefined ? { backend } : {}), ...(threads !== undefined ? { threads } : {}),
    ...(wasmPaths !== undefined ? { wasmPaths } : {}),
  });
  const animator = given ?? rig?.animator ?? null;
  if (!animator) {
    throw new PortraitRigError('INVALID_ARGUMENT', '<AnimatedPortrait> needs `model` and `source` (or an `animator`).');
  }
  const invalidate = useThree((state) => state.invalidate);
  const [portrait, setPortrait] = useState<AnimatedPortraitObject | null>(null);
  const callbacks = useRef({ onFrame, onError, onWarning });
  callbacks.current = { onFrame, onError, onWarning };
  const lookRef = useRef(lookAt);
  lookRef.current = lookAt;

  // Construction options: the portrait is rebuilt only when one of these really changes (plain data compared by value).
  const matteKey = JSON.stringify(matte ?? null);
  const lookKey = JSON.stringify(lookAtOptions ?? null);
  // Only the limits and smoothing are fixed at construction; on/off and strength change at run time.
  const viewKey = typeof viewDependent === 'object'
    ? JSON.stringify([viewDependent.maxYaw, viewDependent.maxPitch, viewDependent.smoothTime]) : 'default';
  useLayoutEffect(() => {
    const created = new AnimatedPortraitObject({
      animator,
      ...(size !== undefined ? { size } : {}),
      ...(matte !== undefined ? { matte } : {}),
      ...(lookAtOptions !== undefined ? { lookAt: lookAtOptions } : {}),
      ...(typeof viewDependent === 'object' ? { viewDependent } : {}),
      ...(mixer !== undefined ? { mixer } : {}),
      onError: (error) => { (callbacks.current.onError ?? ((e: unknown) => { console.error(e); }))(error); },
      onWarning: (message) => { (callbacks.current.onWarning ?? ((m: string) => { console.warn(m); }))(message); },
    });
    setPortrait(created);
    return () => {
      created.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- option objects are compared by value (the keys)
  }, [animator, size, matteKey, lookKey, viewKey, mixer]);

  useImperativeHandle<AnimatedPortraitObject | null, AnimatedPortraitObject | null>(ref, () => portrait, [portrait]);

  useEffect(() => {
    if (!portrait) return undefined;
    const onNewFrame = (): void => {
      invalidate();
      callbacks.current.onFrame?.(portrait);
    };
    portrait.addEventListener('frame', onNewFrame);
    return () => { portrait.removeEventListener('frame', onNewFrame); };
  }, [portrait, invalidate]);

  useEffect(() => {
    if (!portrait) return;
    portrait.viewDependent = viewDependent !== false;
    if (typeof viewDependent === 'object' && viewDependent.strength !== undefined) portrait.viewStrength = viewDependent.strength;
    invalidate();
  }, [portrait, viewDependent, lookAt, playing, clip, invalidate]);

  useMotionClip(portrait, clip, { playing, loop, fade });

  useFrame((state, delta) => {
    if (!portrait) return;
    const target = resolveTarget(lookRef.current, state.camera);
    if (target !== portrait.lookTarget) portrait.lookAt(target);
    portrait.update(delta, state.camera);
  });

  if (!portrait) return null;
  return <primitive object={portrait} {...objectProps}>{children}</primitive>;
}
