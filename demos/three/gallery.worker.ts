// The gallery's render worker: three.js draws into the page's canvas (OffscreenCanvas) from here.
import { serveDemoScene } from '../shared/serveDemoScene.js';
import { startGallery } from './gallery.js';

serveDemoScene(startGallery);
