/**
 * `portrait-rig/three`: PortraitRig in three.js scenes — {@link PortraitTexture} (frames uploaded in place),
 * {@link AnimatedPortrait} (a plane driven by a motion mixer, with a 3D look-at and a view-dependent pose), and
 * {@link PortraitWorker} to run inference in a Web Worker. Peer dependency: `three`.
 *
 * @packageDocumentation
 */
export * from './AnimatedPortrait.js';
export * from './createPortraitMatte.js';
export type { LookAngles } from './LookAngles.js';
export * from './loadPortraitImage.js';
export type { PortraitFrameRenderer } from './PortraitFrameRenderer.js';
export * from './portraitLookAngles.js';
export type { PortraitMatteOptions } from './PortraitMatteOptions.js';
export type { PortraitSource } from './PortraitSource.js';
export * from './PortraitTexture.js';
export * from './resolveLookChannels.js';
export type { MessageEndpoint } from './worker/MessageEndpoint.js';
export * from './worker/PortraitWorker.js';
export * from './worker/RemotePortraitModel.js';
export * from './worker/WorkerAnimator.js';
