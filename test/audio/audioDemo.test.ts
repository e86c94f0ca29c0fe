/**
 * The audio lip-sync demo (demos/audio) in headless Chromium: a real AudioContext, a real `<audio>` element playing
 * the bundled speech, and a fake microphone (`--use-file-for-fake-audio-capture`) playing an espeak-ng sentence. The
 * page is built with the demos' own Vite config and renders the liax-tiny fixture (64², random weights) on
 * onnxruntime-web's WebAssembly backend: this proves the live path — Web Audio → WebAudioDriver → mixer → animator —
 * and the driver's dispose() in a browser, not the look.
 *
 * Skipped where /usr/bin/chromium is missing (set PORTRAIT_RIG_CHROMIUM to another Chromium).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';
import { openWithUnloadableModel, startDemoEnvironment, type DemoEnvironment } from '../browser/demoBrowser.js';
import { CHROMIUM_PATH } from '../support/launchChromium.js';
import { hasTool } from '../support/hasTool.js';

interface AudioDemoState {
  ready: boolean; error: string | null; device: string | null; input: string; frames: number; mouthOpen: number; levelDb: number;
  viseme: string; peakOpen: number;
}


describe.skipIf(!existsSync(CHROMIUM_PATH) || !hasTool('espeak-ng'))('audio demo in headless Chromium (real Web Audio, fake microphone)', () => {
  let dir = '';
  let env: DemoEnvironment | undefined;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-audio-demo-'));
    const mic = path.join(dir, 'mic.wav');
    const raw = path.join(dir, 'raw.wav');
    execFileSync('espeak-ng', ['-w', raw, 'Testing the microphone. One, two, three. Who sees the moon?']);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', mic]);
    env = await startDemoEnvironment({ page: 'audio', chromiumFlags: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${mic}`, '--autoplay-policy=no-user-gesture-required'] });
    browser = env.browser;
    origin = env.server.origin;
  }, 300_000);

  afterAll(async () => {
    await env?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const read = (page: Page): Promise<AudioDemoState> => page.evaluate(() => {
    const { control: _control, ...rest } = (window as unknown as { __audioDemo: AudioDemoState & { control: unknown } }).__audioDemo;
    return JSON.parse(JSON.stringify(rest)) as AudioDemoState;
  });
  const call = (page: Page, what: 'play' | 'mic-on' | 'mic-off' | 'reset'): Promise<void> => page.evaluate(async (w) => {
    const control = (window as unknown as { __audioDemo: { control: { play(): Promise<void>; microphone(on: boolean): Promise<void>; resetPeak(): void } } }).__audioDemo.control;
    if (w === 'play') await control.play();
    else if (w === 'mic-on') await control.microphone(true);
    else if (w === 'mic-off') await control.microphone(false);
    else control.resetPeak();
  }, what);

  it('keeps the mouth closed before playback, opens it while the <audio> speech plays and with the microphone, and switches back cleanly', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/audio/?device=wasm&model=/models/liax-tiny/&portrait=/portraits/avatar-1.png`);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __audioDemo?: { ready: boolean; error: string | null } }).__audioDemo;
      return s?.ready || s?.error;
    }, undefined, { timeout: 120_000 });
    expect((await read(page)).error).toBeNull();
    await page.waitForFunction(() => (window as unknown as { __audioDemo: { frames: number } }).__audioDemo.frames > 3, undefined, { timeout: 60_000 });
    expect((await read(page)).peakOpen).toBe(0); // nothing plays yet

    await call(page, 'play');
    await page.waitForTimeout(2500);
    const playing = await read(page);
    expect(playing.peakOpen).toBeGreaterThan(0.2);
    expect(playing.frames).toBeGreaterThan(5);

    await call(page, 'mic-on');
    await call(page, 'reset');
    await page.waitForTimeout(2500);
    const speaking = await read(page);
    expect(speaking.input).toBe('microphone');
    expect(speaking.peakOpen).toBeGreaterThan(0.1);

    await call(page, 'mic-off');
    expect((await read(page)).input).toBe('file');
    console.log(`[audio demo] ${speaking.frames} frames on ${speaking.device}; peak mouth.open ${playing.peakOpen.toFixed(2)} (file), ` +
      `${speaking.peakOpen.toFixed(2)} (microphone)`);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('shows a model folder that cannot be loaded on the page and keeps its message in state.error', async () => {
    const seen = await openWithUnloadableModel(browser,
      `${origin}/audio/?device=wasm&model=/models/no-such-model/&portrait=/portraits/avatar-1.png`, '__audioDemo');
    expect(seen.ready).toBe(false);
    expect(seen.error).toContain('/models/no-such-model/');
    expect(seen.shown).toBe(seen.error);
  }, 120_000);
});
