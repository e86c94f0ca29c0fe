/**
 * `portrait-rig/r3f`: PortraitRig for React Three Fiber — the {@link AnimatedPortrait} component and the
 * {@link usePortraitRig} (Suspense loading with `preload`/`clear`) and {@link useMotionClip} hooks. Peer
 * dependencies: `react`, `@react-three/fiber`, `three`. The three.js object behind the component is `AnimatedPortrait`
 * from `portrait-rig/three`.
 *
 * @packageDocumentation
 */
export * from './AnimatedPortrait.js';
export type { PortraitRig } from './PortraitRig.js';
export type { PortraitRigModel } from './portraitRigCache.js';
export type { PortraitRigOptions } from './PortraitRigOptions.js';
export * from './useMotionClip.js';
export * from './usePortraitRig.js';
