import { describe, expect, it } from 'vitest';
import { LevelTracker } from './LevelTracker.js';

function feed(tracker: LevelTracker, levelDb: number, seconds: number, dt = 1 / 60): void {
  for (let t = 0; t < seconds; t += dt) tracker.update(levelDb, dt);
}

describe('LevelTracker', () => {
  it('adaptive: learns steady noise within the 2 s window and puts the gate 12 dB above it', () => {
    const tracker = new LevelTracker();
    feed(tracker, -45, 2.5);
    expect(tracker.noiseFloorDb).toBeCloseTo(-45, 6);
    expect(tracker.gateDb).toBeCloseTo(-33, 6);
    expect(tracker.loudness(-45)).toBe(0);
  });

  it('adaptive: a pause pulls the floor down at once; speech raises the peak fast and it falls 2 dB/s', () => {
    const tracker = new LevelTracker();
    feed(tracker, -45, 2.5);
    feed(tracker, -70, 0.1);
    expect(tracker.noiseFloorDb).toBeCloseTo(-70, 6);
    feed(tracker, -12, 0.3);
    expect(tracker.speechPeakDb).toBeGreaterThan(-12.5);
    expect(tracker.loudness(-12)).toBeGreaterThan(0.95);
    const peak = tracker.speechPeakDb;
    feed(tracker, -30, 1);
    expect(tracker.speechPeakDb).toBeCloseTo(peak - 2, 1);
  });

  it('keeps the gate between speechPeak − 45 dB and speechPeak − 12 dB', () => {
    const clean = new LevelTracker();
    clean.calibrate(-120, -15);
    expect(clean.gateDb).toBe(-60);
    const noisy = new LevelTracker();
    noisy.calibrate(-20, -18);
    expect(noisy.speechPeakDb).toBe(-8); // at least minRangeDb above the floor
    expect(noisy.gateDb).toBe(-20);
  });

  it('calibrated: fixed levels that update() does not move; loudness is linear in dB between gate and peak', () => {
    const tracker = new LevelTracker();
    tracker.calibrate(-60, -20);
    feed(tracker, -10, 1);
    expect([tracker.noiseFloorDb, tracker.speechPeakDb, tracker.gateDb]).toEqual([-60, -20, -48]);
    expect(tracker.loudness(-34)).toBeCloseTo(0.5, 12);
    expect(tracker.loudness(0)).toBe(1);
    tracker.reset();
    expect(tracker.adaptive).toBe(true);
  });

  it('a fixed silenceThresholdDb wins over the estimate', () => {
    const tracker = new LevelTracker({ silenceThresholdDb: -42 });
    feed(tracker, -80, 3);
    expect(tracker.gateDb).toBe(-42);
  });

  it('rejects out-of-range options', () => {
    expect(() => new LevelTracker({ gateMarginDb: -1 })).toThrow(/gateMarginDb 0..60 dB/);
    expect(() => new LevelTracker({ silenceThresholdDb: 3 })).toThrow(/silenceThresholdDb must be ≤ 0 dBFS/);
    expect(() => new LevelTracker({ minRangeDb: 50, maxRangeDb: 20 })).toThrow(/minRangeDb ≤ maxRangeDb/);
  });
});
