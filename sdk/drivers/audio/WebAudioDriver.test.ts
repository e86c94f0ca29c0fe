import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAudioContext, fakeMediaElement, fakeMediaStream, type FakeNode } from '../../../test/audio/fakeWebAudio.js';
import { concat, silence, vowel } from '../../../test/audio/signals.js';
import { isPortraitRigError } from '../../errors/PortraitRigError.js';
import { MotionMixer } from '../../motion/MotionMixer.js';
import { analyzeAudio } from './analyzeAudio.js';
import { WebAudioDriver } from './WebAudioDriver.js';

const RATE = 48_000;
const speech = concat(silence(0.5, RATE), vowel([750, 1200, 2600], 0.4, RATE), silence(0.3, RATE),
  vowel([320, 900, 2400], 0.4, RATE), silence(0.5, RATE));

function playingContext(): FakeAudioContext {
  const context = new FakeAudioContext(RATE);
  context.signal = speech;
  return context;
}

const asContext = (c: FakeAudioContext): AudioContext => c as unknown as AudioContext;
const asElement = (e: unknown): HTMLMediaElement => e as HTMLMediaElement;
const asStream = (s: unknown): MediaStream => s as MediaStream;
const asNode = (n: FakeNode): AudioNode => n as unknown as AudioNode;

/** Steps the context and the driver together at `fps`; returns the driver's output per step. */
function play(context: FakeAudioContext, driver: WebAudioDriver, seconds: number, fps = 60): { times: number[]; values: number[][] } {
  const out = new Float64Array(driver.channels.length);
  const times: number[] = [];
  const values: number[][] = [];
  for (let t = 1 / fps; t <= seconds; t += 1 / fps) {
    context.advance(1 / fps);
    driver.update(1 / fps, out);
    times.push(context.playhead / RATE);
    values.push(Array.from(out));
  }
  return { times, values };
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeAudioContext.created = [];
});

describe('WebAudioDriver (with a fake Web Audio graph)', () => {
  it('moves the mouth like the offline analysis of the same audio (same features and mapping, live at 60 fps)', () => {
    const offline = analyzeAudio(speech, RATE, { onWarning: () => undefined });
    const context = playingContext();
    const driver = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context) });
    driver.mapper.levels.calibrate(offline.noiseFloorDb, offline.speechPeakDb); // the same gate as offline
    const live = play(context, driver, speech.length / RATE);
    // The live window ends at the playhead, the offline one is centred: compare with the offline value 16 ms earlier.
    let sum = 0;
    let worst = 0;
    live.times.forEach((t, i) => {
      const k = Math.max(0, Math.min(offline.frameCount - 1, Math.round((t - 0.016) / offline.hopSeconds)));
      const difference = Math.abs(live.values[i]![0]! - offline.values[0]![k]!);
      sum += difference;
      worst = Math.max(worst, difference);
    });
    console.log(`[audio] live (60 fps, fake Web Audio) vs offline mouth.open: mean |Δ| ${(sum / live.times.length).toFixed(4)}, max ${worst.toFixed(3)}`);
    expect(sum / live.times.length).toBeLessThan(0.02);
    expect(worst).toBeLessThan(0.15);
    expect(Math.max(...live.values.map((v) => v[0]!))).toBeGreaterThan(0.4);
  });

  it('adapts its levels live: the mouth opens on speech and closes in the pauses without calibration', () => {
    const context = playingContext();
    const driver = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context) });
    const { times, values } = play(context, driver, speech.length / RATE);
    const at = (t: number): number => values[times.findIndex((x) => x >= t)]![0]!;
    expect(at(0.4)).toBe(0);
    expect(at(0.75)).toBeGreaterThan(0.3);
    expect(at(1.15)).toBe(0);
    expect(at(1.45)).toBeGreaterThan(0.1);
    expect(at(2.05)).toBe(0);
    expect(driver.speaking).toBe(false);
  });

  it('plays as an additive mixer layer: mixer.update writes the driver\'s mouth.open into the frame', () => {
    const context = playingContext();
    const driver = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context) });
    const mixer = new MotionMixer();
    mixer.sourceAction(driver, { layer: 1, blendMode: 'additive' }).play();
    let max = 0;
    for (let i = 0; i < 60; i++) {
      context.advance(1 / 60);
      mixer.update(1 / 60);
      max = Math.max(max, mixer.frame.get('mouth.open'));
    }
    expect(max).toBeGreaterThan(0.3);
  });

  it('delays its output by latencyMs', () => {
    const context = playingContext();
    const plain = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context) });
    const late = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context), latencyMs: 100 });
    const out = new Float64Array(3);
    const outLate = new Float64Array(3);
    const plainSeries: number[] = [];
    const lateSeries: number[] = [];
    for (let i = 0; i < 120; i++) {
      context.advance(1 / 60);
      plain.update(1 / 60, out);
      late.update(1 / 60, outLate);
      plainSeries.push(out[0]!);
      lateSeries.push(outLate[0]!);
    }
    for (let i = 6; i < 120; i++) expect(lateSeries[i]).toBeCloseTo(plainSeries[i - 6]!, 6); // 6 frames = 100 ms
  });

  it('reads silence while the context is suspended, and resume() starts it', async () => {
    const context = playingContext();
    context.state = 'suspended';
    const driver = new WebAudioDriver(asElement(fakeMediaElement()), { context: asContext(context) });
    context.advance(0.7);
    const out = new Float64Array(3);
    driver.update(1 / 60, out);
    expect(out[0]).toBe(0);
    expect(driver.features.levelDb).toBe(-120);
    await driver.resume();
    driver.update(1 / 60, out);
    expect(driver.features.levelDb).toBeGreaterThan(-40);
  });

  it('dispose() disconnects what it created, leaves a user\'s context open and the shared element audible', async () => {
    const context = playingContext();
    const element = fakeMediaElement();
    const driver = new WebAudioDriver(asElement(element), { context: asContext(context) });
    const source = context.elementSources[0]!;
    const analyser = context.analysers[0]!;
    expect([...source.connections].map((n) => n.label).sort()).toEqual(['analyser0', 'destination']);
    await driver.dispose();
    expect([...source.connections].map((n) => n.label)).toEqual(['destination']);
    expect(analyser.connections.size).toBe(0);
    expect(context.state).toBe('running');
    expect(driver.disposed).toBe(true);
    const out = Float64Array.of(9, 9, 9);
    driver.update(1 / 60, out);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    await driver.dispose(); // idempotent
    await expect(driver.resume()).rejects.toThrow(/resume\(\) after dispose\(\)/);
  });

  it('shares one element source between drivers of one context and refuses a second context for the element', () => {
    const context = playingContext();
    const element = fakeMediaElement();
    new WebAudioDriver(asElement(element), { context: asContext(context) });
    new WebAudioDriver(asElement(element), { context: asContext(context) });
    expect(context.elementSources).toHaveLength(1);
    let code: unknown;
    try {
      new WebAudioDriver(asElement(element), { context: asContext(new FakeAudioContext()) });
    } catch (error) {
      code = isPortraitRigError(error) ? error.code : error;
    }
    expect(code).toBe('audio/invalid-option');
  });

  it('with no context creates its own AudioContext and closes it on dispose', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    const driver = new WebAudioDriver(asElement(fakeMediaElement()));
    const created = FakeAudioContext.created[0]!;
    expect(driver.context).toBe(created);
    await driver.dispose();
    expect(created.state).toBe('closed');
  });

  it('listens to a node in the node\'s own context, disconnecting only its own edge', async () => {
    const context = playingContext();
    const userNode = context.createGain();
    const other = context.createGain();
    userNode.connect(other);
    const driver = new WebAudioDriver(asNode(userNode));
    expect(driver.context).toBe(context);
    await driver.dispose();
    expect([...userNode.connections]).toEqual([other]);
    expect(context.state).toBe('running');
  });

  it('a stream is not monitored (no feedback) unless asked; dispose disconnects its source; microphone() stops the tracks it opened', async () => {
    const context = playingContext();
    const stream = fakeMediaStream();
    const driver = new WebAudioDriver(asStream(stream), { context: asContext(context) });
    const source = context.streamSources[0]!;
    expect([...source.connections].map((n) => n.label)).toEqual(['analyser0']);
    await driver.dispose();
    expect(source.connections.size).toBe(0);
    expect(stream.getTracks()[0]!.stopped).toBe(false); // the user's stream

    const mic = fakeMediaStream();
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => mic } });
    const micDriver = await WebAudioDriver.microphone({ context: asContext(context) });
    await micDriver.dispose();
    expect(mic.getTracks()[0]!.stopped).toBe(true);
  });

  it('rejects inputs it cannot listen to', () => {
    const context = playingContext();
    const codeOf = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        return isPortraitRigError(error) ? error.code : error;
      }
      return undefined;
    };
    expect(codeOf(() => new WebAudioDriver({} as HTMLMediaElement, { context: asContext(context) }))).toBe('audio/invalid-option');
    expect(codeOf(() => new WebAudioDriver(asStream({ getAudioTracks: () => [], getTracks: () => [] }), { context: asContext(context) }))).toBe('audio/invalid-option');
    expect(codeOf(() => new WebAudioDriver(asNode(context.createGain()), { context: asContext(new FakeAudioContext()) }))).toBe('audio/invalid-option');
    vi.stubGlobal('AudioContext', undefined);
    expect(() => new WebAudioDriver(asElement(fakeMediaElement()))).toThrow(/no AudioContext \(Web Audio\); use audioToClip/);
  });
});
