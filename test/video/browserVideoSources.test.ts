/**
 * The browser video sources of `portrait-rig/web` in headless Chromium: `HtmlVideoSource` stepping through a video
 * file frame by frame (seek mode: no frame skipped), and `VideoFrameStreamSource` reading a camera track through
 * WebCodecs (`MediaStreamTrackProcessor`; the fake camera plays the avatar fixture). Built with Vite from the
 * repository's sources.
 *
 * Skipped where /usr/bin/chromium is missing (set PORTRAIT_RIG_CHROMIUM to another Chromium).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';
import { CHROMIUM_PATH, launchChromium } from '../support/launchChromium.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.webm': 'video/webm' };

const PAGE = `
import { HtmlVideoSource, VideoFrameStreamSource, memoryVideoSource } from 'portrait-rig/web';

const mean = (image) => { let s = 0; for (let i = 0; i < image.data.length; i += 4) s += image.data[i] + image.data[i + 1] + image.data[i + 2]; return s / (image.data.length / 4) / 3; };

window.__seek = async (url) => {
  const video = document.createElement('video');
  video.muted = true;
  video.src = url;
  const source = await HtmlVideoSource.open(video, { fps: 25 });
  const times = [];
  const means = [];
  for await (const frame of source.frames()) { times.push(frame.time); means.push(mean(frame.image)); }
  return { mode: source.mode, info: { ...source.info }, times, means };
};

window.__seekError = async (url) => {
  const video = document.createElement('video');
  video.muted = true;
  video.src = url;
  const source = await HtmlVideoSource.open(video, { fps: 25 });
  try { for await (const _ of source.frames()) { /* read */ } return 'no error'; } catch (e) { return e.code + ': ' + e.message; }
};

window.__live = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const source = await HtmlVideoSource.fromStream(stream);
  const frames = [];
  for await (const frame of source.frames()) {
    frames.push({ index: frame.index, time: frame.time, width: frame.image.width, mean: mean(frame.image) });
    if (frames.length === 5) break;
  }
  stream.getTracks().forEach((t) => t.stop());
  return { mode: source.mode, info: { ...source.info }, frames };
};

window.__stream = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const source = VideoFrameStreamSource.fromTrack(stream.getVideoTracks()[0]);
  const frames = [];
  for await (const frame of source.frames()) {
    frames.push({ index: frame.index, time: frame.time, width: frame.image.width, height: frame.image.height, mean: mean(frame.image) });
    if (frames.length === 6) break;
  }
  let again = '';
  try { for await (const _ of source.frames()) break; } catch (e) { again = e.message; }
  stream.getTracks().forEach((t) => t.stop());
  return { info: { ...source.info }, frames, again, memory: typeof memoryVideoSource };
};
document.body.dataset.ready = 'yes';
`;

describe.skipIf(!existsSync(CHROMIUM_PATH))('browser video sources in Chromium', () => {
  let dir = '';
  let server: Server;
  let browser: Browser;
  let origin = '';
  let ffmpegMeans: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-domvideo-'));
    const dist = path.join(dir, 'dist');
    const talk = path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4');
    // 100 flat grey frames whose level jumps by 37 (mod 200) per frame: a frame read one off shows at once
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', "color=c=black:s=64x64:r=25,format=yuv420p,geq=lum='mod(N*37\\,200)+20':cb=128:cr=128",
      '-frames:v', '100', '-c:v', 'libvpx-vp9', '-lossless', '1', path.join(dir, 'steps.webm')]);
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(dir, 'steps.webm'), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 27 });
    const frame = 64 * 64 * 4;
    ffmpegMeans = Array.from({ length: raw.length / frame }, (_, k) => {
      let s = 0;
      for (let i = k * frame; i < (k + 1) * frame; i += 4) s += raw[i]! + raw[i + 1]! + raw[i + 2]!;
      return s / (64 * 64) / 3;
    });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', talk, '-vf', 'scale=160:120', '-pix_fmt', 'yuv420p', path.join(dir, 'camera.y4m')]);
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>\n');
    writeFileSync(path.join(dir, 'main.js'), PAGE);
    await build({
      configFile: false, root: dir, logLevel: 'error', mode: 'production',
      resolve: { alias: [{ find: /^portrait-rig\/web$/, replacement: path.join(repoRoot, 'sdk/web.ts') }] },
      build: { outDir: dist, emptyOutDir: true, reportCompressedSize: false, minify: false },
    });
    server = createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      const file = url === '/steps.webm' ? path.join(dir, 'steps.webm') : path.join(dist, url === '/' ? 'index.html' : url);
      if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end(); return; }
      const size = statSync(file).size;
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range && url === '/steps.webm' && !req.url?.includes('norange')) {
        const start = Number(range[1]);
        const end = range[2] ? Number(range[2]) : size - 1;
        res.writeHead(206, { 'content-type': type, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
        createReadStream(file, { start, end }).pipe(res);
        return;
      }
      res.writeHead(200, { 'content-type': type, 'content-length': String(size), ...(req.url?.includes('norange') ? {} : { 'accept-ranges': 'bytes' }) });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${path.join(dir, 'camera.y4m')}`]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('HtmlVideoSource steps through a video file frame by frame (seek mode): all 100 frames, each at its index', async () => {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
    const result = await page.evaluate(async () => (window as unknown as { __seek(u: string): Promise<{ mode: string; info: Record<string, unknown>; times: number[]; means: number[] }> }).__seek('/steps.webm'));
    await page.close();
    expect(result.mode).toBe('seek');
    expect(result.info).toMatchObject({ width: 64, height: 64, fps: 25, frameCount: 100, live: false });
    expect(result.times).toHaveLength(100);
    expect(result.times[99]).toBeCloseTo(99 / 25, 9);
    // each seeked frame shows the level ffmpeg decodes at that index (within 5 levels of colour conversion; neighbours differ by ≥ 37)
    const worst = Math.max(...result.means.map((m, i) => Math.abs(m - ffmpegMeans[i]!)));
    expect(worst, JSON.stringify(result.means.map((m, i) => +(m - ffmpegMeans[i]!).toFixed(2)))).toBeLessThan(5);
  }, 120_000);

  it('seek mode refuses a video the server serves without range requests (not seekable), saying how to fix it', async () => {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
    const message = await page.evaluate(async () => (window as unknown as { __seekError(u: string): Promise<string> }).__seekError('/steps.webm?norange'));
    await page.close();
    expect(message).toMatch(/^video\/not-seekable: .*cannot be stepped through frame by frame.*does not answer HTTP range requests\)\. Serve it with range support/);
  }, 120_000);

  it('HtmlVideoSource.fromStream reads a camera live: newest frames, increasing times, no frame count', async () => {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
    const result = await page.evaluate(async () => (window as unknown as { __live(): Promise<{ mode: string; info: Record<string, unknown>; frames: { index: number; time: number; width: number; mean: number }[] }> }).__live());
    await page.close();
    expect(result.mode).toBe('live');
    expect(result.info).toMatchObject({ label: 'camera', width: 160, height: 120, frameCount: undefined, live: true });
    expect(result.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < 5; i += 1) expect(result.frames[i]!.time).toBeGreaterThan(result.frames[i - 1]!.time);
    for (const frame of result.frames) expect(frame.mean).toBeGreaterThan(5);
  }, 120_000);

  it('VideoFrameStreamSource reads a camera track through WebCodecs, with increasing times, once', async () => {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
    const result = await page.evaluate(async () => (window as unknown as { __stream(): Promise<{ info: Record<string, unknown>; frames: { index: number; time: number; width: number; height: number; mean: number }[]; again: string }> }).__stream());
    await page.close();
    expect(result.info).toMatchObject({ width: 160, height: 120, live: true });
    expect(result.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.frames[0]!.time).toBe(0);
    for (let i = 1; i < 6; i += 1) expect(result.frames[i]!.time).toBeGreaterThan(result.frames[i - 1]!.time);
    for (const frame of result.frames) expect([frame.width, frame.height, frame.mean > 5]).toEqual([160, 120, true]);
    expect(result.again).toMatch(/was already read; a stream of VideoFrames can be read once/);
  }, 120_000);
});
