import type { DemoConfig } from './config.js';
import type { DemoState } from './DemoState.js';

/** The figures a scene publishes (everything of {@link DemoState} but the controls and where it renders). */
export type DemoFigures = Omit<DemoState, 'control' | 'offscreen'>;

/** What a demo scene gets, on the page or in a render worker. */
export interface DemoSceneContext {
  /** The canvas to render into: the page's, or its OffscreenCanvas in a worker. */
  readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  /** CSS pixels. */
  readonly width: number;
  /** CSS pixels. */
  readonly height: number;
  /** Device pixels per CSS pixel to render at. */
  readonly pixelRatio: number;
  /** The page's configuration (model, device, portraits, quality). */
  readonly config: DemoConfig;
  /** The figures to keep up to date (published to the page's HUD and `window.__demo` a few times a second). */
  readonly figures: DemoFigures;
  /** Shows a status line on the page. */
  status(text: string, isError?: boolean): void;
}

/** What a running scene offers the page. */
export interface DemoSceneController {
  /** The canvas was resized (CSS pixels). */
  resize(width: number, height: number): void;
  /** The pointer moved, in normalized device coordinates (−1..1, +y up). */
  pointer(x: number, y: number): void;
  /** Named controls for the HUD buttons, the console and the browser tests (may return promises). */
  readonly controls: Record<string, (...args: never[]) => unknown>;
}

/** Starts a scene. */
export type StartDemoScene = (context: DemoSceneContext) => Promise<DemoSceneController>;
