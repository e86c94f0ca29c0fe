import { PortraitWorker } from 'portrait-rig/three';

/** Starts the demos' inference worker (Vite bundles it from this `new Worker(new URL(…))` expression). */
export function createPortraitWorker(): PortraitWorker {
  return new PortraitWorker(new Worker(new URL('./portrait.worker.ts', import.meta.url), { type: 'module', name: 'portrait-rig' }));
}
