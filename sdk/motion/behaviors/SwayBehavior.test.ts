import { describe, expect, it } from 'vitest';
import { BreathingBehavior, SwayBehavior, ValueNoise } from '../index.js';

describe('ValueNoise', () => {
  it('is smooth, bounded by 1 and deterministic per seed', () => {
    const noise = new ValueNoise(4);
    const again = new ValueNoise(4);
    let maxStep = 0;
    for (let x = -20; x < 300; x += 0.001) {
      const v = noise.sample(x);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      maxStep = Math.max(maxStep, Math.abs(noise.sample(x + 0.001) - v));
    }
    // Quintic fade: slope ≤ 1.875 · (max lattice difference ≤ 2) per unit.
    expect(maxStep).toBeLessThan(0.004);
    expect(again.sample(12.34)).toBe(noise.sample(12.34));
    expect(new ValueNoise(5).sample(12.34)).not.toBe(noise.sample(12.34));
    expect(noise.fractal(3.3, 3)).toBeGreaterThanOrEqual(-1);
  });
});

describe('SwayBehavior', () => {
  it('wanders each pose channel within its amplitude, smoothly and independently', () => {
    const sway = new SwayBehavior({ seed: 2 });
    expect(sway.channels).toEqual(['head.yaw', 'head.pitch', 'head.roll']);
    const out = new Float64Array(3);
    const previous = new Float64Array(3);
    let maxYaw = 0;
    let differs = false;
    for (let i = 0; i < 60 * 120; i++) {
      sway.update(1 / 60, out);
      if (i > 0) for (let c = 0; c < 3; c++) expect(Math.abs(out[c]! - previous[c]!)).toBeLessThan(0.05);
      expect(Math.abs(out[0]!)).toBeLessThanOrEqual(1.2);
      expect(Math.abs(out[1]!)).toBeLessThanOrEqual(0.8);
      maxYaw = Math.max(maxYaw, Math.abs(out[0]!));
      if (Math.abs(out[1]! / 0.8 - out[2]! / 0.8) > 0.1) differs = true;
      previous.set(out);
    }
    expect(maxYaw).toBeGreaterThan(0.4);
    expect(differs).toBe(true);
  });

  it('depends only on elapsed time, not on the step size', () => {
    const a = new SwayBehavior({ seed: 9 });
    const b = new SwayBehavior({ seed: 9 });
    const outA = new Float64Array(3);
    const outB = new Float64Array(3);
    for (let i = 0; i < 100; i++) a.update(0.01, outA);
    b.update(0.5, outB);
    b.update(0.5, outB);
    for (let c = 0; c < 3; c++) expect(outB[c]).toBeCloseTo(outA[c]!, 9);
    a.reset();
    a.update(1, outA);
    for (let c = 0; c < 3; c++) expect(outA[c]).toBeCloseTo(outB[c]!, 9);
  });

  it('accepts custom channels and rejects bad ones', () => {
    const sway = new SwayBehavior({ channels: { 'head.shift': { amplitude: 0.1, frequency: 0.2 } } });
    expect(sway.channels).toEqual(['head.shift']);
    expect(() => new SwayBehavior({ channels: { 'head.yaw': { amplitude: Number.NaN, frequency: 1 } } })).toThrow(/finite/);
  });
});

describe('BreathingBehavior', () => {
  it('rises and falls between 0 and the amplitude at about the given rate', () => {
    const breathing = new BreathingBehavior({ seed: 1, rate: 0.25 });
    const out = new Float64Array(2);
    let peaks = 0;
    let previous = 0;
    let rising = true;
    for (let i = 0; i < 60 * 60; i++) {
      breathing.update(1 / 60, out);
      expect(out[0]).toBeGreaterThanOrEqual(0);
      expect(out[0]).toBeLessThanOrEqual(0.6 + 1e-12);
      if (rising && out[0]! < previous) {
        peaks++;
        rising = false;
      } else if (!rising && out[0]! > previous) {
        rising = true;
      }
      previous = out[0]!;
    }
    // 0.25 Hz ± 15 % over 60 s: 15 breaths, give or take the variation.
    expect(peaks).toBeGreaterThanOrEqual(12);
    expect(peaks).toBeLessThanOrEqual(18);
    expect(breathing.cycles).toBeGreaterThan(12);
  });

  it('varies its rate (not metronomic) yet is deterministic per seed', () => {
    const durations = (seed: number): number[] => {
      const breathing = new BreathingBehavior({ seed, rateVariation: 0.3 });
      const out = new Float64Array(2);
      const starts: number[] = [];
      let last = 0;
      for (let i = 0; i < 60 * 120; i++) {
        breathing.update(1 / 60, out);
        const cycle = Math.floor(breathing.cycles);
        if (cycle !== last) starts.push(i / 60);
        last = cycle;
      }
      return starts.slice(1).map((t, i) => t - starts[i]!);
    };
    const a = durations(3);
    expect(durations(3)).toEqual(a);
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(0.3);
  });

  it('rejects a zero rate', () => {
    expect(() => new BreathingBehavior({ rate: 0 })).toThrow(/rate/);
  });
});
