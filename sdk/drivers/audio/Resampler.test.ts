import { describe, expect, it } from 'vitest';
import { sine } from '../../../test/audio/signals.js';
import { resamplePcmForTest, resampleRms } from '../../../test/audio/measure.js';
import { Resampler } from './Resampler.js';

/** Largest difference to the ideal sine over the middle of the output (the ends see the zero padding). */
function errorToSine(out: Float32Array, rate: number, hz: number, amplitude: number): number {
  let worst = 0;
  for (let i = Math.floor(out.length * 0.2); i < out.length * 0.8; i++) {
    worst = Math.max(worst, Math.abs(out[i]! - amplitude * Math.sin(2 * Math.PI * hz * (i / rate))));
  }
  return worst;
}

describe('Resampler', () => {
  it('keeps a 1 kHz sine through 48 kHz → 16 kHz, 44.1 kHz → 16 kHz and 8 kHz → 16 kHz (error < 0.2 %)', () => {
    for (const [from, to] of [[48_000, 16_000], [44_100, 16_000], [8_000, 16_000], [22_050, 16_000]] as const) {
      const out = resamplePcmForTest(sine(1000, 0.5, from, 0.5), from, to);
      expect(out.length).toBe(Math.ceil(0.5 * to));
      expect(errorToSine(out, to, 1000, 0.5), `${from} → ${to}`).toBeLessThan(0.001);
    }
  });

  it('removes a tone above the new Nyquist frequency instead of aliasing it (10 kHz at 44.1 kHz → 16 kHz: < −60 dB)', () => {
    const out = resamplePcmForTest(sine(10_000, 0.5, 44_100, 0.5), 44_100, 16_000);
    expect(resampleRms(out) / (0.5 / Math.SQRT2)).toBeLessThan(0.001);
  });

  it('passes 7 kHz (inside the pass band, −0.2 dB) at 48 kHz → 16 kHz and stops 8.5 kHz (< −80 dB)', () => {
    const out = resamplePcmForTest(sine(7000, 0.5, 48_000, 0.5), 48_000, 16_000);
    expect(resampleRms(out) / (0.5 / Math.SQRT2)).toBeGreaterThan(0.95);
    const stopped = resamplePcmForTest(sine(8500, 0.5, 48_000, 0.5), 48_000, 16_000);
    expect(resampleRms(stopped) / (0.5 / Math.SQRT2)).toBeLessThan(1e-4);
  });

  it('copies samples unchanged at equal rates, and processes a prefix of the input', () => {
    const resampler = new Resampler(16_000, 16_000);
    const input = Float32Array.of(0.1, -0.2, 0.3, 0.4);
    const out = new Float32Array(3);
    expect(resampler.process(input, out, 3)).toBe(3);
    expect(Array.from(out)).toEqual([input[0], input[1], input[2]]);
    expect(new Resampler(48_000, 16_000).outputLength(48_000)).toBe(16_000);
    expect(new Resampler(44_100, 16_000).outputLength(441)).toBe(160);
  });

  it('rejects unusable rates and options', () => {
    expect(() => new Resampler(0, 16_000)).toThrow(/input sample rate 0 Hz is not usable/);
    expect(() => new Resampler(48_000, Number.NaN)).toThrow(/output sample rate NaN Hz/);
    expect(() => new Resampler(48_000, 16_000, { zeroCrossings: 2 })).toThrow(/zeroCrossings/);
  });
});
