import { Canvas } from '@react-three/fiber';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import type { DemoSceneContext, DemoSceneController } from '../shared/DemoScene.js';
import { frameloopOf, Scene } from './Scene.js';

/** The usual R3F setup on the page: react-dom and <Canvas> (in StrictMode). Replaces the page's canvas. */
export async function startCanvas(context: DemoSceneContext): Promise<DemoSceneController> {
  const placeholder = context.canvas as HTMLCanvasElement;
  const container = document.createElement('div');
  container.style.cssText = 'position:fixed;inset:0';
  placeholder.replaceWith(container);
  const controls: DemoSceneController['controls'] = {};
  createRoot(container).render(
    <StrictMode>
      <Canvas frameloop={frameloopOf(context)} camera={{ position: [0, 0.1, 2.8], fov: 45 }} dpr={context.pixelRatio}
        gl={{ antialias: context.config.quality === 'high' }}>
        <Suspense fallback={null}><Scene context={context} controls={controls} /></Suspense>
      </Canvas>
    </StrictMode>,
  );
  return { resize() {}, pointer() {}, controls };
}
