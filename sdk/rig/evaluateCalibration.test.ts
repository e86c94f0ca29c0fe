import { describe, expect, it } from 'vitest';
import { evaluateCalibration } from './evaluateCalibration.js';
import type { PiecewiseCalibration } from './ModelManifest.js';

describe('evaluateCalibration', () => {
  it('computes scale · value + offset for linear calibrations', () => {
    expect(evaluateCalibration({ type: 'linear', scale: 0.5, offset: -1 }, 4)).toBe(1);
    expect(evaluateCalibration({ type: 'linear', scale: -2, offset: 0 }, -3)).toBe(6);
  });

  it('interpolates piecewise calibrations, hits the points exactly and holds the ends', () => {
    const yaw: PiecewiseCalibration = { type: 'piecewise', points: [[-30, -0.41], [0, 0], [30, 0.37]] };
    expect(evaluateCalibration(yaw, 15)).toBeCloseTo(0.185, 12);
    expect(evaluateCalibration(yaw, -15)).toBeCloseTo(-0.205, 12);
    expect(evaluateCalibration(yaw, 0)).toBe(0);
    expect(evaluateCalibration(yaw, 30)).toBe(0.37);
    expect(evaluateCalibration(yaw, 90)).toBe(0.37);
    expect(evaluateCalibration(yaw, -90)).toBe(-0.41);
  });

  it('agrees with a linear scan over many random segments (seeded)', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    for (let trial = 0; trial < 200; trial++) {
      const count = 2 + Math.floor(random() * 10);
      let x = -5;
      const points: [number, number][] = [];
      for (let p = 0; p < count; p++) {
        x += 0.1 + random();
        points.push([x, random() * 2 - 1]);
      }
      const calibration: PiecewiseCalibration = { type: 'piecewise', points };
      for (let sample = 0; sample < 20; sample++) {
        const value = -6 + random() * (x + 7);
        let expected: number;
        const first = points[0] as [number, number];
        const last = points[points.length - 1] as [number, number];
        if (value <= first[0]) expected = first[1];
        else if (value >= last[0]) expected = last[1];
        else {
          const j = points.findIndex((point, i) => point[0] <= value && value < (points[i + 1] as [number, number])[0]);
          const [x0, y0] = points[j] as [number, number];
          const [x1, y1] = points[j + 1] as [number, number];
          expected = y0 + ((value - x0) * (y1 - y0)) / (x1 - x0);
        }
        expect(evaluateCalibration(calibration, value)).toBeCloseTo(expected, 12);
      }
    }
  });
});
