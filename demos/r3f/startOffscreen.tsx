import { createRoot, extend } from '@react-three/fiber';
import { Suspense } from 'react';
import { Color } from 'three';
import type { DemoSceneContext, DemoSceneController } from '../shared/DemoScene.js';
import { frameloopOf, Scene } from './Scene.js';

/**
 * R3F without react-dom: `createRoot` on the canvas (an OffscreenCanvas in the render worker) — what <Canvas> does on
 * the page, minus DOM events and resize observation (the page forwards sizes).
 */
export async function startOffscreen(context: DemoSceneContext): Promise<DemoSceneController> {
  extend({ Color }); // the intrinsic elements the scene uses (<color>); <Canvas> registers all of three itself
  const root = createRoot(context.canvas as HTMLCanvasElement);
  const size = (width: number, height: number) => ({ width, height, top: 0, left: 0 });
  await root.configure({
    size: size(context.width, context.height), dpr: context.pixelRatio, frameloop: frameloopOf(context),
    camera: { position: [0, 0.1, 2.8], fov: 45 }, gl: { antialias: context.config.quality === 'high' },
  });
  const controls: DemoSceneController['controls'] = {};
  root.render(<Suspense fallback={null}><Scene context={context} controls={controls} /></Suspense>);
  return {
    resize(width, height) { void root.configure({ size: size(width, height) }); },
    pointer() {},
    controls,
  };
}
