import { use } from 'react';
import type { PortraitSource } from '../three/PortraitSource.js';
import type { PortraitRig } from './PortraitRig.js';
import { clearRigs, rigEntry, type PortraitRigModel } from './portraitRigCache.js';
import type { PortraitRigOptions } from './PortraitRigOptions.js';

/** {@link usePortraitRig} with its static `preload` and `clear` (drei `useLoader` style). */
export interface UsePortraitRig {
  /**
   * Suspends until the model is loaded (once per URL and options) and `source` is encoded (once per model and
   * source), then returns the rig. Pass `null` as `model` to skip (returns `null`, no suspense).
   */
  (model: PortraitRigModel, source: PortraitSource, options?: PortraitRigOptions): PortraitRig;
  (model: PortraitRigModel | null, source: PortraitSource | null, options?: PortraitRigOptions): PortraitRig | null;
  /** Starts loading ahead of time (no suspense), e.g. at module level or on hover. */
  preload(model: PortraitRigModel, source: PortraitSource, options?: PortraitRigOptions): void;
  /**
   * Drops cached rigs and frees what the cache created (animators; models loaded from a URL — never objects you
   * passed in): all of them, one model's, or one model + source's. Unmount the components that use them first.
   */
  clear(model?: PortraitRigModel, source?: PortraitSource, options?: PortraitRigOptions): Promise<void>;
}

function usePortraitRigImpl(model: PortraitRigModel | null, source: PortraitSource | null, options: PortraitRigOptions = {}): PortraitRig | null {
  const entry = model === null || source === null ? null : rigEntry(model, source, options);
  return entry === null ? null : use(entry.promise);
}

/**
 * Loads a model and encodes a portrait for React Three Fiber, with Suspense: the component suspends until the rig is
 * ready; errors go to the nearest error boundary. Results are cached (by model URL + options, and source) and shared
 * by every component that asks for the same pair, so mounting and unmounting costs nothing after the first load.
 * The cache owns what it creates until {@link UsePortraitRig.clear}.
 *
 * @example
 * ```tsx
 * const worker = new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module' }));
 * usePortraitRig.preload('/models/rig-tiny/', '/me.png', { worker });
 *
 * function Avatar() {
 *   const rig = usePortraitRig('/models/rig-tiny/', '/me.png', { worker }); // suspends while loading
 *   return <AnimatedPortrait animator={rig.animator} lookAt="camera" />;
 * }
 * // <Suspense fallback={null}><Avatar /></Suspense>
 * ```
 */
export const usePortraitRig = Object.assign(usePortraitRigImpl, {
  preload(model: PortraitRigModel, source: PortraitSource, options?: PortraitRigOptions): void {
    rigEntry(model, source, options);
  },
  clear(model?: PortraitRigModel, source?: PortraitSource, options?: PortraitRigOptions): Promise<void> {
    return clearRigs(model, source, options);
  },
}) as UsePortraitRig;
