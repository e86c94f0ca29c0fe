import { describe, expect, it } from 'vitest';
import { AttackReleaseSmoother } from './AttackReleaseSmoother.js';

function run(smoother: AttackReleaseSmoother, target: number, seconds: number, dt: number): number {
  const targets = Float64Array.of(target);
  for (let t = 0; t < seconds - 1e-9; t += dt) smoother.update(targets, dt);
  return smoother.values[0]!;
}

describe('AttackReleaseSmoother', () => {
  it('covers 63 % of a step after one attack time constant, whatever the step size', () => {
    for (const dt of [0.001, 0.005, 0.015, 0.03]) {
      expect(run(new AttackReleaseSmoother(1, 30, 90), 1, 0.03, dt), `dt ${dt}`).toBeCloseTo(1 - Math.exp(-1), 9);
    }
    const one = new AttackReleaseSmoother(1, 30, 90);
    const two = new AttackReleaseSmoother(1, 30, 90);
    run(one, 1, 0.04, 0.04);
    run(two, 1, 0.04, 0.01);
    expect(one.values[0]).toBeCloseTo(two.values[0]!, 12);
  });

  it('opens faster than it closes (attack < release)', () => {
    const smoother = new AttackReleaseSmoother(1, 20, 100);
    const up = run(smoother, 1, 0.05, 0.01);
    const down = 1 - run(smoother, 0, 0.05, 0.01) / up;
    expect(up).toBeGreaterThan(0.9);
    expect(down).toBeLessThan(0.5);
  });

  it('with a linear release arrives exactly at the target in finite time, independent of the step size', () => {
    const a = new AttackReleaseSmoother(1, 0, 60, 1);
    const b = new AttackReleaseSmoother(1, 0, 60, 1);
    a.update(Float64Array.of(0.8), 0.01);
    b.update(Float64Array.of(0.8), 0.01);
    run(a, 0, 0.1, 0.1);
    run(b, 0, 0.1, 0.005);
    expect(a.values[0]).toBeCloseTo(b.values[0]!, 10);
    // Closed-form arrival time: τ·ln((v0 + kτ)/(kτ)) = 0.06·ln(0.86/0.06) ≈ 0.16 s.
    expect(run(a, 0, 0.07, 0.01)).toBe(0);
    const exponential = new AttackReleaseSmoother(1, 0, 60);
    exponential.update(Float64Array.of(0.8), 0.01);
    expect(run(exponential, 0, 0.2, 0.01)).toBeGreaterThan(0.01);
  });

  it('rejects negative or non-finite time constants', () => {
    expect(() => new AttackReleaseSmoother(2, -1, 10)).toThrow(/attackMs must be 2 number\(s\) of milliseconds/);
    expect(() => new AttackReleaseSmoother(1, 10, Number.NaN)).toThrow(/releaseMs/);
    expect(() => new AttackReleaseSmoother(1, 10, 10, -1)).toThrow(/linearRelease/);
  });
});
