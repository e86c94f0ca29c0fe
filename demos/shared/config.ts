import type { Device } from 'portrait-rig';

/** What a demo page runs with: from the URL (`?model=…&device=…&portrait=…`), else the build's defaults. */
export interface DemoConfig {
  /** Model folder URL, e.g. `/models/rig-tiny/`. */
  readonly model: string;
  /** Requested device: `auto` (default), `webgpu` or `wasm`. */
  readonly device: Device;
  /** Portrait image URLs to animate. */
  readonly portraits: readonly string[];
  /** Models this build serves (for the switcher). */
  readonly models: readonly string[];
  /** `low` (`?quality=low`): no antialiasing, device pixel ratio 1 — for software-rendered WebGL (CI, SwiftShader). */
  readonly quality: 'high' | 'low';
  /** The page's query string (`?…`), for demo-specific options read where `location` is not the page's (workers). */
  readonly query: string;
}

const DEVICES: readonly Device[] = ['auto', 'webgpu', 'wasm'];

/** Reads the demo configuration from the page URL. */
export function readConfig(): DemoConfig {
  const params = new URLSearchParams(location.search);
  const model = params.get('model') ?? __DEMO_DEFAULT_MODEL__;
  const requested = params.get('device') as Device | null;
  const device = requested && DEVICES.includes(requested) ? requested : 'auto';
  const portraits = params.getAll('portrait');
  const defaults = model.includes('rig-tiny')
    ? [`${model}samples/avatar-1.png`, `${model}samples/avatar-2.png`, `${model}samples/astronaut-portrait.png`]
    : ['/portraits/avatar-1.png', '/portraits/avatar-2.png', '/portraits/astronaut-portrait.png'];
  return {
    model, device, portraits: portraits.length > 0 ? portraits : defaults, models: __DEMO_MODELS__.map((m) => `/models/${m}/`),
    quality: params.get('quality') === 'low' ? 'low' : 'high',
    query: location.search,
  };
}

/** The page URL with `key` set to `value` (for the device/model switchers: they reload the page). */
export function urlWith(key: string, value: string): string {
  const url = new URL(location.href);
  url.searchParams.set(key, value);
  return url.href;
}
