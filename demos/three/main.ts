/**
 * Demo 1 — a three.js gallery of portraits on stands that look at the moving camera or the mouse. The scene
 * (demos/three/gallery.ts) renders in a worker into the page's canvas (OffscreenCanvas); `?offscreen=0` renders it on
 * the page instead. Inference runs in a second worker either way.
 */
import '../shared/style.css';
import { runDemoScene } from '../shared/runDemoScene.js';

runDemoScene({
  title: 'three.js gallery',
  worker: () => new Worker(new URL('./gallery.worker.ts', import.meta.url), { type: 'module', name: 'gallery' }),
  local: () => import('./gallery.js').then((m) => m.startGallery),
  buttons: [
    { label: (on) => `look at: ${on ? 'mouse' : 'camera'}`, control: 'setLookAtMouse', initial: false },
    { label: (on) => `orbit: ${on ? 'on' : 'off'}`, control: 'setOrbit', initial: true },
    { label: (on) => `view-dependent: ${on ? 'on' : 'off'}`, control: 'setViewDependent', initial: false },
  ],
});
