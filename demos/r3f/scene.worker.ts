// The R3F demo's render worker: React Three Fiber renders into the page's canvas (OffscreenCanvas) from here.
import { serveDemoScene } from '../shared/serveDemoScene.js';
import { startOffscreen } from './startOffscreen.js';

serveDemoScene(startOffscreen);
