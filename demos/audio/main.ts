/**
 * Audio lip sync demo: an `<audio>` element (a bundled espeak-ng sentence, or a file you pick) or the microphone
 * drives a portrait's mouth live through `WebAudioDriver`, layered additively over the bundled idle clip (its own
 * mouth channels masked) and blinks. Rendering goes through a FramePacer, so a slow model drops frames instead of
 * lagging behind the sound.
 *
 * URL: `?model=/models/<name>/` `&device=wasm|webgpu|auto` `&portrait=<image url>`. The page state is on
 * `window.__audioDemo` (read by test/audio/audioDemo.test.ts).
 */
import {
  BlinkBehavior, centerSquareCrop, cropPortrait, FramePacer, loadClip, loadModel, MotionMixer, PortraitAnimator, urlModelSource,
  WebAudioDriver, type SourceAction,
} from 'portrait-rig';
import { OrtWebBackend } from 'portrait-rig/web';
import { readConfig } from '../shared/config.js';
import { loadImageData } from '../shared/loadImageData.js';
import { showError } from '../shared/showError.js';

/** What the page publishes on `window.__audioDemo`. */
export interface AudioDemoState {
  ready: boolean;
  error: string | null;
  device: string | null;
  /** Which input drives the mouth. */
  input: 'file' | 'microphone';
  /** Frames rendered. */
  frames: number;
  /** The last mixed values and the driver's view of the last frame. */
  mouthOpen: number;
  mouthRound: number;
  mouthSmile: number;
  levelDb: number;
  viseme: string;
  /** Largest mouth.open seen since the last `resetPeak()`. */
  peakOpen: number;
  control: { play(): Promise<void>; microphone(on: boolean): Promise<void>; resetPeak(): void };
}

declare global {
  interface Window { __audioDemo: AudioDemoState }
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const config = readConfig();
const state: AudioDemoState = {
  ready: false, error: null, device: null, input: 'file', frames: 0, mouthOpen: 0, mouthRound: 0, mouthSmile: 0, levelDb: -120,
  viseme: 'sil', peakOpen: 0, control: { play: async () => undefined, microphone: async () => undefined, resetPeak: () => undefined },
};
window.__audioDemo = state;
const fail = (error: unknown): void => showError(state, error);
const status = $('status');

function meter(name: string, value: number, text: string): void {
  $(`bar-${name}`).style.width = `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
  $(`val-${name}`).textContent = text;
}

async function main(): Promise<void> {
  status.textContent = `Loading ${config.model} …`;
  const model = await loadModel(urlModelSource(config.model), { backend: new OrtWebBackend(), device: config.device });
  state.device = model.device;
  const r = model.resolution;
  const animator = new PortraitAnimator(model);
  const portrait = await loadImageData(config.portraits[0]!);
  await animator.setSource(cropPortrait(portrait, centerSquareCrop(portrait.width, portrait.height, r)));

  // The idle clip without its mouth (speech owns the jaw), blinks on top, speech on top of that.
  const manifest = model.manifest;
  const mixer = new MotionMixer({ channels: [], neutralOf: (c) => manifest.channels[c]?.neutral ?? 0 });
  const idle = loadClip(await (await fetch('/clips/hello.clip.json')).text(), { source: 'hello.clip.json' });
  mixer.clipAction(idle, { loop: 'loop', mask: (channel) => channel !== 'mouth.open' && channel !== 'mouth.round' }).play();
  mixer.sourceAction(new BlinkBehavior({ seed: 1 }), { layer: 1, blendMode: 'additive' }).play();

  const context = new AudioContext();
  const audio = $<HTMLAudioElement>('speech');
  const fileDriver = new WebAudioDriver(audio, { context, prosody: true });
  let driver = fileDriver;
  let action: SourceAction = mixer.sourceAction(fileDriver, { layer: 2, blendMode: 'additive' }).play();
  let microphone: WebAudioDriver | undefined;

  state.control = {
    play: async () => {
      await context.resume();
      await audio.play();
    },
    microphone: async (on) => {
      await context.resume();
      if (on && !microphone) {
        microphone = await WebAudioDriver.microphone({ context, prosody: true });
        audio.pause();
        action.stop();
        action = mixer.sourceAction(microphone, { layer: 2, blendMode: 'additive' }).play();
        driver = microphone;
        state.input = 'microphone';
      } else if (!on && microphone) {
        mixer.removeAction(action);
        await microphone.dispose();
        microphone = undefined;
        action = mixer.sourceAction(fileDriver, { layer: 2, blendMode: 'additive' }).play();
        driver = fileDriver;
        state.input = 'file';
      }
      $('mic').textContent = microphone ? 'Stop the microphone' : 'Use the microphone';
    },
    resetPeak: () => { state.peakOpen = 0; },
  };
  audio.addEventListener('play', () => { void context.resume(); });
  $('mic').addEventListener('click', () => { state.control.microphone(!microphone).catch(fail); });
  $<HTMLInputElement>('file').addEventListener('change', (event) => {
    const chosen = (event.target as HTMLInputElement).files?.[0];
    if (!chosen) return;
    audio.src = URL.createObjectURL(chosen);
    state.control.play().catch(fail);
  });

  const canvas = $<HTMLCanvasElement>('output');
  canvas.width = canvas.height = r;
  const output = canvas.getContext('2d')!;
  const pixels = new Uint8ClampedArray(r * r * 4);
  const frame = mixer.frame;
  const open = frame.indexOf('mouth.open');
  const round = frame.indexOf('mouth.round');
  const smile = frame.indexOf('mouth.smile');
  const pacer = new FramePacer({
    render: () => animator.renderFrame(frame, { out: pixels }),
    onFrame: () => {
      output.putImageData(new ImageData(pixels, r, r), 0, 0);
      state.frames += 1;
    },
    onError: fail,
  });
  state.ready = true;
  document.body.dataset.ready = 'yes';
  let last = performance.now();
  const tick = (now: number): void => {
    const delta = Math.min(0.1, Math.max(0, (now - last) / 1000));
    last = now;
    mixer.update(delta);
    state.mouthOpen = frame.values[open]!;
    state.mouthRound = frame.values[round]!;
    state.mouthSmile = frame.values[smile]!;
    state.peakOpen = Math.max(state.peakOpen, state.mouthOpen);
    state.levelDb = driver.features.levelDb;
    state.viseme = driver.viseme;
    meter('open', state.mouthOpen, state.mouthOpen.toFixed(2));
    meter('round', state.mouthRound, state.mouthRound.toFixed(2));
    meter('smile', state.mouthSmile, state.mouthSmile.toFixed(2));
    meter('level', (state.levelDb + 80) / 80, state.levelDb <= -119 ? '−∞' : state.levelDb.toFixed(0));
    $('viseme').textContent = state.viseme;
    pacer.request(now / 1000);
    status.textContent = `${manifest.id} on ${model.device} · ${state.input} · ${pacer.stats.fps.toFixed(0)} fps · ` +
      `gate ${driver.mapper.levels.gateDb.toFixed(0)} dBFS · context ${context.state}`;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  status.textContent = 'Ready: press play on the audio, or use the microphone.';
}

main().catch(fail);
