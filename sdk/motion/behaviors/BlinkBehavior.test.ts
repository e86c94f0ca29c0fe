import { describe, expect, it } from 'vitest';
import { BlinkBehavior } from '../index.js';

interface Blink { start: number; closedAt: number; end: number }

/** Runs the behaviour at `dt` steps for `seconds` and segments the output into blinks. */
function blinks(behavior: BlinkBehavior, seconds: number, dt = 0.001): { list: Blink[]; max: number } {
  const out = new Float64Array(behavior.channels.length);
  const list: Blink[] = [];
  let current: { start: number; peak: number; closedAt: number } | undefined;
  let max = 0;
  for (let i = 1; i * dt <= seconds; i++) {
    behavior.update(dt, out);
    const t = i * dt;
    const v = out[0]!;
    max = Math.max(max, v);
    if (v > 0 && !current) current = { start: t - dt, peak: v, closedAt: t };
    if (current && v > current.peak) {
      current.peak = v;
      current.closedAt = t;
    }
    if (current && v === 0) {
      list.push({ start: current.start, closedAt: current.closedAt, end: t });
      current = undefined;
    }
  }
  return { list, max };
}

describe('BlinkBehavior', () => {
  it('blinks about every 2–6 s, each 100–150 ms, closing faster than opening, to full closure', () => {
    const { list, max } = blinks(new BlinkBehavior({ seed: 3, doubleBlinkChance: 0 }), 600);
    expect(max).toBeCloseTo(1, 1);
    expect(list.length).toBeGreaterThan(600 / 6 - 5);
    expect(list.length).toBeLessThan(600 / 2);
    for (let i = 0; i < list.length; i++) {
      const blink = list[i]!;
      const duration = blink.end - blink.start;
      expect(duration).toBeGreaterThanOrEqual(0.1 - 0.003);
      expect(duration).toBeLessThanOrEqual(0.15 + 0.003);
      expect(blink.closedAt - blink.start).toBeLessThan(blink.end - blink.closedAt);
      if (i > 0) {
        const gap = blink.start - list[i - 1]!.end;
        expect(gap).toBeGreaterThanOrEqual(2 - 0.003);
        expect(gap).toBeLessThanOrEqual(6 + 0.003);
      }
    }
    const mean = list.slice(1).reduce((sum, b, i) => sum + (b.start - list[i]!.end), 0) / (list.length - 1);
    expect(mean).toBeGreaterThan(3.5);
    expect(mean).toBeLessThan(4.5);
  });

  it('sometimes double-blinks (a second blink 0.1–0.3 s after the first), never triple', () => {
    const { list } = blinks(new BlinkBehavior({ seed: 8, doubleBlinkChance: 0.3 }), 600);
    const gaps = list.slice(1).map((b, i) => b.start - list[i]!.end);
    const doubles = gaps.filter((g) => g < 1);
    expect(doubles.length).toBeGreaterThan(list.length * 0.15);
    for (const gap of doubles) expect(gap >= 0.1 - 0.003 && gap <= 0.3 + 0.003).toBe(true);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]! < 1 && gaps[i - 1]! < 1).toBe(false);
  });

  it('is deterministic per seed, whatever the step size, and seeds differ', () => {
    const a = blinks(new BlinkBehavior({ seed: 5 }), 60, 0.001).list.map((b) => b.start);
    const b = blinks(new BlinkBehavior({ seed: 5 }), 60, 0.001).list.map((b2) => b2.start);
    expect(b).toEqual(a);
    const coarse = blinks(new BlinkBehavior({ seed: 5 }), 60, 0.004).list.map((x) => x.start);
    expect(coarse.length).toBe(a.length);
    coarse.forEach((t, i) => expect(Math.abs(t - a[i]!)).toBeLessThan(0.01));
    const other = blinks(new BlinkBehavior({ seed: 6 }), 60).list.map((x) => x.start);
    expect(other).not.toEqual(a);
  });

  it('reset replays the same blinks; a huge step does not hang; several channels get the same value', () => {
    const behavior = new BlinkBehavior({ seed: 2, channels: ['eyes.blinkLeft', 'eyes.blinkRight'], amount: 0.8 });
    const first = blinks(behavior, 20).list;
    behavior.reset();
    expect(blinks(behavior, 20).list).toEqual(first);
    const out = new Float64Array(2);
    behavior.update(1e5, out);
    expect(behavior.blinks).toBeGreaterThan(10_000);
    expect(out[0]).toBe(out[1]);
    expect(blinks(behavior, 30).max).toBeLessThanOrEqual(0.8);
  });

  it('rejects impossible options', () => {
    expect(() => new BlinkBehavior({ minInterval: 5, maxInterval: 2 })).toThrow(/minInterval/);
    expect(() => new BlinkBehavior({ closeFraction: 1 })).toThrow(/closeFraction/);
    expect(() => new BlinkBehavior({ channels: [] })).toThrow(/at least one/);
  });
});
