import type { DemoConfig } from './config.js';
import type { DemoFigures, StartDemoScene } from './DemoScene.js';

/** Messages from the page to a render worker. */
export type ToRenderWorker =
  | { type: 'init'; canvas: OffscreenCanvas; width: number; height: number; pixelRatio: number; config: DemoConfig }
  | { type: 'resize'; width: number; height: number }
  | { type: 'pointer'; x: number; y: number }
  | { type: 'control'; id: number; name: string; args: unknown[] };

/** Messages from a render worker to the page. */
export type FromRenderWorker =
  | { type: 'figures'; figures: DemoFigures; controls: string[] }
  | { type: 'status'; text: string; isError: boolean }
  | { type: 'result'; id: number; ok: boolean; value?: unknown; error?: string };

/** The initial figures of a scene. */
export function initialFigures(): DemoFigures {
  return {
    ready: false, error: null, device: null, model: null, crossOriginIsolated: globalThis.crossOriginIsolated === true,
    renderFps: 0, inferenceFps: 0, inferenceMs: 0, frames: 0, portraits: [],
  };
}

/**
 * Runs a demo scene inside a render worker: the page transfers its canvas (OffscreenCanvas), forwards resizes,
 * pointer moves and control calls, and receives the figures four times a second. The page's main thread then does
 * no rendering and no inference at all.
 */
export function serveDemoScene(start: StartDemoScene): void {
  const post = (message: FromRenderWorker): void => { self.postMessage(message); };
  let controller: Awaited<ReturnType<StartDemoScene>> | undefined;
  const figures = initialFigures();
  self.addEventListener('message', (event: MessageEvent<ToRenderWorker>) => {
    const message = event.data;
    if (message.type === 'init') {
      figures.model = message.config.model;
      start({
        canvas: message.canvas, width: message.width, height: message.height, pixelRatio: message.pixelRatio, config: message.config,
        figures, status: (text, isError = false) => { post({ type: 'status', text, isError }); },
      }).then((c) => { controller = c; }, (error: unknown) => {
        figures.error = error instanceof Error ? error.message : String(error);
        post({ type: 'status', text: figures.error, isError: true });
      });
      setInterval(() => { post({ type: 'figures', figures, controls: Object.keys(controller?.controls ?? {}) }); }, 250);
    } else if (message.type === 'resize') {
      controller?.resize(message.width, message.height);
    } else if (message.type === 'pointer') {
      controller?.pointer(message.x, message.y);
    } else if (message.type === 'control') {
      const fn = controller?.controls[message.name] as ((...args: unknown[]) => unknown) | undefined;
      Promise.resolve().then(() => {
        if (!fn) throw new Error(`no control "${message.name}" (the scene is not ready yet?)`);
        return fn(...message.args);
      }).then(
        (value) => { post({ type: 'result', id: message.id, ok: true, value }); },
        (error: unknown) => { post({ type: 'result', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }); },
      );
    }
  });
}
