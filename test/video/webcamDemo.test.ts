/**
 * The webcam demo page (demos/webcam) in headless Chromium with a fake camera: Chromium plays a generated avatar
 * driving video (test/fixtures/driving/talk-128.mp4, converted to y4m with ffmpeg) as the webcam
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file.y4m>`). The page is built with the
 * demos' own Vite config and runs the model on onnxruntime-web's WebAssembly backend (WebGPU on SwiftShader is too
 * slow for a live loop). Uses the liax-tiny fixture (64², random weights) unless PORTRAIT_RIG_WEBCAM_MODEL=rig-tiny: this
 * proves the live pipeline — camera → crop → encoder → 1 € filter → relative transfer → decoder → canvas — not the look.
 *
 * Skipped where /usr/bin/chromium is missing (set PORTRAIT_RIG_CHROMIUM to another Chromium).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';
import { openWithUnloadableModel, startDemoEnvironment, type DemoEnvironment } from '../browser/demoBrowser.js';
import { CHROMIUM_PATH } from '../support/launchChromium.js';

/** The demo model: the fixture by default (fast); `PORTRAIT_RIG_WEBCAM_MODEL=rig-tiny` measures the bundled model. */
const MODEL = process.env.PORTRAIT_RIG_WEBCAM_MODEL ?? 'liax-tiny';
const MODEL_DIR = MODEL === 'rig-tiny' ? path.join(repoRoot, 'models/rig-tiny') : path.join(repoRoot, 'test/fixtures/models', MODEL);
const manifest = (): { resolution: number; motionDim: number } => JSON.parse(readFileSync(path.join(MODEL_DIR, 'manifest.json'), 'utf8')) as { resolution: number; motionDim: number };
interface WebcamState {
  ready: boolean; error: string | null; device: string | null; camera: { width: number; height: number } | null; frames: number;
  fps: number; encodeMs: number; renderMs: number; sourceAlpha: number[]; drivingAlpha: number[]; motion: number[];
  motionAfterRecenter: number | null;
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('webcam demo in headless Chromium with a fake camera playing an avatar video', () => {
  let dir = '';
  let env: DemoEnvironment | undefined;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-webcam-'));
    const y4m = path.join(dir, 'camera.y4m');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4'), '-vf', 'scale=256:256', '-pix_fmt', 'yuv420p', y4m]);
    env = await startDemoEnvironment({ page: 'webcam', chromiumFlags: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`, '--autoplay-policy=no-user-gesture-required'] });
    browser = env.browser;
    origin = env.server.origin;
  }, 300_000);

  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (page: Page): Promise<WebcamState> => page.evaluate(() => {
    const { control: _control, ...rest } = (window as unknown as { __webcam: WebcamState & { control: unknown } }).__webcam;
    return JSON.parse(JSON.stringify(rest)) as WebcamState;
  });

  it('drives the portrait live from the camera on WASM: frames flow, α follows the video, Recenter restarts relative transfer at exactly zero', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/webcam/?device=wasm&model=/models/${MODEL}/&portrait=/portraits/avatar-1.png`);
    await page.waitForFunction(() => (window as unknown as { __webcam?: { ready: boolean; error: string | null } }).__webcam?.ready
      || (window as unknown as { __webcam?: { error: string | null } }).__webcam?.error, undefined, { timeout: 120_000 });
    const first = await read(page);
    expect(first.error).toBeNull();
    expect(first.device).toBe('wasm');
    expect(first.camera).toEqual({ width: 256, height: 256 });
    // collect the driving α over ~25 frames of the playing video
    const alphas: number[][] = [];
    for (let k = 0; k < 25; k += 1) {
      const before = (await read(page)).frames;
      await page.waitForFunction((n) => (window as unknown as { __webcam: { frames: number } }).__webcam.frames > n, before, { timeout: 30_000 });
      alphas.push((await read(page)).drivingAlpha);
    }
    const state = await read(page);
    expect(state.frames).toBeGreaterThanOrEqual(25);
    expect(state.sourceAlpha).toHaveLength(manifest().motionDim);
    // the fake camera plays a talking avatar: its α changes from frame to frame
    const spread = alphas[0]!.map((_, i) => Math.max(...alphas.map((a) => a[i]!)) - Math.min(...alphas.map((a) => a[i]!)));
    expect(Math.max(...spread)).toBeGreaterThan(1e-3);
    // the output canvas shows a rendered portrait (not blank)
    const pixels = await page.evaluate(() => {
      const canvas = document.getElementById('output') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
      return { width: canvas.width, mean: sum / (data.length / 4) / 3 };
    });
    expect(pixels.width).toBe(manifest().resolution);
    expect(pixels.mean).toBeGreaterThan(5);
    // Recenter: the next frame becomes the start, so its motion is exactly zero
    await page.evaluate(() => { (window as unknown as { __webcam: { control: { recenter(): void } } }).__webcam.control.recenter(); });
    await page.waitForFunction(() => (window as unknown as { __webcam: { motionAfterRecenter: number | null } }).__webcam.motionAfterRecenter !== null, undefined, { timeout: 30_000 });
    expect((await read(page)).motionAfterRecenter).toBe(0);
    console.log(`[webcam demo, ${MODEL}] ${state.frames} frames, ${state.fps} fps on ${state.device}; encode ${state.encodeMs.toFixed(1)} ms, render ${state.renderMs.toFixed(1)} ms per frame`);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('shows a model folder that cannot be loaded on the page and keeps its message in state.error', async () => {
    const seen = await openWithUnloadableModel(browser,
      `${origin}/webcam/?device=wasm&model=/models/no-such-model/&portrait=/portraits/avatar-1.png`, '__webcam');
    expect(seen.ready).toBe(false);
    expect(seen.error).toContain('/models/no-such-model/');
    expect(seen.shown).toBe(seen.error);
  }, 120_000);
});
