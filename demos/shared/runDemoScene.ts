import { readConfig } from './config.js';
import { createHud } from './createHud.js';
import type { StartDemoScene } from './DemoScene.js';
import { publishDemoState } from './DemoState.js';
import { initialFigures, type FromRenderWorker, type ToRenderWorker } from './serveDemoScene.js';

/** How a demo page runs its scene. */
export interface RunDemoSceneOptions {
  /** HUD title. */
  readonly title: string;
  /** Starts the render worker (the scene module served with serveDemoScene). */
  readonly worker: () => Worker;
  /** Loads the scene for rendering on the page itself (`?offscreen=0`, or no OffscreenCanvas). */
  readonly local: () => Promise<StartDemoScene>;
  /** HUD buttons: label → control name (and arguments), toggled by the page. */
  readonly buttons?: readonly { readonly label: (on: boolean) => string; readonly control: string; readonly initial: boolean }[];
}

/**
 * The page side of a demo: HUD, full-window canvas, and the scene — by default in a render worker (the canvas is
 * transferred as an OffscreenCanvas, so rendering and inference both stay off the main thread), or on the page
 * with `?offscreen=0`. Publishes `window.__demo` with the scene's figures and async controls.
 */
export function runDemoScene(options: RunDemoSceneOptions): void {
  const config = readConfig();
  const state = publishDemoState();
  state.model = config.model;
  const hud = createHud(options.title, config, state);
  const canvas = document.createElement('canvas');
  canvas.className = 'scene';
  document.body.prepend(canvas);
  const offscreen = new URLSearchParams(location.search).get('offscreen') !== '0' && typeof canvas.transferControlToOffscreen === 'function';
  const pixelRatio = config.quality === 'high' ? Math.min(devicePixelRatio, 2) : 1;
  const ndc = (event: PointerEvent): [number, number] => [(event.clientX / innerWidth) * 2 - 1, -(event.clientY / innerHeight) * 2 + 1];
  let call: (name: string, args: unknown[]) => Promise<unknown>;
  let onResize: () => void;
  let onPointer: (x: number, y: number) => void;

  if (offscreen) {
    const worker = options.worker();
    const view = canvas.transferControlToOffscreen();
    const send = (message: ToRenderWorker, transfer: Transferable[] = []): void => { worker.postMessage(message, transfer); };
    send({ type: 'init', canvas: view, width: innerWidth, height: innerHeight, pixelRatio, config }, [view]);
    let nextId = 1;
    const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
    worker.addEventListener('message', (event: MessageEvent<FromRenderWorker>) => {
      const message = event.data;
      if (message.type === 'figures') {
        Object.assign(state, message.figures);
        hud.refresh();
      } else if (message.type === 'status') {
        if (message.isError) state.error = message.text;
        hud.status(message.text, message.isError);
      } else {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) p?.resolve(message.value);
        else p?.reject(new Error(message.error));
      }
    });
    worker.addEventListener('error', (event) => {
      state.error = event.message || 'the render worker failed';
      hud.status(state.error, true);
    });
    call = (name, args) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ type: 'control', id, name, args });
    });
    onResize = () => { send({ type: 'resize', width: innerWidth, height: innerHeight }); };
    onPointer = (x, y) => { send({ type: 'pointer', x, y }); };
  } else {
    const figures = initialFigures();
    figures.model = config.model;
    let controller: Awaited<ReturnType<StartDemoScene>> | undefined;
    const started = options.local().then((start) => start({
      canvas, width: innerWidth, height: innerHeight, pixelRatio, config, figures,
      status: (text, isError = false) => { if (isError) state.error = text; hud.status(text, isError); },
    })).then((c) => { controller = c; }, (error: unknown) => {
      state.error = error instanceof Error ? error.message : String(error);
      hud.status(state.error, true);
    });
    setInterval(() => { Object.assign(state, figures); hud.refresh(); }, 250);
    call = async (name, args) => {
      await started;
      const fn = controller?.controls[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) throw new Error(`no control "${name}"`);
      return fn(...args);
    };
    onResize = () => { controller?.resize(innerWidth, innerHeight); };
    onPointer = (x, y) => { controller?.pointer(x, y); };
  }

  state.control = new Proxy({}, { get: (_target, name) => (...args: unknown[]) => call(String(name), args) }) as typeof state.control;
  state.offscreen = offscreen;
  addEventListener('resize', () => { onResize(); });
  canvas.addEventListener('pointermove', (event) => { onPointer(...ndc(event)); });
  for (const button of options.buttons ?? []) {
    let on = button.initial;
    const element = document.createElement('button');
    element.textContent = button.label(on);
    element.addEventListener('click', () => {
      on = !on;
      element.textContent = button.label(on);
      void call(button.control, [on]);
    });
    hud.controls.append(element);
  }
  hud.status(offscreen ? 'rendering in a worker (OffscreenCanvas) · loading…' : 'rendering on the page · loading…');
}
