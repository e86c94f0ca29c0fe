import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rigLikeManifest } from '../../../test/video/rigLikeManifest.js';
import { fixtureDir } from '../../../test/runtime/fixtureModels.js';
import { clipToJSON } from '../../motion/clipToJSON.js';
import { loadClip } from '../../motion/loadClip.js';
import { parseModelManifest } from '../../rig/parseModelManifest.js';
import { RigCalibration } from '../../rig/RigCalibration.js';
import { MotionRecorder } from './MotionRecorder.js';
import { selectCaptureChannels } from './selectCaptureChannels.js';

const rig = new RigCalibration(rigLikeManifest());
const liax = new RigCalibration(parseModelManifest(readFileSync(path.join(fixtureDir('liax-tiny'), 'manifest.json'), 'utf8'), 'liax-tiny'));

/** A talking-head-like motion in rig units → α (through the forward map), plus a small free direction. */
function rigMotion(frames: number): { times: number[]; alphas: Float32Array[] } {
  const times: number[] = [];
  const alphas: Float32Array[] = [];
  for (let i = 0; i < frames; i += 1) {
    const t = i / 25;
    const values = {
      'head.yaw': 18 * Math.sin(1.3 * t), 'head.pitch': 6 * Math.sin(0.9 * t + 1),
      'mouth.open': Math.max(0, Math.sin(2 * Math.PI * 3 * t)) * 0.7, 'eyes.blinkLeft': t > 1 && t < 1.2 ? 1 : 0,
      'eyes.blinkRight': t > 1 && t < 1.2 ? 1 : 0, 'dict.15': 0.2 * Math.sin(t),
    };
    times.push(t);
    alphas.push(rig.toAlpha(values));
  }
  return { times, alphas };
}

describe('selectCaptureChannels', () => {
  it('keeps the per-lid blink channels and leaves out eyes.blink, which drives the same two directions', () => {
    expect(selectCaptureChannels(rig)).toEqual(rig.channelNames.filter((name) => name !== 'eyes.blink'));
  });

  it('keeps every channel of the official LIA-X map, whose directions are all distinct', () => {
    expect(liax.channelNames).toContain('head.rollAlt');
    expect(selectCaptureChannels(liax)).toEqual(liax.channelNames);
  });
});

describe('MotionRecorder', () => {
  it('exports named channels in their units and reproduces the recorded α within the thinning tolerance', () => {
    const { times, alphas } = rigMotion(125);
    const recorder = new MotionRecorder(rig);
    times.forEach((t, i) => recorder.add(t, alphas[i]!));
    const clip = recorder.toClip({ name: 'take', duration: 5 });
    expect(clip.channels).toEqual(['head.yaw', 'head.pitch', 'mouth.open', 'eyes.blinkLeft', 'eyes.blinkRight', 'dict.15']);
    const keys = clip.tracks.reduce((sum, track) => sum + track.keyCount, 0);
    expect(keys).toBeLessThan(125 * clip.tracks.length / 2);
    // replay: channel values at every frame time → α, compared with what was recorded (tolerance in α units)
    const values = new Float64Array(clip.tracks.length);
    const scale = [1 / 20, 1 / 15, 2, 2, 2, 1];
    const tolerance = [0.25, 0.25, 0.01, 0.01, 0.01, 0.005].map((t, i) => t * scale[i]! + 1e-5);
    times.forEach((t, i) => {
      clip.evaluate(t, values);
      const replayed = rig.toAlpha(Object.fromEntries(clip.channels.map((name, c) => [name, values[c]!])));
      for (const [c, index] of [0, 1, 3, 7, 8, 15].entries()) {
        expect(Math.abs(replayed[index]! - alphas[i]![index]!), `${clip.channels[c]} at ${t} s`).toBeLessThanOrEqual(tolerance[c]!);
      }
    });
    expect(clip.track('head.yaw')!.evaluate(times[20]!)).toBeCloseTo(18 * Math.sin(1.3 * times[20]!), 0);
  });

  it('writes a clip file the clip loader reads back identically (round trip), with capture metadata', () => {
    const { times, alphas } = rigMotion(60);
    const recorder = new MotionRecorder(rig);
    times.forEach((t, i) => recorder.add(t, alphas[i]!));
    const json = clipToJSON(recorder.toClip({ name: 'take', duration: 60 / 25, meta: { source: 'talk.mp4' } }));
    const text = JSON.stringify(json);
    const loaded = loadClip(text, { source: 'take.clip.json' });
    expect(clipToJSON(loaded)).toEqual(JSON.parse(text));
    expect(json.meta).toMatchObject({ tool: 'portrait-rig capture', model: 'rig-like', frames: 60, source: 'talk.mp4' });
  });

  it('puts what the named channels cannot express into dict.<i> (a relative mouth movement below the channel range)', () => {
    const recorder = new MotionRecorder(rig);
    const closing = (amount: number): Float32Array => rig.toAlpha({ 'dict.3': -2 * amount });   // mouth.open range is 0..1
    for (let i = 0; i < 10; i += 1) recorder.add(i / 25, closing(i / 10));
    const clip = recorder.toClip();
    expect(clip.channels).toEqual(['dict.3']);
    expect(clip.track('dict.3')!.evaluate(9 / 25)).toBeCloseTo(-1.8, 4);
  });

  it('a still take gives a clip without tracks; tolerance 0 keeps every frame that is not on a line', () => {
    const still = new MotionRecorder(rig);
    for (let i = 0; i < 20; i += 1) still.add(i / 25, new Float32Array(rig.motionDim));
    expect(still.toClip().tracks).toEqual([]);
    const exact = new MotionRecorder(rig, { tolerance: { degrees: 0, amount: 0, coefficient: 0 } });
    const { times, alphas } = rigMotion(30);
    times.forEach((t, i) => exact.add(t, alphas[i]!));
    expect(exact.toClip().track('head.yaw')!.keyCount).toBe(30);
  });

  it('rejects times that do not increase, an empty take, a negative tolerance and channels a clip cannot hold', () => {
    const recorder = new MotionRecorder(rig);
    recorder.add(0, new Float32Array(rig.motionDim));
    expect(() => recorder.add(0, new Float32Array(rig.motionDim))).toThrow(/frame times must be finite and increase \(got 0 s after 0 s\)/);
    expect(() => new MotionRecorder(rig).toClip()).toThrow(/no frames were recorded/);
    expect(() => new MotionRecorder(rig, { tolerance: { degrees: -1 } })).toThrow(/tolerance for degrees must be a finite number ≥ 0/);
    expect(() => new MotionRecorder(liax, { channels: ['head.yaw', 'head.yew'] })).toThrow(/a clip cannot hold channel "head\.yew" \(unknown channel "head\.yew", probably a typo/);
  });
});
