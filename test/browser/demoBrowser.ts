/**
 * Helpers for the real-browser tests of the demos: build them with Vite into a private folder, serve it with
 * cross-origin isolation (demos/serve.ts), drive Debian's Chromium headless through playwright-core, and read what
 * the pages publish (`window.__demo`), their console, their long tasks and their pixels.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { build, loadConfigFromFile, type InlineConfig } from 'vite';
import { startDemoServer, type DemoServer } from '../../demos/serve.js';
import { repoRoot } from '../runtime/fixtureModels.js';
import { launchChromium } from '../support/launchChromium.js';

/** Chromium to drive (never downloaded): Debian's, or `PORTRAIT_RIG_CHROMIUM`. */
export { CHROMIUM_PATH as CHROMIUM } from '../support/launchChromium.js';
/** Where screenshots go (git-ignored). */
export const ARTIFACTS = path.join(repoRoot, 'test', 'artifacts');

/** What a demo page publishes on `window.__demo` (see demos/shared/DemoState.ts). */
export interface DemoFiguresSeen {
  ready: boolean;
  error: string | null;
  device: string | null;
  model: string | null;
  crossOriginIsolated: boolean;
  offscreen: boolean;
  renderFps: number;
  inferenceFps: number;
  inferenceMs: number;
  frames: number;
  portraits: { yaw: number; pitch: number; lookYaw: number; frames: number; fps: number; busy: boolean; yawPerDegree: number }[];
}

/** A page under test with what it reported. */
export interface DemoPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and failed requests, as text. */
  readonly errors: string[];
  /** The page's figures now. */
  figures(): Promise<DemoFiguresSeen>;
  /** Calls `window.__demo.control[name](...args)` (async: it may run in the render worker). */
  control<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  /** Long tasks (ms) on the main thread that started after `since` (page time, ms). */
  longTasks(since: number): Promise<{ start: number; duration: number }[]>;
  /** URLs the page's main thread fetched (Resource Timing; a worker's fetches are in the worker's own timeline). */
  mainThreadResources(): Promise<string[]>;
  /** `performance.now()` in the page. */
  now(): Promise<number>;
  /** Waits until `check(figures)` holds (polling), or fails with the last figures. */
  waitFor(check: (f: DemoFiguresSeen) => boolean, timeoutMs: number, what: string): Promise<DemoFiguresSeen>;
  /**
   * Waits until every portrait is still: no frame rendering, and frames and head yaw unchanged over two polls
   * 700 ms apart — so the frame on screen is the one for the current pose (the pacer renders nothing while nothing moves).
   */
  waitSettled(timeoutMs: number, what: string): Promise<DemoFiguresSeen>;
}

/**
 * Builds the demos into a fresh temp folder (never the shared demos/dist): all of them, or only `page` (the folder
 * name under demos/, e.g. `'audio'`), with the demos' own Vite config either way.
 */
export async function buildDemos(page?: string): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-demos-'));
  if (page === undefined) {
    await build({
      configFile: path.join(repoRoot, 'demos', 'vite.config.ts'), logLevel: 'error', mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  }
  // one page: the config's own input list is replaced, not merged into
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(repoRoot, 'demos', 'vite.config.ts'));
  const config = loaded!.config as InlineConfig;
  await build({
    ...config, configFile: false, logLevel: 'error',
    build: { ...config.build, outDir, emptyOutDir: true, minify: false,
      rolldownOptions: { input: { [page]: path.join(repoRoot, 'demos', page, 'index.html') } } },
  });
  return outDir;
}

/** The test environment: a demos build, a server and a browser. */
export interface DemoEnvironment {
  readonly server: DemoServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds (all demos, or only `page`), serves and launches Chromium with the flags DESIGN.md §5 prescribes plus
 * `chromiumFlags` (a fake camera or microphone, for instance).
 */
export async function startDemoEnvironment(options: { page?: string; chromiumFlags?: readonly string[] } = {}): Promise<DemoEnvironment> {
  const root = await buildDemos(options.page);
  const server = await startDemoServer({ root });
  const browser = await launchChromium([...options.chromiumFlags ?? []]);
  return {
    server, browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** WebGL 2 texture calls made on the page's main thread so far (see {@link openDemo}). */
export interface TextureCalls {
  /** `texStorage2D`: a texture's storage allocated. */
  storage: number;
  /** `texSubImage2D`: pixels uploaded into existing storage. */
  sub: number;
  /** `texImage2D`: (re)allocation with upload. */
  image: number;
}

/** Reads the page's texture call counters. */
export function textureCalls(page: Page): Promise<TextureCalls> {
  return page.evaluate(() => ({ ...(window as unknown as { __textureCalls: TextureCalls }).__textureCalls }));
}

/**
 * Opens a demo page with the long-task observer (and WebGL 2 texture call counters, for scenes rendered on the page)
 * installed before any script runs.
 */
export async function openDemo(env: DemoEnvironment, url: string, viewport = { width: 960, height: 600 }): Promise<DemoPage> {
  const page = await env.browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => { errors.push(`pageerror: ${error.message}`); });
  page.on('requestfailed', (request) => { errors.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`); });
  page.on('response', (response) => { if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`); });
  await page.addInitScript(() => {
    const seen: { start: number; duration: number }[] = [];
    (window as unknown as { __longTasks: typeof seen }).__longTasks = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    const calls = { storage: 0, sub: 0, image: 0 };
    (window as unknown as { __textureCalls: typeof calls }).__textureCalls = calls;
    const proto = WebGL2RenderingContext.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [name, key] of [['texStorage2D', 'storage'], ['texSubImage2D', 'sub'], ['texImage2D', 'image']] as const) {
      const original = proto[name]!;
      proto[name] = function counted(this: unknown, ...args: unknown[]) {
        calls[key] += 1;
        return original.apply(this, args);
      };
    }
  });
  await page.goto(env.server.origin + url);
  const demo: DemoPage = {
    page, errors,
    waitSettled: () => Promise.reject(new Error('not ready')),
    figures: () => page.evaluate(() => {
      const { control: _control, ...figures } = window.__demo;
      return JSON.parse(JSON.stringify(figures)) as DemoFiguresSeen;
    }),
    control: <T>(name: string, ...args: unknown[]) => page.evaluate(async ([n, a]) => {
      const fn = (window.__demo.control as Record<string, (...x: unknown[]) => unknown>)[n as string]!;
      return (await fn(...(a as unknown[]))) as T;
    }, [name, args] as const) as Promise<T>,
    longTasks: (since) => page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
      .filter((e) => e.start >= t).map((e) => ({ start: Math.round(e.start), duration: Math.round(e.duration) })), since),
    mainThreadResources: () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)),
    now: () => page.evaluate(() => performance.now()),
    async waitFor(check, timeoutMs, what) {
      const end = Date.now() + timeoutMs;
      let last: DemoFiguresSeen | undefined;
      for (;;) {
        last = await demo.figures().catch(() => last);
        if (last?.error) throw new Error(`${what}: the page failed: ${last.error}`);
        if (last && check(last)) return last;
        if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms; last figures ${JSON.stringify(last)}`);
        await page.waitForTimeout(250);
      }
    },
  };
  demo.waitSettled = async (timeoutMs, what) => {
    const end = Date.now() + timeoutMs;
    let previous = await demo.figures();
    for (;;) {
      await page.waitForTimeout(700);
      const current = await demo.figures();
      const still = current.portraits.length > 0 && current.portraits.every((p, i) => {
        const before = previous.portraits[i];
        return !p.busy && before !== undefined && !before.busy && p.frames === before.frames && Math.abs(p.yaw - before.yaw) < 1e-3;
      });
      if (still) return current;
      if (Date.now() > end) throw new Error(`${what}: never settled within ${timeoutMs} ms; last figures ${JSON.stringify(current)}`);
      previous = current;
    }
  };
  await page.waitForFunction(() => typeof window.__demo === 'object', null, { timeout: 30_000 });
  return demo;
}

/** Saves a screenshot (or a region) under test/artifacts and returns its raw RGB pixels. */
export async function screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }):
Promise<{ file: string; width: number; height: number; data: Buffer }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  const png = await page.screenshot(clip ? { clip } : {});
  writeFileSync(file, png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { file, width: info.width, height: info.height, data };
}

/** Standard deviation of the pixel values (0 for a blank image). */
export function pixelSpread(data: Buffer): number {
  let sum = 0;
  let sq = 0;
  for (const v of data) { sum += v; sq += v * v; }
  const mean = sum / data.length;
  return Math.sqrt(Math.max(0, sq / data.length - mean * mean));
}

/** Mean absolute difference per channel value between two equally sized images (0..255). */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / n;
}

/** Records measured figures for the report (test/artifacts/browser-report.json). */
export function report(key: string, value: unknown): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'browser-report.json');
  let all: Record<string, unknown> = {};
  try { all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>; } catch { all = {}; }
  all[key] = value;
  writeFileSync(file, JSON.stringify(all, null, 2));
}

/** What a demo page showed when its model folder could not be loaded (see {@link openWithUnloadableModel}). */
export interface ModelErrorSeen {
  /** `ready` of the page's published state (it must stay false). */
  ready: boolean;
  /** `error` of the page's published state. */
  error: string;
  /** The text of the page's `#error` element. */
  shown: string | null;
}

/**
 * Opens `url` on a page that publishes its state as `window[stateName]` (`__audioDemo`, `__webcam`, …), waits until
 * that state reports an error (as when the URL names a model folder that does not exist) and returns what it saw.
 */
export async function openWithUnloadableModel(browser: Browser, url: string, stateName: string): Promise<ModelErrorSeen> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const read = () => page.evaluate((name) => {
      const state = (window as unknown as Record<string, { ready: boolean; error: string | null } | undefined>)[name];
      return { ready: state?.ready ?? false, error: state?.error ?? null };
    }, stateName);
    await page.waitForFunction((name) => (window as unknown as Record<string, { error: string | null } | undefined>)[name]?.error,
      stateName, { timeout: 60_000 });
    const { ready, error } = await read();
    return { ready, error: error!, shown: await page.textContent('#error') };
  } finally {
    await page.close();
  }
}
