import { describe, expect, it } from 'vitest';
import { CriticallyDampedSpring, LookAtBehavior, LookAtRangeMap } from '../index.js';

function settle(look: LookAtBehavior, seconds = 5, dt = 1 / 60): Float64Array {
  const out = new Float64Array(look.channels.length);
  for (let t = 0; t < seconds; t += dt) look.update(dt, out);
  return out;
}

describe('CriticallyDampedSpring', () => {
  it('approaches the target without overshoot', () => {
    const spring = new CriticallyDampedSpring(0.3);
    let previous = 0;
    for (let i = 0; i < 600; i++) {
      const v = spring.update(10, 1 / 60);
      expect(v).toBeGreaterThanOrEqual(previous - 1e-12);
      expect(v).toBeLessThanOrEqual(10);
      previous = v;
    }
    expect(previous).toBeCloseTo(10, 6);
  });

  it('is exact: one big step equals many small ones for a fixed target', () => {
    const a = new CriticallyDampedSpring(0.2, 3);
    const b = new CriticallyDampedSpring(0.2, 3);
    for (let i = 0; i < 100; i++) a.update(-4, 0.005);
    b.update(-4, 0.5);
    expect(a.value).toBeCloseTo(b.value, 10);
    expect(a.velocity).toBeCloseTo(b.velocity, 10);
  });

  it('smoothTime 0 snaps; negative smoothTime is rejected', () => {
    expect(new CriticallyDampedSpring(0).update(7, 0.01)).toBe(7);
    expect(() => new CriticallyDampedSpring(-1)).toThrow(/smoothTime/);
  });
});

describe('LookAtRangeMap', () => {
  it('maps angle to weight linearly, saturating, keeping the sign', () => {
    const map = new LookAtRangeMap(30, 0.8);
    expect(map.map(15)).toBeCloseTo(0.4, 12);
    expect(map.map(-60)).toBeCloseTo(-0.8, 12);
    expect(map.map(0)).toBe(0);
    expect(() => new LookAtRangeMap(0, 1)).toThrow(/inputMaxValue/);
  });
});

describe('LookAtBehavior', () => {
  it('splits a look between head and eyes and settles: head = fraction · (angle − dead zone), eyes the rest', () => {
    const look = new LookAtBehavior({ deadZone: 5, headFraction: 0.6 });
    look.setTargetAngles(25, -10);
    const [yaw, pitch, gazeX, gazeY] = settle(look);
    expect(yaw).toBeCloseTo(0.6 * (25 - 5), 4);
    expect(pitch).toBeCloseTo(0.6 * (-10 + 5), 4);
    expect(gazeX).toBeCloseTo((25 - 12) / 30, 4);
    expect(gazeY).toBeCloseTo(-(10 - 3) / 20, 4);
  });

  it('moves only the eyes inside the dead zone', () => {
    const look = new LookAtBehavior({ deadZone: 8 });
    look.setTargetAngles(6, -7);
    const [yaw, pitch, gazeX, gazeY] = settle(look);
    expect(yaw).toBe(0);
    expect(pitch).toBe(0);
    expect(gazeX).toBeCloseTo(6 / 30, 6);
    expect(gazeY).toBeCloseTo(-7 / 20, 6);
  });

  it('clamps the head to its limits and saturates the gaze', () => {
    const look = new LookAtBehavior({ headYawRange: [-10, 20], headFraction: 1, deadZone: 0 });
    look.setTargetAngles(-90, 0);
    const [yaw, , gazeX] = settle(look);
    expect(yaw).toBeCloseTo(-10, 6);
    expect(gazeX).toBeCloseTo(-1, 6);
  });

  it('converts direction vectors in the avatar frame (+x avatar left, +y up, +z toward the viewer)', () => {
    const look = new LookAtBehavior();
    look.setTargetDirection(1, 0, 1);
    expect(look.yaw).toBeCloseTo(45, 9);
    expect(look.pitch).toBeCloseTo(0, 9);
    look.setTargetDirection(0, 1, Math.sqrt(3));
    expect(look.pitch).toBeCloseTo(30, 9);
    look.setTargetDirection(0, 0, 0);
    expect(look.yaw).toBe(0);
    expect(() => look.setTargetDirection(Number.NaN, 0, 1)).toThrow(/finite/);
  });

  it('follows smoothly: the head lags the eyes and neither overshoots', () => {
    const look = new LookAtBehavior({ deadZone: 0, headFraction: 0.5 });
    look.setTargetAngles(40, 0);
    const out = new Float64Array(4);
    look.update(0.1, out);
    const earlyHead = out[0]! / 20;
    const earlyEyes = (out[0]! + out[2]! * 30) / 40;
    expect(earlyEyes).toBeGreaterThan(earlyHead);
    let previous = out[0]!;
    for (let i = 0; i < 300; i++) {
      look.update(1 / 60, out);
      expect(out[0]).toBeGreaterThanOrEqual(previous - 1e-12);
      expect(out[0]).toBeLessThanOrEqual(20 + 1e-9);
      previous = out[0]!;
    }
    look.clearTarget();
    const back = settle(look);
    expect(Math.abs(back[0]!)).toBeLessThan(1e-3);
  });

  it('can drive the head only', () => {
    const look = new LookAtBehavior({ gaze: false });
    expect(look.channels).toEqual(['head.yaw', 'head.pitch']);
    look.setTargetAngles(30, 0);
    expect(settle(look)).toHaveLength(2);
  });

  it('reset puts head and eyes at rest and keeps the target', () => {
    const look = new LookAtBehavior();
    look.setTargetAngles(30, 0);
    settle(look);
    look.reset();
    const out = new Float64Array(4);
    look.update(0, out);
    expect(out[0]).toBe(0);
    expect(look.yaw).toBe(30);
  });
});
