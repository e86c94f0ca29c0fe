import { describe, expect, it } from 'vitest';
import { hiss, noise, silence, sine, vowel } from '../../../test/audio/signals.js';
import { AudioFeatureExtractor } from './AudioFeatureExtractor.js';
import { AudioFeatures } from './AudioFeatures.js';

const RATE = 16_000;
const extractor = new AudioFeatureExtractor(RATE);

/** Features of the window centred at 0.25 s. */
function featuresOf(signal: Float32Array): AudioFeatures {
  return extractor.analyze(signal, Math.round(0.25 * RATE) - extractor.windowLength / 2, new AudioFeatures());
}

describe('AudioFeatureExtractor', () => {
  it('uses a 32 ms Hann window and a 1024-point FFT at 16 kHz', () => {
    expect(extractor.windowLength).toBe(512);
    expect(extractor.fftSize).toBe(1024);
    expect(extractor.lpcOrder).toBe(18);
  });

  it('measures a 200 Hz sine: level −9.03 dBFS, pitch 200 Hz, periodic, tonal, centroid 200 Hz, 400 crossings/s', () => {
    const f = featuresOf(sine(200, 0.5, RATE, 0.5));
    expect(Math.abs(f.levelDb - 20 * Math.log10(0.5 / Math.SQRT2))).toBeLessThan(0.1);
    expect(f.pitchHz).toBeGreaterThan(198);
    expect(f.pitchHz).toBeLessThan(202);
    expect(f.periodicity).toBeGreaterThan(0.95);
    expect(f.flatness).toBeLessThan(0.01);
    expect(f.centroidHz).toBeGreaterThan(190);
    expect(f.centroidHz).toBeLessThan(215);
    expect(f.zeroCrossingRate).toBeGreaterThan(370);
    expect(f.zeroCrossingRate).toBeLessThan(430);
    expect(f.bandsDb[0]).toBeGreaterThan(f.bandsDb[2]! + 40);
  });

  it('finds the pitch of a harmonic vowel at its fundamental, not an octave off (120 Hz and 220 Hz voices)', () => {
    expect(featuresOf(vowel([700, 1200, 2600], 0.5, RATE, { pitchHz: 120 })).pitchHz).toBeCloseTo(120, -1);
    const high = featuresOf(vowel([850, 1300, 2900], 0.5, RATE, { pitchHz: 220 }));
    expect(high.pitchHz).toBeGreaterThan(212);
    expect(high.pitchHz).toBeLessThan(228);
    expect(high.periodicity).toBeGreaterThan(0.9);
  });

  it('recovers the first two formants of synthetic vowels within 20 % (LPC envelope)', () => {
    const cases: [string, number[]][] = [['aa', [750, 1200, 2600]], ['ih', [300, 2200, 3000]], ['ou', [320, 900, 2400]], ['E', [550, 1850, 2600]]];
    for (const [name, formants] of cases) {
      const f = featuresOf(vowel(formants, 0.5, RATE));
      expect(Math.abs(f.formant1Hz / formants[0]! - 1), `${name} F1 ${f.formant1Hz}`).toBeLessThan(0.2);
      expect(Math.abs(f.formant2Hz / formants[1]! - 1), `${name} F2 ${f.formant2Hz}`).toBeLessThan(0.2);
    }
  });

  it('tells noise from voice: white noise is aperiodic (< 0.4) and flat (> 0.4) with its centroid near 4 kHz', () => {
    const f = featuresOf(noise(0.5, RATE, 0.3, 4));
    expect(f.periodicity).toBeLessThan(0.4);
    expect(f.flatness).toBeGreaterThan(0.4);
    expect(f.centroidHz).toBeGreaterThan(3500);
    expect(f.centroidHz).toBeLessThan(4500);
    const voice = featuresOf(vowel([700, 1200, 2600], 0.5, RATE));
    expect(voice.periodicity).toBeGreaterThan(0.9);
    expect(voice.flatness).toBeLessThan(0.05);
  });

  it('separates dark from bright sounds by the low/high ratio and the 4–8 kHz band (a vowel vs. an "s")', () => {
    const dark = featuresOf(vowel([320, 900, 2400], 0.5, RATE));
    const bright = featuresOf(hiss(0.5, RATE));
    expect(dark.lowHighRatioDb).toBeGreaterThan(10);
    expect(bright.lowHighRatioDb).toBeLessThan(-10);
    expect(bright.bandsDb[4]).toBeGreaterThan(bright.bandsDb[1]! + 20);
    expect(bright.centroidHz).toBeGreaterThan(4500);
    const tone = featuresOf(sine(3000, 0.5, RATE));
    expect(Array.from(tone.bandsDb).indexOf(Math.max(...tone.bandsDb))).toBe(3);
  });

  it('reports digital silence as −120 dBFS with no pitch or formants, and windows past the edges as silence', () => {
    const f = featuresOf(silence(0.5, RATE));
    expect(f.levelDb).toBe(-120);
    expect([f.pitchHz, f.periodicity, f.formant1Hz, f.centroidHz]).toEqual([0, 0, 0, 0]);
    const tone = sine(200, 0.5, RATE);
    expect(extractor.analyze(tone, tone.length + 10, new AudioFeatures()).levelDb).toBe(-120);
    expect(extractor.analyze(tone, -600, new AudioFeatures()).levelDb).toBe(-120);
    // Half a window over the start: half the energy, −3 dB.
    expect(extractor.analyze(tone, -256, new AudioFeatures()).levelDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2) - 3, 0);
  });

  it('removes a DC offset before measuring', () => {
    const offset = sine(200, 0.5, RATE, 0.3).map((v) => v + 0.2);
    const clean = featuresOf(sine(200, 0.5, RATE, 0.3));
    const f = featuresOf(offset);
    expect(f.levelDb).toBeCloseTo(clean.levelDb, 1);
    expect(f.pitchHz).toBeCloseTo(clean.pitchHz, 1);
  });

  it('works at other rates: a 150 Hz pitch at 8 kHz and 48 kHz', () => {
    for (const rate of [8000, 48_000]) {
      const ex = new AudioFeatureExtractor(rate);
      const signal = vowel([700, 1200], 0.5, rate, { pitchHz: 150 });
      const f = ex.analyze(signal, Math.round(0.25 * rate) - ex.windowLength / 2, new AudioFeatures());
      expect(f.pitchHz, `${rate} Hz`).toBeGreaterThan(145);
      expect(f.pitchHz, `${rate} Hz`).toBeLessThan(155);
    }
  });

  it('rejects out-of-range options', () => {
    expect(() => new AudioFeatureExtractor(16_000, { windowMs: 5 })).toThrow(/windowMs must be 10..100/);
    expect(() => new AudioFeatureExtractor(16_000, { minPitchHz: 300, maxPitchHz: 200 })).toThrow(/minPitchHz/);
    expect(() => new AudioFeatureExtractor(0)).toThrow(/sample rate 0 Hz/);
  });
});
