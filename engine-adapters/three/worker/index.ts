/**
 * `portrait-rig/three/worker`: the worker side of PortraitRig's off-main-thread animator. Call
 * {@link serveAnimatorWorker} in your worker script; the page talks to it with `PortraitWorker` from
 * `portrait-rig/three`. Imports neither three nor React.
 *
 * @packageDocumentation
 */
export * from './serveAnimatorWorker.js';
export type { MessageEndpoint } from './MessageEndpoint.js';
export type { LoadModelRequest, SourcePayload } from './protocol.js';
