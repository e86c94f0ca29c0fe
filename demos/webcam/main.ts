/**
 * Webcam puppet: a camera drives a portrait live. Each camera frame is cropped (one fixed crop: the centred square,
 * or `?face=x,y,w,h` in camera pixels), encoded to α by the model (DrivingEncoder, batch 1), smoothed per coefficient
 * (OneEuroFilter), turned into motion (MotionTransfer: relative or absolute, pose/expression only) and rendered by the
 * animator. Frames the model is too slow for are skipped (HtmlVideoSource in live mode hands out the newest).
 *
 * URL: `?model=/models/<name>/` `&device=wasm|webgpu|auto` `&portrait=<image url>` `&face=x,y,w,h`. The page state is
 * on `window.__webcam` (read by test/video/webcamDemo.test.ts).
 */
import {
  centerSquareCrop, computePortraitCrop, cropPortrait, DEFAULT_ONE_EURO, DrivingEncoder, loadModel, MotionTransfer,
  OneEuroFilter, PortraitAnimator, urlModelSource, type ChannelGroup, type PortraitCrop, type TransferMode,
} from 'portrait-rig';
import { HtmlVideoSource, OrtWebBackend } from 'portrait-rig/web';
import { readConfig } from '../shared/config.js';
import { loadImageData } from '../shared/loadImageData.js';
import { showError } from '../shared/showError.js';

/** What the page publishes on `window.__webcam`. */
export interface WebcamDemoState {
  ready: boolean;
  error: string | null;
  device: string | null;
  model: string | null;
  camera: { width: number; height: number } | null;
  /** Camera frames driven so far. */
  frames: number;
  /** Driven frames per second (last second). */
  fps: number;
  /** Milliseconds of the last encode and render. */
  encodeMs: number;
  renderMs: number;
  mode: TransferMode;
  only: ChannelGroup | null;
  smoothing: boolean;
  /** The source portrait's α, the last frame's (smoothed) driving α and the motion sent to the animator. */
  sourceAlpha: number[];
  drivingAlpha: number[];
  motion: number[];
  /** Largest |motion| of the first frame after the last Recenter (0: relative transfer restarts exactly). */
  motionAfterRecenter: number | null;
  control: { recenter(): void; setMode(mode: TransferMode): void; setOnly(only: ChannelGroup | null): void; setSmoothing(on: boolean): void };
}

declare global {
  interface Window { __webcam: WebcamDemoState }
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const config = readConfig();
const params = new URLSearchParams(location.search);
const state: WebcamDemoState = {
  ready: false, error: null, device: null, model: config.model, camera: null, frames: 0, fps: 0, encodeMs: 0, renderMs: 0,
  mode: 'relative', only: null, smoothing: true, sourceAlpha: [], drivingAlpha: [], motion: [], motionAfterRecenter: null,
  control: { recenter: () => undefined, setMode: () => undefined, setOnly: () => undefined, setSmoothing: () => undefined },
};
window.__webcam = state;
const fail = (error: unknown): void => showError(state, error);
const status = $('status');

function parseFace(value: string | null, camera: { width: number; height: number }, resolution: number): PortraitCrop {
  if (!value) return centerSquareCrop(camera.width, camera.height, resolution);
  const [x, y, width, height] = value.split(',').map(Number);
  return computePortraitCrop(camera.width, camera.height, { x: x!, y: y!, width: width!, height: height! }, { resolution });
}

async function main(): Promise<void> {
  status.textContent = `Loading ${config.model} …`;
  const model = await loadModel(urlModelSource(config.model), { backend: new OrtWebBackend(), device: config.device });
  state.device = model.device;
  const r = model.resolution;
  const animator = new PortraitAnimator(model);
  const portrait = await loadImageData(config.portraits[0]!);
  await animator.setSource(cropPortrait(portrait, centerSquareCrop(portrait.width, portrait.height, r)));
  state.sourceAlpha = Array.from(animator.sourceAlpha!);

  status.textContent = 'Opening the camera …';
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  const video = $<HTMLVideoElement>('camera');
  video.srcObject = stream;
  await video.play();
  const camera = await HtmlVideoSource.open(video, { mode: 'live' });
  state.camera = { width: camera.info.width, height: camera.info.height };
  const crop = parseFace(params.get('face'), camera.info, r);

  const encoder = new DrivingEncoder(model, { batchSize: 1 });
  const filter = new OneEuroFilter(model.manifest.motionDim, DEFAULT_ONE_EURO);
  let transfer = new MotionTransfer(animator.calibration, { mode: state.mode, sourceAlpha: animator.sourceAlpha! });
  let recentered = false;
  const rebuild = (): void => {
    transfer = new MotionTransfer(animator.calibration, { mode: state.mode, ...(state.only ? { only: state.only } : {}), sourceAlpha: animator.sourceAlpha! });
  };
  state.control = {
    recenter: () => { transfer.reset(); filter.reset(); recentered = true; },
    setMode: (mode) => { state.mode = mode; $<HTMLSelectElement>('mode').value = mode; rebuild(); },
    setOnly: (only) => { state.only = only; $<HTMLSelectElement>('only').value = only ?? ''; rebuild(); },
    setSmoothing: (on) => { state.smoothing = on; $<HTMLInputElement>('smooth').checked = on; filter.reset(); },
  };
  $('recenter').addEventListener('click', () => state.control.recenter());
  $<HTMLSelectElement>('mode').addEventListener('change', (e) => state.control.setMode((e.target as HTMLSelectElement).value as TransferMode));
  $<HTMLSelectElement>('only').addEventListener('change', (e) => state.control.setOnly(((e.target as HTMLSelectElement).value || null) as ChannelGroup | null));
  $<HTMLInputElement>('smooth').addEventListener('change', (e) => state.control.setSmoothing((e.target as HTMLInputElement).checked));

  const inputCanvas = $<HTMLCanvasElement>('input');
  const outputCanvas = $<HTMLCanvasElement>('output');
  inputCanvas.width = inputCanvas.height = outputCanvas.width = outputCanvas.height = r;
  const inputContext = inputCanvas.getContext('2d')!;
  const outputContext = outputCanvas.getContext('2d')!;
  const cropped = new Uint8ClampedArray(r * r * 4);
  const pixels = new Uint8ClampedArray(r * r * 4);
  const raw = new Float32Array(model.manifest.motionDim);
  const smooth = new Float32Array(model.manifest.motionDim);
  const motion = new Float32Array(model.manifest.motionDim);
  const recent: number[] = [];
  state.ready = true;
  document.body.dataset.ready = 'yes';

  for await (const frame of camera.frames()) {
    const input = cropPortrait(frame.image, crop, cropped);
    inputContext.putImageData(new ImageData(cropped, r, r), 0, 0);
    const started = performance.now();
    await encoder.encode([input], { out: [raw] });
    const alpha = state.smoothing ? filter.filter(raw, frame.time, smooth) : raw;
    transfer.motion(alpha, motion);
    if (recentered) {
      state.motionAfterRecenter = motion.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      recentered = false;
    }
    const encoded = performance.now();
    await animator.renderFrame(motion, { out: pixels });
    outputContext.putImageData(new ImageData(pixels, r, r), 0, 0);
    const now = performance.now();
    state.encodeMs = encoded - started;
    state.renderMs = now - encoded;
    state.frames += 1;
    recent.push(now);
    while (recent.length > 0 && recent[0]! < now - 1000) recent.shift();
    state.fps = recent.length;
    state.drivingAlpha = Array.from(alpha);
    state.motion = Array.from(motion);
    status.textContent = `${model.manifest.id} on ${model.device} · camera ${camera.info.width}×${camera.info.height} · ` +
      `${state.fps} fps · encode ${state.encodeMs.toFixed(0)} ms, render ${state.renderMs.toFixed(0)} ms`;
  }
}

main().catch(fail);
