/**
 * Demo 2 — React Three Fiber: <AnimatedPortrait> with a clip, a look-at following the camera and a view-dependent
 * pose (demos/r3f/Scene.tsx). By default the scene renders in a worker (R3F's createRoot on an OffscreenCanvas);
 * `?offscreen=0` renders it on the page in <Canvas> (StrictMode). `?frameloop=demand` renders only on changes.
 */
import '../shared/style.css';
import { runDemoScene } from '../shared/runDemoScene.js';

runDemoScene({
  title: 'React Three Fiber',
  worker: () => new Worker(new URL('./scene.worker.ts', import.meta.url), { type: 'module', name: 'r3f-scene' }),
  local: () => import('./startCanvas.js').then((m) => m.startCanvas),
  buttons: [
    { label: (on) => `orbit: ${on ? 'on' : 'off'}`, control: 'setOrbit', initial: true },
    { label: (on) => `view-dependent: ${on ? 'on' : 'off'}`, control: 'setViewDependent', initial: true },
    { label: (on) => (on ? 'pause clip' : 'play clip'), control: 'setClipsPlaying', initial: true },
  ],
});
