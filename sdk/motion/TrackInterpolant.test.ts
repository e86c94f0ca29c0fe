import { describe, expect, it } from 'vitest';
import { KeyframeTrack, SeededRandom } from './index.js';

function bigTrack(n: number, mode: string): KeyframeTrack {
  const random = new SeededRandom(n);
  const times = Array.from({ length: n }, (_, i) => i * 0.05 + random.range(0, 0.01));
  const values = times.map(() => random.range(-20, 20));
  return new KeyframeTrack('head.yaw', times, values, { interpolation: mode });
}

describe('TrackInterpolant', () => {
  it('agrees with binary-search evaluation for sequential forward, backward and random access', () => {
    const track = bigTrack(500, 'smooth');
    const interpolant = track.createInterpolant();
    const random = new SeededRandom(3);
    const times: number[] = [];
    for (let t = -0.5; t < 26; t += 1 / 60) times.push(t);
    for (let t = 26; t > -0.5; t -= 1 / 30) times.push(t);
    for (let i = 0; i < 2000; i++) times.push(random.range(-1, 27));
    for (const t of times) expect(interpolant.evaluate(t)[0]).toBe(track.evaluate(t));
  });

  it('writes into one preallocated buffer (the same object every call)', () => {
    const track = bigTrack(10, 'linear');
    const buffer = new Float64Array(1);
    const interpolant = track.createInterpolant(buffer);
    expect(interpolant.evaluate(0.1)).toBe(buffer);
    expect(interpolant.evaluate(0.3)).toBe(buffer);
  });

  it('rejects a result buffer that is too small', () => {
    const track = new KeyframeTrack('custom.vec', [0, 1], [0, 0, 1, 1], { valueSize: 2 });
    expect(() => track.createInterpolant(new Float64Array(1))).toThrow(/needs 2/);
  });

  it('reset forgets the cache without changing results', () => {
    const track = bigTrack(50, 'step');
    const interpolant = track.createInterpolant();
    const before = interpolant.evaluate(1.234)[0];
    interpolant.reset();
    expect(interpolant.evaluate(1.234)[0]).toBe(before);
  });
});
