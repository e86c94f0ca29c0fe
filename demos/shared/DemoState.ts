/** One portrait as a demo reports it (for people in the HUD, and for the browser tests). */
export interface PortraitReport {
  /** `head.yaw` as sent to the model (channel units: degrees for rig-tiny, coefficients for the fixture). */
  yaw: number;
  /** `head.pitch` as sent to the model. */
  pitch: number;
  /** Where the look target is, in degrees in the portrait's frame. */
  lookYaw: number;
  /** Frames shown so far. */
  frames: number;
  /** Inference frames per second delivered to this portrait. */
  fps: number;
  /** Whether a frame is being rendered for it right now. */
  busy: boolean;
  /** `head.yaw` units per degree (1 for calibrated models; the assumed scale for raw-coefficient ones). */
  yawPerDegree: number;
}

/** What a demo page publishes on `window.__demo` (read by test/browser). */
export interface DemoState {
  /** Models loaded, portraits encoded, first frames requested. */
  ready: boolean;
  /** The first error, if any. */
  error: string | null;
  /** Where inference runs: `webgpu` or `wasm`. */
  device: string | null;
  /** The model folder URL. */
  model: string | null;
  /** Whether the page is cross-origin isolated (multi-threaded WebAssembly). */
  crossOriginIsolated: boolean;
  /** Display frames per second. */
  renderFps: number;
  /** Inference frames per second (all portraits together). */
  inferenceFps: number;
  /** Worker-side milliseconds of the last frame (decoder and conversion). */
  inferenceMs: number;
  /** Portrait frames shown so far (all portraits). */
  frames: number;
  /** Per portrait. */
  portraits: PortraitReport[];
  /** Whether the scene renders in a worker (OffscreenCanvas) rather than on the page. */
  offscreen: boolean;
  /** Demo-specific controls for tests and the console (async: they may run in the render worker). */
  control: Record<string, (...args: never[]) => unknown>;
}

declare global {
  interface Window {
    /** The demo's live state. */
    __demo: DemoState;
  }
}

/** Creates and publishes the page's state object. */
export function publishDemoState(): DemoState {
  const state: DemoState = {
    ready: false, error: null, device: null, model: null, crossOriginIsolated: globalThis.crossOriginIsolated === true,
    renderFps: 0, inferenceFps: 0, inferenceMs: 0, frames: 0, portraits: [], offscreen: false, control: {},
  };
  window.__demo = state;
  return state;
}
