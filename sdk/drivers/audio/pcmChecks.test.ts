import { describe, expect, it } from 'vitest';
import { measureClipping } from './measureClipping.js';
import { mixToMono } from './mixToMono.js';
import { toMonoPcm } from './toMonoPcm.js';

describe('mixToMono / toMonoPcm / measureClipping', () => {
  it('averages channels (L + R)/2 and returns a mono buffer as is', () => {
    const mono = Float32Array.of(0.5, -0.5);
    expect(mixToMono([mono])).toBe(mono);
    expect(Array.from(mixToMono([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)]))).toEqual([0.5, 0]);
    expect(toMonoPcm(mono, 16_000)).toBe(mono);
  });

  it('counts clipped runs (≥ 3 samples at full scale) and overs beyond ±1, not single peaks', () => {
    expect(measureClipping(Float32Array.of(0, 1, 0, -1, 0)).runs).toBe(0);
    const clipped = measureClipping(Float32Array.of(0, 1, 1, 1, 0.5, -1, -1, -1, -1, 0));
    expect(clipped).toMatchObject({ runs: 2, clippedSamples: 7, peak: 1 });
    expect(measureClipping(Float32Array.of(0, 1.5, 0)).runs).toBe(1);
  });
});
