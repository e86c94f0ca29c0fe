import type { ModelManifest } from '../../sdk/rig/ModelManifest.js';
import type { ExecutionDevice } from '../../sdk/runtime/Device.js';
import type { PortraitFrameRenderer } from '../three/PortraitFrameRenderer.js';

/** A portrait ready to animate: its animator (source encoded) and facts about the model (see {@link usePortraitRig}). */
export interface PortraitRig {
  /** Renders the frames: a `WorkerAnimator` (with a worker) or a `PortraitAnimator` (on the main thread). */
  readonly animator: PortraitFrameRenderer;
  /** Where inference runs: `webgpu`, `wasm` (or a Node device in tests). */
  readonly device: ExecutionDevice;
  /** The model's manifest (channels, ranges, license). */
  readonly manifest: ModelManifest;
  /** Square frame side in pixels. */
  readonly resolution: number;
}
