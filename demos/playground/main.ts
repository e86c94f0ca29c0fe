/**
 * Demo 3 — the motion playground: one slider per model channel, a small keyframe timeline (moving a slider sets a
 * key at the playhead), play/pause and scrubbing, and clip JSON export/import (validated by loadClip, which names
 * every problem). The preview is rendered in a worker and drawn on a 2D canvas.
 */
import {
  ChannelFrame, clipToJSON, FramePacer, loadClip, MotionMixer, type AnimatorFrame, type ClipAction, type ClipJson,
  type ClipJsonTrack,
} from 'portrait-rig';
import type { WorkerAnimator } from 'portrait-rig/three';
import '../shared/style.css';
import { readConfig } from '../shared/config.js';
import { createHud } from '../shared/createHud.js';
import { createPortraitWorker } from '../shared/createPortraitWorker.js';
import { publishDemoState } from '../shared/DemoState.js';
import { FpsMeter } from '../shared/FpsMeter.js';

const config = readConfig();
const state = publishDemoState();
state.model = config.model;
const hud = createHud('Motion playground', config, state);

const css = document.createElement('style');
css.textContent = `
  .pg { display: grid; grid-template-columns: 400px 1fr; gap: 16px; padding: 230px 16px 16px; }
  .pg canvas.preview { width: 384px; height: 384px; background: #000; border-radius: 6px; }
  .pg .sliders { display: grid; grid-template-columns: 120px 1fr 64px; gap: 4px 8px; align-items: center; align-content: start; }
  .pg .sliders output { font-variant-numeric: tabular-nums; text-align: right; }
  .pg .sliders .keyed { color: #ffc857; }
  .pg .timeline { grid-column: 1 / -1; }
  .pg .timeline canvas { width: 100%; height: 180px; background: #1d2028; border-radius: 6px; cursor: ew-resize; display: block; }
  .pg .track-area { position: relative; }
  .pg .playhead { position: absolute; top: 0; left: 0; width: 2px; height: 180px; background: #ff5d5d; pointer-events: none;
    will-change: transform; }
  .pg .transport { display: flex; gap: 8px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
  .pg .json { grid-column: 1 / -1; display: grid; grid-template-columns: 1fr; gap: 6px; }
  .pg textarea { width: 100%; height: 180px; background: #101217; color: #e8e8ea; border: 1px solid #333; }
  .pg .problems { color: #ff8a80; white-space: pre-wrap; }
`;
document.head.append(css);
const page = document.createElement('div');
page.className = 'pg';
page.innerHTML = `
  <div><canvas class="preview" width="384" height="384"></canvas></div>
  <div class="sliders"></div>
  <div class="timeline">
    <div class="transport">
      <button data-id="play">play</button>
      <span data-id="time">0.00 s</span>
      <label>duration <input data-id="duration" type="number" min="0.1" step="0.1" value="3" style="width:5em"> s</label>
      <label><input data-id="loop" type="checkbox" checked> loop</label>
      <button data-id="delete">delete keys at playhead</button>
      <button data-id="clear">clear all keys</button>
    </div>
    <div class="track-area"><canvas data-id="timeline" width="1200" height="180"></canvas><div class="playhead" data-id="playhead"></div></div>
  </div>
  <div class="json">
    <div class="transport">
      <button data-id="export">export clip JSON</button>
      <a data-id="download" download="playground.clip.json">download</a>
      <button data-id="import">import from the text box</button>
      <input data-id="file" type="file" accept=".json,application/json">
    </div>
    <div class="problems" data-id="problems"></div>
    <textarea data-id="json" spellcheck="false" placeholder="clip JSON (format portrait-rig-clip, version 1)"></textarea>
  </div>`;
document.body.append(page);
const $ = <T extends HTMLElement>(id: string): T => page.querySelector(`[data-id="${id}"]`) as T;
const preview = page.querySelector('canvas.preview') as HTMLCanvasElement;
const previewCtx = preview.getContext('2d', { willReadFrequently: true })!; // CPU canvas: cheap where WebGL/GPU raster is emulated
const slidersBox = page.querySelector('.sliders') as HTMLElement;
const timeline = $<HTMLCanvasElement>('timeline');
const timelineCtx = timeline.getContext('2d', { willReadFrequently: true })!;
const playhead = $('playhead');
let lastUi = 0;
let timelineCssWidth = 1200;
new ResizeObserver((entries) => { timelineCssWidth = entries[0]!.contentRect.width; markDirty(); }).observe(timeline);
const jsonBox = $<HTMLTextAreaElement>('json');
const problems = $('problems');

/** The clip being edited, as clip-file data (validated by loadClip on every change). */
const doc: ClipJson = { format: 'portrait-rig-clip', version: 1, name: 'playground', duration: 3, loop: 'loop', tracks: [] };
const mixer = new MotionMixer({ channels: [] });
let action: ClipAction | null = null;
let playing = false;
let time = 0;
let channels: { name: string; min: number; max: number; unit: string; input: HTMLInputElement; output: HTMLOutputElement; label: HTMLElement }[] = [];
let animator: WorkerAnimator | null = null;
let pacer: FramePacer<AnimatorFrame> | null = null;
/** The mixer's values when the newest frame was requested. The pacer may start that render later, after a seek has
 * already moved the mixer on, and the frame must show the time it is labelled with (`shownTime`). */
const requested = new ChannelFrame();
let dirty = true;
let timelineDirty = true;
let scheduled = false;
/** Schedules one display frame (the page draws only while something changes or plays: an idle page does nothing). */
function wake(): void {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(tick);
  }
}
function markDirty(): void {
  dirty = true;
  wake();
}
let dragging: string | null = null;
const frameCanvas = document.createElement('canvas');
const inferenceFps = new FpsMeter(30);
/** Clip time (seconds) of the frame on screen, or NaN before the first. */
let shownTime = Number.NaN;

function showProblems(error: unknown): void {
  problems.textContent = error instanceof Error ? error.message : String(error);
}

/** Rebuilds the clip from `doc` and puts it on the mixer at the playhead. */
function rebuild(): void {
  try {
    const clip = loadClip(structuredClone(doc), { source: 'playground' });
    if (action) mixer.removeAction(action);
    action = mixer.clipAction(clip, { loop: doc.loop ?? 'loop' }).play();
    action.time = Math.min(time, clip.duration);
    action.paused = !playing;
    problems.textContent = '';
  } catch (error) {
    showProblems(error);
  }
  mixer.update(0);
  markDirty();
  timelineDirty = true;
}

function trackOf(channel: string, create: boolean): ClipJsonTrack | undefined {
  let track = doc.tracks.find((t) => t.channel === channel);
  if (!track && create) {
    track = { channel, interpolation: 'smooth', keys: [] };
    doc.tracks.push(track);
  }
  return track;
}

/** Sets `channel` to `value` at the playhead: updates the key there or inserts one (auto-key). */
function setKey(channel: string, value: number): void {
  const track = trackOf(channel, true)!;
  const near = track.keys.find((k) => Math.abs(k.time - time) < 1 / 120);
  if (near) near.value = value;
  else {
    track.keys.push({ time: Number(time.toFixed(4)), value });
    track.keys.sort((a, b) => a.time - b.time);
  }
  rebuild();
}

function deleteKeysAtPlayhead(): void {
  for (const track of doc.tracks) track.keys = track.keys.filter((k) => Math.abs(k.time - time) >= 1 / 120);
  doc.tracks = doc.tracks.filter((t) => t.keys.length > 0);
  rebuild();
}

function seek(seconds: number): void {
  time = Math.max(0, Math.min(seconds, doc.duration));
  if (action) action.time = time;
  mixer.update(0);
  markDirty();
}

function setPlaying(on: boolean): void {
  playing = on;
  if (on) wake();
  if (action) action.paused = !on;
  $('play').textContent = on ? 'pause' : 'play';
}

function exportClip(): string {
  const text = JSON.stringify(clipToJSON(loadClip(structuredClone(doc), { source: 'playground' })), null, 2);
  jsonBox.value = text;
  const link = $<HTMLAnchorElement>('download');
  URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `${doc.name}.clip.json`;
  return text;
}

function importClip(text: string): string | null {
  try {
    const clip = loadClip(text, { source: 'imported clip' });
    const json = clipToJSON(clip);
    doc.name = json.name;
    doc.duration = json.duration;
    doc.loop = json.loop ?? 'loop';
    doc.tracks = json.tracks;
    if (json.markers) doc.markers = json.markers;
    $<HTMLInputElement>('duration').value = String(doc.duration);
    $<HTMLInputElement>('loop').checked = doc.loop !== 'once';
    ensureSliders(json.tracks.map((t) => t.channel));
    seek(0);
    rebuild();
    return null;
  } catch (error) {
    showProblems(error);
    return error instanceof Error ? error.message : String(error);
  }
}

function ensureSliders(extra: readonly string[] = []): void {
  for (const name of extra) {
    if (channels.some((c) => c.name === name)) continue;
    addSlider(name, -1, 1, 'coefficient');
  }
}

function addSlider(name: string, min: number, max: number, unit: string): void {
  const label = document.createElement('span');
  label.textContent = name;
  label.title = unit;
  const input = document.createElement('input');
  input.type = 'range';
  input.min = String(min);
  input.max = String(max);
  input.step = String((max - min) / 400);
  input.value = '0';
  input.dataset.channel = name;
  const output = document.createElement('output');
  output.textContent = '0';
  input.addEventListener('pointerdown', () => { dragging = name; });
  input.addEventListener('pointerup', () => { dragging = null; });
  input.addEventListener('input', () => { setKey(name, Number(input.value)); });
  slidersBox.append(label, input, output);
  channels.push({ name, min, max, unit, input, output, label });
}

function drawTimeline(): void {
  const w = timeline.width;
  const h = timeline.height;
  const ctx = timelineCtx;
  const left = 130;
  const x = (t: number): number => left + (t / doc.duration) * (w - left - 10);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '12px system-ui';
  ctx.fillStyle = '#8a8f9c';
  ctx.strokeStyle = '#333845';
  for (let t = 0; t <= doc.duration + 1e-9; t += 0.25) {
    const major = Math.abs(t - Math.round(t)) < 1e-9;
    ctx.beginPath();
    ctx.moveTo(x(t), major ? 4 : 12);
    ctx.lineTo(x(t), h);
    ctx.stroke();
    if (major) ctx.fillText(`${t.toFixed(0)} s`, x(t) + 3, 14);
  }
  const rows = doc.tracks;
  const rowH = Math.min(22, (h - 24) / Math.max(rows.length, 1));
  rows.forEach((track, i) => {
    const y = 24 + i * rowH + rowH / 2;
    ctx.fillStyle = '#c9ccd6';
    ctx.fillText(track.channel, 8, y + 4);
    ctx.fillStyle = '#ffc857';
    for (const key of track.keys) {
      ctx.beginPath();
      ctx.moveTo(x(key.time), y - 5);
      ctx.lineTo(x(key.time) + 5, y);
      ctx.lineTo(x(key.time), y + 5);
      ctx.lineTo(x(key.time) - 5, y);
      ctx.fill();
    }
  });
}

function timeAt(event: PointerEvent): number {
  const rect = timeline.getBoundingClientRect();
  const px = ((event.clientX - rect.left) / rect.width) * timeline.width;
  return ((px - 130) / (timeline.width - 140)) * doc.duration;
}
let scrubbing = false;
timeline.addEventListener('pointerdown', (event) => {
  scrubbing = true;
  timeline.setPointerCapture(event.pointerId);
  setPlaying(false);
  seek(timeAt(event));
});
timeline.addEventListener('pointermove', (event) => { if (scrubbing) seek(timeAt(event)); });
timeline.addEventListener('pointerup', () => { scrubbing = false; });

$('play').addEventListener('click', () => { setPlaying(!playing); });
$('delete').addEventListener('click', deleteKeysAtPlayhead);
$('clear').addEventListener('click', () => { doc.tracks = []; rebuild(); });
$<HTMLInputElement>('duration').addEventListener('change', (e) => {
  const value = Number((e.target as HTMLInputElement).value);
  if (value > 0) {
    doc.duration = value;
    for (const track of doc.tracks) track.keys = track.keys.filter((k) => k.time <= value);
    doc.tracks = doc.tracks.filter((t) => t.keys.length > 0);
    seek(Math.min(time, value));
    rebuild();
  }
});
$<HTMLInputElement>('loop').addEventListener('change', (e) => { doc.loop = (e.target as HTMLInputElement).checked ? 'loop' : 'once'; rebuild(); });
$('export').addEventListener('click', () => { try { exportClip(); } catch (error) { showProblems(error); } });
$('import').addEventListener('click', () => { importClip(jsonBox.value); });
$<HTMLInputElement>('file').addEventListener('change', async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) {
    jsonBox.value = await file.text();
    importClip(jsonBox.value);
  }
});

state.control = {
  setChannel: (name: string, value: number) => { setKey(name, value); },
  seek: (seconds: number) => { setPlaying(false); seek(seconds); },
  play: (on: boolean) => { setPlaying(on); },
  time: () => time,
  /** Clip time of the frame on screen (the pacer drops stale requests, so wait for this, not for a frame count). */
  shownTime: () => shownTime,
  exportClip: () => exportClip(),
  importClip: (text: string) => importClip(text),
  keyCount: () => doc.tracks.reduce((n, t) => n + t.keys.length, 0),
  value: (name: string) => mixer.frame.get(name, Number.NaN),
};

async function start(): Promise<void> {
  const worker = createPortraitWorker();
  const model = await worker.loadModel(config.model, {
    device: config.device,
    onProgress: (e) => { if (e.status === 'progress' && e.progress !== undefined) hud.status(`loading ${e.file} ${e.progress.toFixed(0)} %`); },
  });
  state.device = model.device;
  for (const [name, channel] of Object.entries(model.manifest.channels)) addSlider(name, channel.range[0], channel.range[1], channel.unit);
  animator = await worker.createAnimator(model, config.portraits[0]!);
  const r = animator.resolution;
  frameCanvas.width = r;
  frameCanvas.height = r;
  const frameCtx = frameCanvas.getContext('2d', { willReadFrequently: true })!;
  const pixels = new Uint8ClampedArray(r * r * 4);
  const image = new ImageData(pixels, r, r);
  const current = animator;
  pacer = new FramePacer<AnimatorFrame>({
    render: (_t, signal) => current.renderFrame(requested, { out: pixels, signal }),
    onFrame: (_frame, t) => {
      shownTime = t;
      frameCtx.putImageData(image, 0, 0);
      previewCtx.imageSmoothingQuality = 'high';
      previewCtx.drawImage(frameCanvas, 0, 0, preview.width, preview.height);
      state.frames += 1;
      inferenceFps.tick();
    },
    onError: (error) => { showProblems(error); },
  });
  rebuild();
  hud.status(`model ${model.manifest.id} (${r}²): move a slider to set a key at the playhead`);
  state.ready = true;
}

function tick(now: number): void {
  scheduled = false;
  const dt = Math.min((now - lastNow) / 1000, 0.1);
  lastNow = now;
  renderFps.tick(now);
  if (playing && action) {
    mixer.update(dt);
    time = action.time;
    if (action.isFinished) setPlaying(false);
    dirty = true;
  }
  if (dirty && pacer) {
    dirty = false;
    requested.copy(mixer.frame);
    pacer.request(time); // cheap: while a frame renders, only the newest request is kept
    // The playhead moves on the compositor (a transform); the sliders and texts follow at 10 Hz while playing.
    const px = (130 + (time / doc.duration) * (timeline.width - 140)) * (timelineCssWidth / timeline.width);
    playhead.style.transform = `translateX(${px.toFixed(1)}px)`;
    if (!playing || now - lastUi > 100) {
      lastUi = now;
      const frame = mixer.frame;
      for (const c of channels) {
        const value = frame.get(c.name, 0);
        if (dragging !== c.name) c.input.value = String(value);
        c.output.textContent = value.toFixed(Math.abs(c.max - c.min) > 10 ? 1 : 3);
        c.label.classList.toggle('keyed', doc.tracks.some((t) => t.channel === c.name));
      }
      $('time').textContent = `${time.toFixed(2)} s`;
    }
  }
  if (timelineDirty) {
    timelineDirty = false;
    drawTimeline(); // keys and the ruler: only when they change
  }
  if (playing) wake();
}

const renderFps = new FpsMeter();
let lastNow = performance.now();
setInterval(() => {
  state.renderFps = playing ? renderFps.fps : 0;
  state.inferenceFps = inferenceFps.fps;
  state.inferenceMs = animator?.inferenceMs ?? 0;
  state.portraits = [{ yaw: mixer.frame.get('head.yaw', 0), pitch: mixer.frame.get('head.pitch', 0), lookYaw: 0, frames: state.frames, fps: inferenceFps.fps, busy: pacer?.stats.busy ?? false, yawPerDegree: 1 }];
  hud.refresh();
}, 250);
wake();

start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  state.error = message;
  hud.status(message, true);
  console.error(error);
});
