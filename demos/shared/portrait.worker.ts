// The demos' inference worker: model loading, encoding and decoding all run here, off the page's main thread.
import { serveAnimatorWorker } from 'portrait-rig/three/worker';

serveAnimatorWorker();
