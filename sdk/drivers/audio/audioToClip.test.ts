import { describe, expect, it } from 'vitest';
import { concat, silence, vowel } from '../../../test/audio/signals.js';
import { isPortraitRigError } from '../../errors/PortraitRigError.js';
import { clipToJSON } from '../../motion/clipToJSON.js';
import { loadClip } from '../../motion/loadClip.js';
import { MotionMixer } from '../../motion/MotionMixer.js';
import { analysisToClip } from './analysisToClip.js';
import { analyzeAudio } from './analyzeAudio.js';
import { audioToClip } from './audioToClip.js';

const RATE = 22_050;
const speech = concat(silence(0.3, RATE), vowel([750, 1200, 2600], 0.4, RATE), silence(0.25, RATE),
  vowel([320, 900, 2400], 0.35, RATE), silence(0.3, RATE));
const duration = speech.length / RATE;
const quiet = { onWarning: () => undefined };

/** The analysis series of `channel` at time t (linear between frames), as analysisToClip samples it. */
function seriesAt(a: ReturnType<typeof analyzeAudio>, channel: string, t: number): number {
  const series = a.values[a.channels.indexOf(channel)]!;
  const position = Math.min(Math.max(t / a.hopSeconds, 0), a.frameCount - 1);
  const k = Math.min(Math.floor(position), a.frameCount - 2);
  return series[k]! + (series[k + 1]! - series[k]!) * (position - k);
}

describe('audioToClip', () => {
  it('bakes a clip exactly as long as the audio with the mouth tracks, named "speech", loop once', () => {
    const clip = audioToClip(speech, RATE, { ...quiet, fps: 25 });
    expect(clip.duration).toBeCloseTo(duration, 12);
    expect(clip.name).toBe('speech');
    expect(clip.loop).toBe('once');
    expect(clip.channels).toEqual(['mouth.open', 'mouth.round', 'mouth.smile']);
    for (const track of clip.tracks) {
      expect(track.startTime).toBe(0);
      expect(track.endTime).toBeCloseTo(duration, 12);
    }
    expect(clip.meta).toMatchObject({ generator: 'portrait-rig audioToClip', fps: 25 });
  });

  it('thins the keys (far fewer than frames) while staying within the tolerance of every sampled frame', () => {
    const analysis = analyzeAudio(speech, RATE, quiet);
    const fps = 30;
    for (const tolerance of [0.01, 0.05]) {
      const clip = analysisToClip(analysis, { fps, tolerance });
      const open = clip.track('mouth.open')!;
      const frames = Math.floor(duration * fps) + 2;
      expect(open.keyCount).toBeLessThan(frames * (tolerance === 0.01 ? 0.6 : 0.4));
      let worst = 0;
      for (let i = 0; i * (1 / fps) <= duration; i++) {
        worst = Math.max(worst, Math.abs(open.evaluate(i / fps) - seriesAt(analysis, 'mouth.open', i / fps)));
      }
      expect(worst, `tolerance ${tolerance}`).toBeLessThanOrEqual(tolerance + 1e-6);
    }
    expect(analysisToClip(analysis, { fps }).track('mouth.smile')!.keyCount).toBe(2); // flat: first and last key
    const strict = analysisToClip(analysis, { fps, tolerance: 0 });
    expect(strict.track('mouth.open')!.keyCount).toBeGreaterThan(analysisToClip(analysis, { fps, tolerance: 0.05 }).track('mouth.open')!.keyCount);
  });

  it('shifts the motion by latencyMs: +100 ms plays at t + 0.1 what 0 plays at t', () => {
    const plain = audioToClip(speech, RATE, { ...quiet, fps: 100, tolerance: 0 });
    const late = audioToClip(speech, RATE, { ...quiet, fps: 100, tolerance: 0, latencyMs: 100 });
    const early = audioToClip(speech, RATE, { ...quiet, fps: 100, tolerance: 0, latencyMs: -100 });
    for (const t of [0.45, 0.6, 1.1, 1.3]) {
      expect(late.track('mouth.open')!.evaluate(t + 0.1)).toBeCloseTo(plain.track('mouth.open')!.evaluate(t), 6);
      expect(early.track('mouth.open')!.evaluate(t - 0.1)).toBeCloseTo(plain.track('mouth.open')!.evaluate(t), 6);
    }
    expect(late.track('mouth.open')!.evaluate(0.35)).toBe(0);
    expect(plain.track('mouth.open')!.evaluate(0.35)).toBeGreaterThan(0.1);
  });

  it('honours duration (longer holds the closed mouth, shorter cuts), name and the prosody/viseme channels', () => {
    const longer = audioToClip(speech, RATE, { ...quiet, duration: 3, name: 'hello-speech' });
    expect(longer.duration).toBe(3);
    expect(longer.name).toBe('hello-speech');
    expect(longer.track('mouth.open')!.evaluate(2.9)).toBe(0);
    expect(audioToClip(speech, RATE, { ...quiet, duration: 0.5 }).duration).toBe(0.5);
    const full = audioToClip(speech, RATE, { ...quiet, prosody: true, visemeChannels: true });
    expect(full.channels).toHaveLength(5 + 15);
    expect(full.channels).toContain('head.pitch');
    expect(full.channels).toContain('viseme.ou');
  });

  it('round-trips through the clip file format and plays in a mixer as an additive layer over another clip', () => {
    const clip = audioToClip(speech, RATE, { ...quiet, fps: 25 });
    const reloaded = loadClip(JSON.stringify(clipToJSON(clip)));
    expect(reloaded.track('mouth.open')!.evaluate(0.5)).toBeCloseTo(clip.track('mouth.open')!.evaluate(0.5), 12);
    const mixer = new MotionMixer();
    mixer.clipAction(clip, { layer: 1, blendMode: 'additive' }).play();
    mixer.setTime(0.5);
    expect(mixer.frame.get('mouth.open')).toBeCloseTo(clip.track('mouth.open')!.evaluate(0.5), 5);
    expect(mixer.frame.get('mouth.open')).toBeGreaterThan(0.2);
  });

  it('rejects bad baking options', () => {
    const analysis = analyzeAudio(speech, RATE, quiet);
    for (const options of [{ fps: 0 }, { fps: 1000 }, { tolerance: -1 }, { angleTolerance: 50 }, { duration: 0 }, { duration: Number.NaN }]) {
      let code: unknown;
      try {
        analysisToClip(analysis, options);
      } catch (error) {
        code = isPortraitRigError(error) ? error.code : error;
      }
      expect(code, JSON.stringify(options)).toBe('audio/invalid-option');
    }
  });
});
