/**
 * The demos in a real browser (issue #6): Debian's Chromium, headless, driven by playwright-core, against a Vite
 * production build served with cross-origin isolation (demos/serve.ts). WASM for the behaviour tests; WebGPU (on
 * SwiftShader, which emulates the GPU on the CPU: seconds per frame) with the 64² fixture and one portrait.
 *
 * Checked on every page: the backend in use, frames arriving and changing, no console errors, failed requests or
 * uncaught exceptions, and a free main thread once the page is running: no model or runtime file fetched by the page
 * (inference runs in a worker; the scenes render in another worker into an OffscreenCanvas) and no main-thread task
 * over 50 ms (PerformanceObserver `longtask`) beyond one isolated preemption under 100 ms.
 * Screenshots go to test/artifacts/ (git-ignored); measured figures to test/artifacts/browser-report.json.
 *
 * Skipped where /usr/bin/chromium is missing (set PORTRAIT_RIG_CHROMIUM to another Chromium).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';
import {
  CHROMIUM, meanAbsDiff, openDemo, pixelSpread, report, screenshot, startDemoEnvironment, textureCalls, type DemoEnvironment,
  type DemoPage,
} from './demoBrowser.js';

const RIG_TINY = existsSync(path.join(repoRoot, 'models', 'rig-tiny', 'manifest.json'));
const DEFAULT_MODEL = RIG_TINY ? '/models/rig-tiny/' : '/models/liax-tiny/';
const LONG_TASK_MS = 50;
/**
 * A scheduler preemption on the 2-core CI machine (the test runner, Chromium's workers and the inference threads share
 * it) can stretch a handler of a few milliseconds past 50 ms: one such task of 51–63 ms appeared in about 3 of 10
 * runs of the playground, never two. Work on the main thread per frame would show as one long task per frame.
 */
const PREEMPTED_TASKS_ALLOWED = 1;
const PREEMPTED_TASK_MAX_MS = 100;
/** Model and runtime files: the inference worker fetches them; the page itself never should. */
const MODEL_OR_RUNTIME = /\.onnx$|dictionary\.bin$|ort[^/]*\.(wasm|mjs)$/;

/**
 * Checks that the page keeps its main thread free once running: the model and the runtime are fetched by workers,
 * never by the page, and no main-thread task since `since` (page time, ms) is long beyond an isolated preemption.
 */
async function expectMainThreadFree(demo: DemoPage, since: number, what: string): Promise<void> {
  const onPage = (await demo.mainThreadResources()).filter((url) => MODEL_OR_RUNTIME.test(url));
  expect(onPage, `${what}: model or runtime files fetched on the main thread (they belong in the inference worker)`).toEqual([]);
  const tasks = await demo.longTasks(since);
  report(`${what}.longTasks`, { since: Math.round(since), tasks });
  const long = tasks.filter((t) => t.duration > LONG_TASK_MS);
  expect(long.length, `${what}: main-thread tasks over ${LONG_TASK_MS} ms: ${JSON.stringify(long)}`).toBeLessThanOrEqual(PREEMPTED_TASKS_ALLOWED);
  expect(long.filter((t) => t.duration > PREEMPTED_TASK_MAX_MS), `${what}: main-thread tasks over ${PREEMPTED_TASK_MAX_MS} ms`).toEqual([]);
}

describe.skipIf(!existsSync(CHROMIUM))('demos in Chromium (headless, cross-origin isolated)', () => {
  let env: DemoEnvironment;

  beforeAll(async () => {
    env = await startDemoEnvironment();
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  it('three.js gallery on WASM: the canvas shows the portrait, frames change, the head turns toward the target; no long tasks', async () => {
    const demo = await openDemo(env, '/three/?device=wasm&quality=low&stands=1');
    const first = await demo.waitFor((f) => f.ready && f.frames >= 1, 150_000, 'first frame');
    expect(first).toMatchObject({ device: 'wasm', model: DEFAULT_MODEL, crossOriginIsolated: true, offscreen: true });
    const since = await demo.now();

    await demo.control('setCamera', 0, 1.4, 2.6); // the orbit stops; the portrait (at z = −1.2) fills the middle
    const rect = await demo.control<{ x: number; y: number; width: number; height: number }>('portraitRect', 0);
    expect(rect.width).toBeGreaterThan(100);
    const whole = await screenshot(demo.page, 'three-wasm-gallery');
    expect(pixelSpread(whole.data)).toBeGreaterThan(10); // not blank

    // frames change over time while the clip plays
    const a = await screenshot(demo.page, 'three-wasm-frame-a', rect);
    const n = (await demo.figures()).frames;
    await demo.waitFor((f) => f.frames >= n + 2, 60_000, 'two more frames');
    const b = await screenshot(demo.page, 'three-wasm-frame-b', rect);
    expect(pixelSpread(a.data)).toBeGreaterThan(5);
    const animated = meanAbsDiff(a.data, b.data);
    expect(animated).toBeGreaterThan(0.05); // the camera is still: only the portrait's texture changed
    report('three-wasm.frameDiff', animated);

    // the head turns toward a target on the viewer's left, then right (clips stopped: the pose is the look-at alone)
    await demo.control('setClipsOn', false);
    const settle = async (x: number, what: string) => {
      await demo.control('setTarget', x, 1.35, 1.6); // the ball in front of the portrait, 2 m to one side
      await demo.waitFor((f) => Math.sign(f.portraits[0]!.lookYaw) === Math.sign(x) && Math.abs(f.portraits[0]!.lookYaw) > 20, 30_000, what);
      // the head's spring settles (0.35 s), the last frame for the final pose arrives, then nothing more is rendered
      return (await demo.waitSettled(90_000, what)).portraits[0]!;
    };
    const left = await settle(-2, 'target on the left');
    const shotLeft = await screenshot(demo.page, 'three-wasm-look-left', rect);
    const right = await settle(2, 'target on the right');
    const shotRight = await screenshot(demo.page, 'three-wasm-look-right', rect);
    const again = await screenshot(demo.page, 'three-wasm-look-right-again', rect);
    // ±18.3° of head turn each way (0.6 of the 35.5° angle beyond the 5° dead zone), in the model's head.yaw units
    expect(left.yaw / left.yawPerDegree).toBeCloseTo(-18.3, 0);
    expect(right.yaw / right.yawPerDegree).toBeCloseTo(18.3, 0);
    // rendering is deterministic: the same settled pose gives the same pixels, the other pose different ones
    const still = meanAbsDiff(shotRight.data, again.data);
    const turned = meanAbsDiff(shotLeft.data, shotRight.data);
    expect(still).toBeLessThan(0.01);
    expect(turned).toBeGreaterThan(0.05);

    await expectMainThreadFree(demo, since, 'three-wasm');
    const figures = await demo.figures();
    report('three-wasm', { ...figures, yawLeft: left.yaw, yawRight: right.yaw, pixelDiffLeftRight: turned, pixelDiffSamePose: still });
    expect(demo.errors).toEqual([]);
    await demo.page.close();
  }, 300_000);

  it('three.js gallery on WebGPU (fixture model, one portrait): runs on webgpu, frames arrive and change; no long tasks', async () => {
    const demo = await openDemo(env, '/three/?device=webgpu&quality=low&stands=1&model=/models/liax-tiny/');
    const first = await demo.waitFor((f) => f.ready && f.frames >= 1, 200_000, 'first WebGPU frame');
    expect(first).toMatchObject({ device: 'webgpu', crossOriginIsolated: true, offscreen: true });
    const since = await demo.now();
    await demo.control('setCamera', 0, 1.4, 2.6);
    const rect = await demo.control<{ x: number; y: number; width: number; height: number }>('portraitRect', 0);
    const a = await screenshot(demo.page, 'three-webgpu-frame-a', rect);
    const n = (await demo.figures()).frames;
    await demo.waitFor((f) => f.frames >= n + 1, 120_000, 'another WebGPU frame');
    await demo.page.waitForTimeout(300);
    const b = await screenshot(demo.page, 'three-webgpu-frame-b', rect);
    await screenshot(demo.page, 'three-webgpu-gallery');
    expect(pixelSpread(a.data)).toBeGreaterThan(5);
    const changed = meanAbsDiff(a.data, b.data);
    expect(changed).toBeGreaterThan(0.05); // the fixture's random weights make small changes; the camera is still
    report('three-webgpu.pixelDiff', changed);
    await expectMainThreadFree(demo, since, 'three-webgpu');
    report('three-webgpu', await demo.figures());
    expect(demo.errors).toEqual([]);
    await demo.page.close();
  }, 300_000);

  it('R3F scene in a render worker on WASM: <AnimatedPortrait> heads follow the camera left and right; no long tasks', async () => {
    const demo = await openDemo(env, '/r3f/?device=wasm&quality=low');
    const first = await demo.waitFor((f) => f.ready && f.portraits.length === 2 && f.portraits.every((p) => p.frames >= 1), 150_000, 'first frames');
    expect(first).toMatchObject({ device: 'wasm', model: DEFAULT_MODEL, crossOriginIsolated: true, offscreen: true });
    const since = await demo.now();
    await demo.control('setClipsOn', false);
    await demo.control('setViewDependent', false);
    const settle = async (x: number, what: string) => {
      await demo.control('setCamera', x, 0.1, 2.4);
      await demo.waitFor((f) => f.portraits.every((p) => Math.sign(p.lookYaw) === Math.sign(x) && Math.abs(p.lookYaw) > 20), 30_000, what);
      return (await demo.waitSettled(90_000, what)).portraits;
    };
    const right = await settle(2.2, 'camera on the right');
    const shotRight = await screenshot(demo.page, 'r3f-wasm-camera-right');
    const left = await settle(-2.2, 'camera on the left');
    const shotLeft = await screenshot(demo.page, 'r3f-wasm-camera-left');
    for (let i = 0; i < 2; i += 1) {
      expect(right[i]!.yaw).toBeGreaterThan(0);
      expect(left[i]!.yaw).toBeLessThan(0);
      expect((right[i]!.yaw - left[i]!.yaw) / right[i]!.yawPerDegree).toBeGreaterThan(35); // 26° + 17.7° (see the angles)
    }
    expect(pixelSpread(shotLeft.data)).toBeGreaterThan(10);
    const turned = meanAbsDiff(shotLeft.data, shotRight.data);
    expect(turned).toBeGreaterThan(0.05);
    report('r3f-wasm.pixelDiffLeftRight', turned);
    await expectMainThreadFree(demo, since, 'r3f-wasm');
    report('r3f-wasm', await demo.figures());
    expect(demo.errors).toEqual([]);
    await demo.page.close();
  }, 300_000);

  it('R3F <Canvas> on the page (StrictMode): frames are uploaded into existing textures (texSubImage2D, no reallocation); 100 mounts keep textures, geometries and the heap flat', async () => {
    const demo = await openDemo(env, '/r3f/?device=wasm&quality=low&offscreen=0&model=/models/liax-tiny/');
    await demo.waitFor((f) => f.ready && f.frames >= 2, 150_000, 'first frames');
    // while the clips play, every new frame is a texSubImage2D into the storage allocated once per texture
    const callsBefore = await textureCalls(demo.page);
    const framesBefore = (await demo.figures()).frames;
    const played = await demo.waitFor((f) => f.frames >= framesBefore + 10, 90_000, 'ten more frames');
    const callsAfter = await textureCalls(demo.page);
    report('r3f-texture-calls', { callsBefore, callsAfter, frames: played.frames - framesBefore });
    expect(callsAfter.storage - callsBefore.storage).toBe(0);
    expect(callsAfter.image - callsBefore.image).toBe(0);
    expect(callsAfter.sub - callsBefore.sub).toBeGreaterThanOrEqual(5); // ≈ one per shown frame (two frames between renders upload once)
    await demo.control('setOrbit', false);
    await demo.control('setClipsPlaying', false);
    const cdp = await demo.page.context().newCDPSession(demo.page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    type Info = { geometries: number; textures: number; programs: number };
    const warm = await demo.control<Info>('mountCycles', 5);
    const heapBefore = await heap();
    const started = Date.now();
    const after = await demo.control<Info>('mountCycles', 100);
    const seconds = (Date.now() - started) / 1000;
    const heapAfter = await heap();
    await screenshot(demo.page, 'r3f-canvas-after-100-mounts');
    report('r3f-mount-cycles', { warm, after, heapBefore, heapAfter, heapGrowthBytes: heapAfter - heapBefore, seconds });
    expect(after.textures).toBe(warm.textures);
    expect(after.geometries).toBe(warm.geometries);
    expect(after.programs).toBe(warm.programs);
    expect(heapAfter - heapBefore).toBeLessThan(2 * 1024 * 1024);
    expect(demo.errors).toEqual([]);
    await demo.page.close();
  }, 300_000);

  it('motion playground on WASM: sliders key a clip, scrubbing and playing animate the portrait, clip JSON exports and imports', async () => {
    const demo = await openDemo(env, '/playground/?device=wasm', { width: 1200, height: 900 });
    await demo.waitFor((f) => f.ready && f.frames >= 1, 150_000, 'first frame');
    const since = await demo.now();
    const preview = async (name: string) => {
      const box = await demo.page.locator('canvas.preview').boundingBox();
      return screenshot(demo.page, name, box!);
    };
    await demo.control('setChannel', 'head.yaw', 25);
    await demo.control('seek', 1);
    await demo.control('setChannel', 'head.yaw', -25);
    await demo.control('setChannel', 'mouth.open', 0.8);
    expect(await demo.control('keyCount')).toBe(3);
    await demo.control('seek', 0.5);
    expect(await demo.control<number>('value', 'head.yaw')).toBeCloseTo(0, 3); // smooth, symmetric keys
    /** Seeks and waits until the frame for that time is on screen (stale requests are dropped by the pacer). */
    const showAt = async (seconds: number, name: string) => {
      await demo.control('seek', seconds);
      const end = Date.now() + 60_000;
      while (await demo.control<number>('shownTime') !== seconds) {
        if (Date.now() > end) throw new Error(`the frame for ${seconds} s never showed`);
        await demo.page.waitForTimeout(100);
      }
      await demo.page.waitForTimeout(150);
      return preview(name);
    };
    const at0 = await showAt(0, 'playground-t0');
    const at1 = await showAt(1, 'playground-t1');
    expect(pixelSpread(at0.data)).toBeGreaterThan(10);
    expect(meanAbsDiff(at0.data, at1.data)).toBeGreaterThan(1);

    const exported = JSON.parse(await demo.control<string>('exportClip')) as { format: string; tracks: { channel: string; keys: { time: number; value: number }[] }[] };
    expect(exported.format).toBe('portrait-rig-clip');
    expect(exported.tracks.find((t) => t.channel === 'head.yaw')!.keys.map((k) => [k.time, k.value])).toEqual([[0, 25], [1, -25]]);

    const broken = await demo.control<string | null>('importClip', JSON.stringify({ ...exported, tracks: [{ channel: 'head.yew', keys: [{ time: 0, value: 1 }] }] }));
    expect(broken).toMatch(/did you mean "head\.yaw"/);
    expect(await demo.control('keyCount')).toBe(3); // a bad file changes nothing
    const hello = await (await fetch(`${env.server.origin}/clips/hello.clip.json`)).text();
    expect(await demo.control('importClip', hello)).toBeNull();
    expect(await demo.control<number>('keyCount')).toBeGreaterThan(10);

    await demo.control('play', true);
    const playedFrom = (await demo.figures()).frames;
    await demo.waitFor((f) => f.frames >= playedFrom + 3, 90_000, 'frames while playing');
    expect(await demo.control<number>('time')).toBeGreaterThan(0);
    await demo.control('play', false);
    await screenshot(demo.page, 'playground-page');
    await expectMainThreadFree(demo, since, 'playground-wasm');
    // the probe sees the page's own fetches: one made here is listed, so the empty list above means the worker fetched
    await demo.page.evaluate((url) => fetch(url).then((r) => r.arrayBuffer()), `${DEFAULT_MODEL}dictionary.bin`);
    expect((await demo.mainThreadResources()).filter((url) => MODEL_OR_RUNTIME.test(url))).toHaveLength(1);
    report('playground-wasm', await demo.figures());
    expect(demo.errors).toEqual([]);
    await demo.page.close();
  }, 300_000);
});
