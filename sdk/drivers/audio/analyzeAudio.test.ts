import { describe, expect, it } from 'vitest';
import { correlation, meanWhere } from '../../../test/audio/measure.js';
import { concat, hiss, mix, noise, silence, sine, vowel } from '../../../test/audio/signals.js';
import { analyzeAudio } from './analyzeAudio.js';
import type { AudioWarning } from './AudioWarning.js';
import { VISEMES } from './Viseme.js';
import { errorCodeOf } from '../../../test/support/errorCodeOf.js';

const RATE = 16_000;
const AA = [750, 1200, 2600];
const IH = [300, 2200, 3000];
const OU = [320, 900, 2400];

/** Bursts of synthetic vowels between silences; `truth(t)` says whether time t is inside a burst. */
function bursts(rate: number, parts: (readonly number[])[] = [AA, IH, OU, AA]): { pcm: Float32Array; truth: (t: number) => boolean; spans: [number, number][] } {
  const pieces: Float32Array[] = [];
  const spans: [number, number][] = [];
  let t = 0;
  for (const formants of parts) {
    pieces.push(silence(0.4, rate));
    t += 0.4;
    pieces.push(vowel(formants, 0.3, rate));
    spans.push([t, t + 0.3]);
    t += 0.3;
  }
  pieces.push(silence(0.4, rate));
  return { pcm: concat(...pieces), truth: (time) => spans.some(([a, b]) => time >= a && time < b), spans };
}

const quiet = { onWarning: () => undefined };

describe('analyzeAudio on synthetic signals', () => {
  it('opens the mouth on vowel bursts and keeps it closed in the silences between them', () => {
    const { pcm, truth, spans } = bursts(RATE);
    const a = analyzeAudio(pcm, RATE, quiet);
    expect(a.frameCount).toBe(Math.floor(pcm.length / RATE / 0.01 + 1e-9) + 1);
    const open = a.values[a.channels.indexOf('mouth.open')]!;
    let agree = 0;
    for (let k = 0; k < a.frameCount; k++) agree += (a.speaking[k] === 1) === truth(a.times[k]!) ? 1 : 0;
    expect(agree / a.frameCount).toBeGreaterThan(0.95);
    expect(correlation(open, Array.from(a.times, (t) => (truth(t) ? 1 : 0)))).toBeGreaterThan(0.7);
    const far = (t: number): boolean => spans.every(([s, e]) => t < s - 0.05 || t > e + 0.2);
    expect(Math.max(...open.filter((_, k) => far(a.times[k]!)))).toBeLessThan(0.01);
    for (const [s, e] of spans) expect(meanWhere(open, (k) => a.times[k]! > s + 0.05 && a.times[k]! < e - 0.02)).toBeGreaterThan(0.2);
    expect(a.warnings).toEqual([]);
  });

  it('shapes the mouth by the formants: "aa" opens widest, "ou" rounds, "ih" spreads (mouth.smile)', () => {
    const measure = (formants: readonly number[]): { open: number; round: number; smile: number } => {
      const a = analyzeAudio(concat(silence(0.2, RATE), vowel(formants, 0.5, RATE), silence(0.2, RATE)), RATE, quiet);
      const inside = (k: number): boolean => a.times[k]! > 0.3 && a.times[k]! < 0.65;
      const value = (channel: string): number => meanWhere(a.values[a.channels.indexOf(channel)]!, inside);
      return { open: value('mouth.open'), round: value('mouth.round'), smile: value('mouth.smile') };
    };
    const aa = measure(AA);
    const ih = measure(IH);
    const ou = measure(OU);
    expect(aa.open).toBeGreaterThan(ih.open + 0.2);
    expect(aa.open).toBeGreaterThan(ou.open + 0.2);
    expect(ou.round).toBeGreaterThan(0.4);
    expect(ih.round).toBeLessThan(0.05);
    expect(aa.round).toBeLessThan(0.15);
    expect(ih.smile).toBeGreaterThan(0.2);
    expect(ou.smile).toBeLessThan(0.02);
  });

  it('keeps a fricative ("s" hiss) nearly closed-jawed and unrounded', () => {
    const a = analyzeAudio(concat(silence(0.2, RATE), hiss(0.4, RATE, 0.2), silence(0.2, RATE)), RATE, quiet);
    const inside = (k: number): boolean => a.times[k]! > 0.3 && a.times[k]! < 0.55;
    expect(meanWhere(a.speaking, inside)).toBe(1);
    const open = meanWhere(a.values[0]!, inside);
    expect(open).toBeGreaterThan(0.05);
    expect(open).toBeLessThan(0.3);
    expect(meanWhere(a.values[1]!, inside)).toBeLessThan(0.01);
    const ss = VISEMES.indexOf('SS');
    expect(meanWhere(a.visemes, (k) => inside(k) && a.visemes[k] === ss) ).toBe(ss);
  });

  it('estimates the noise floor under steady noise at −50 dBFS: noise-only stretches stay closed, bursts still open', () => {
    const { pcm, truth, spans } = bursts(RATE);
    const noisy = mix(pcm, noise(pcm.length / RATE, RATE, 0.0055, 11)); // uniform ±0.0055 ≈ −50 dBFS
    const a = analyzeAudio(noisy, RATE, quiet);
    expect(a.noiseFloorDb).toBeGreaterThan(-53);
    expect(a.noiseFloorDb).toBeLessThan(-47);
    expect(a.gateDb).toBeGreaterThan(a.noiseFloorDb + 6);
    const open = a.values[0]!;
    const far = (t: number): boolean => spans.every(([s, e]) => t < s - 0.05 || t > e + 0.2);
    expect(Math.max(...open.filter((_, k) => far(a.times[k]!)))).toBeLessThan(0.01);
    let agree = 0;
    for (let k = 0; k < a.frameCount; k++) agree += (a.speaking[k] === 1) === truth(a.times[k]!) ? 1 : 0;
    expect(agree / a.frameCount).toBeGreaterThan(0.95);
  });

  it('gives the same mouth at 16 kHz, 44.1 kHz and 48 kHz input (resampled to one analysis rate)', () => {
    const reference = analyzeAudio(bursts(RATE).pcm, RATE, quiet).values[0]!;
    for (const rate of [44_100, 48_000]) {
      const other = analyzeAudio(bursts(rate).pcm, rate, quiet).values[0]!;
      const n = Math.min(reference.length, other.length);
      let worst = 0;
      for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(reference[k]! - other[k]!));
      expect(worst, `${rate} Hz`).toBeLessThan(0.05);
    }
  });

  it('is deterministic, and mixes stereo down (the same signal in both channels = mono)', () => {
    const { pcm } = bursts(RATE);
    const first = analyzeAudio(pcm, RATE, { ...quiet, prosody: true });
    const second = analyzeAudio(pcm, RATE, { ...quiet, prosody: true });
    expect(second.values.map((v) => Array.from(v))).toEqual(first.values.map((v) => Array.from(v)));
    const stereo = analyzeAudio([pcm, pcm], RATE, quiet);
    expect(Array.from(stereo.values[0]!)).toEqual(Array.from(analyzeAudio(pcm, RATE, quiet).values[0]!));
  });

  it('adds prosody channels (head.pitch nods ≤ 0, brows.raise ≥ 0) and viseme weight channels when asked', () => {
    const a = analyzeAudio(bursts(RATE).pcm, RATE, { ...quiet, prosody: { seed: 3 }, visemeChannels: true });
    expect(a.channels.slice(0, 5)).toEqual(['mouth.open', 'mouth.round', 'mouth.smile', 'head.pitch', 'brows.raise']);
    expect(a.channels.slice(5)).toEqual(VISEMES.map((v) => `viseme.${v}`));
    expect(Math.max(...a.values[3]!)).toBeLessThanOrEqual(0);
    expect(Math.min(...a.values[4]!)).toBeGreaterThanOrEqual(0);
    const sil = a.values[5]!;
    expect(sil[0]).toBeGreaterThan(0.99);
    const prefixed = analyzeAudio(bursts(RATE).pcm, RATE, { ...quiet, visemeChannels: 'lipsync.viseme' });
    expect(prefixed.channels[3]).toBe('lipsync.viseme.sil');
  });

  it('maps by viseme shapes with mapping: "viseme" (an "aa" burst opens more than an "ou" one, "ou" rounds)', () => {
    const { pcm } = bursts(RATE, [AA, OU]);
    const a = analyzeAudio(pcm, RATE, { ...quiet, mapping: 'viseme' });
    const aaOpen = meanWhere(a.values[0]!, (k) => a.times[k]! > 0.45 && a.times[k]! < 0.68);
    const ouOpen = meanWhere(a.values[0]!, (k) => a.times[k]! > 1.15 && a.times[k]! < 1.38);
    const ouRound = meanWhere(a.values[1]!, (k) => a.times[k]! > 1.15 && a.times[k]! < 1.38);
    expect(aaOpen).toBeGreaterThan(ouOpen + 0.2);
    expect(ouRound).toBeGreaterThan(0.4);
  });
});

describe('analyzeAudio bad input', () => {
  it('rejects an empty buffer, no channels and channels of different lengths', () => {
    expect(() => analyzeAudio(new Float32Array(0), RATE)).toThrow(/the PCM buffer is empty \(0 samples\)/);
    expect(errorCodeOf(() => analyzeAudio(new Float32Array(0), RATE))).toBe('audio/empty');
    expect(errorCodeOf(() => analyzeAudio([], RATE))).toBe('audio/empty');
    expect(() => analyzeAudio([new Float32Array(3), new Float32Array(4)], RATE)).toThrow(/channel 0: 3 samples, channel 1: 4/);
    expect(errorCodeOf(() => analyzeAudio(new Float64Array(8) as unknown as Float32Array, RATE))).toBe('audio/invalid-pcm');
  });

  it('rejects a zero, negative, NaN or absurd sample rate naming the value and the fix', () => {
    const pcm = sine(200, 0.1, RATE);
    for (const rate of [0, -16_000, Number.NaN, 100, 10_000_000]) {
      expect(() => analyzeAudio(pcm, rate, { source: 'speech.wav' })).toThrow(/speech\.wav: sample rate .* is not usable: it must be a number of Hz between 4000 and 768000; pass the rate the samples were recorded at/);
      expect(errorCodeOf(() => analyzeAudio(pcm, rate))).toBe('audio/invalid-sample-rate');
    }
  });

  it('rejects NaN and Infinity samples, counting them and locating the first', () => {
    const pcm = sine(200, 1, RATE);
    pcm[8000] = Number.NaN;
    pcm[9000] = Number.POSITIVE_INFINITY;
    expect(() => analyzeAudio(pcm, RATE)).toThrow(/2 of 16000 samples are NaN or ±Infinity, the first at sample 8000 \(0\.500 s\)/);
    expect(errorCodeOf(() => analyzeAudio(pcm, RATE))).toBe('audio/non-finite');
  });

  it('warns about clipping (flat tops at full scale) but not about a loud clean signal', () => {
    const warnings: AudioWarning[] = [];
    const clipped = sine(200, 1, RATE, 1.6).map((v) => Math.max(-1, Math.min(1, v)));
    const a = analyzeAudio(clipped, RATE, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.code)).toEqual(['audio/clipping']);
    expect(warnings[0]!.message).toMatch(/the recording is clipped: \d+ peak\(s\) pinned at full scale .* Record with less gain/);
    expect(a.warnings).toEqual(warnings);
    const overs = analyzeAudio(sine(200, 0.2, RATE, 1.2), RATE, quiet);
    expect(overs.warnings.map((w) => w.code)).toEqual(['audio/clipping']);
    expect(analyzeAudio(sine(200, 1, RATE, 0.99), RATE, quiet).warnings).toEqual([]);
  });

  it('warns about silence (no speech: the mouth stays closed), a low sample rate and a DC offset', () => {
    const silent = analyzeAudio(silence(1, RATE), RATE, quiet);
    expect(silent.warnings.map((w) => w.code)).toEqual(['audio/no-speech']);
    expect(Math.max(...silent.values[0]!)).toBe(0);
    expect(analyzeAudio(bursts(8000).pcm, 8000, quiet).warnings.map((w) => w.code)).toEqual(['audio/low-sample-rate']);
    expect(analyzeAudio(bursts(RATE).pcm.map((v) => v + 0.1), RATE, quiet).warnings.map((w) => w.code)).toEqual(['audio/dc-offset']);
  });

  it('sends warnings to console.warn without onWarning', () => {
    const original = console.warn;
    const seen: string[] = [];
    console.warn = (message: string) => seen.push(message);
    try {
      analyzeAudio(silence(0.5, RATE), RATE, { source: 'quiet.wav' });
    } finally {
      console.warn = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^PortraitRig: quiet\.wav: no frame rose above the silence gate/);
  });

  it('rejects out-of-range options with audio/invalid-option', () => {
    const pcm = sine(200, 0.2, RATE);
    for (const options of [{ hopMs: 0 }, { analysisRate: 4000 }, { attackMs: -1 }, { maxOpen: 2 }, { latencyMs: Number.NaN },
      { mapping: 'phoneme' as 'viseme' }, { prosody: { nodDegrees: 90 } }, { visemeChannels: '1bad' }, { silenceThresholdDb: 6 }]) {
      expect(errorCodeOf(() => analyzeAudio(pcm, RATE, { ...quiet, ...options })), JSON.stringify(options)).toBe('audio/invalid-option');
    }
  });
});
