import { defaultWasmThreads } from 'portrait-rig/web';
import type { DemoConfig } from './config.js';
import { urlWith } from './config.js';
import type { DemoState } from './DemoState.js';

/** The overlay every demo shows: backend in use with a switcher, model switcher, fps, status. */
export interface Hud {
  /** Shows a status line (loading progress, errors). */
  status(text: string, isError?: boolean): void;
  /** Redraws the figures from the state (call a few times a second). */
  refresh(): void;
  /** A container for demo-specific controls. */
  readonly controls: HTMLElement;
}

/** Builds the HUD into `document.body`. */
export function createHud(title: string, config: DemoConfig, state: DemoState): Hud {
  const root = document.createElement('div');
  root.className = 'hud';
  root.innerHTML = `
    <div class="hud-title"><a href="/">PortraitRig</a> · ${title}</div>
    <label>backend <select data-id="device">
      <option value="auto">auto</option><option value="webgpu">WebGPU</option><option value="wasm">WASM</option>
    </select></label>
    <span class="hud-chip" data-id="running">…</span>
    <label>model <select data-id="model"></select></label>
    <div class="hud-figures"><span data-id="fps">– fps</span> · <span data-id="ifps">– inference fps</span> · <span data-id="ims">–</span></div>
    <div class="hud-status" data-id="status">loading…</div>
    <div class="hud-controls" data-id="controls"></div>`;
  document.body.append(root);
  const get = <T extends HTMLElement>(id: string): T => root.querySelector(`[data-id="${id}"]`) as T;
  const device = get<HTMLSelectElement>('device');
  device.value = config.device;
  device.addEventListener('change', () => { location.href = urlWith('device', device.value); });
  const model = get<HTMLSelectElement>('model');
  for (const url of config.models) model.append(new Option(url.replace(/^\/models\/|\/$/g, ''), url, false, url === config.model));
  model.addEventListener('change', () => { location.href = urlWith('model', model.value); });
  const running = get('running');
  const fps = get('fps');
  const ifps = get('ifps');
  const ims = get('ims');
  const status = get('status');
  const wasmThreads = defaultWasmThreads();
  return {
    controls: get('controls'),
    status(text, isError = false) {
      status.textContent = text;
      status.classList.toggle('hud-error', isError);
    },
    refresh() {
      running.textContent = state.device === null ? '…' : `running on ${state.device === 'webgpu' ? 'WebGPU' : state.device === 'wasm' ? 'WASM' : state.device}` +
        (state.device === 'wasm' ? (state.crossOriginIsolated ? ` (${wasmThreads} thread${wasmThreads === 1 ? '' : 's'})` : ' (1 thread: not isolated)') : '');
      fps.textContent = `${state.renderFps.toFixed(0)} fps`;
      ifps.textContent = `${state.inferenceFps.toFixed(1)} inference fps`;
      ims.textContent = `${state.inferenceMs.toFixed(0)} ms/frame in the worker`;
    },
  };
}
