import { Group, Object3D, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { LookAngles } from './LookAngles.js';
import { portraitLookAngles } from './portraitLookAngles.js';

const angles = (portrait: Object3D, target: Vector3, head = new Vector3()): LookAngles => {
  portrait.updateWorldMatrix(true, false);
  return portraitLookAngles(portrait, head, target, { yaw: NaN, pitch: NaN });
};

describe('portraitLookAngles', () => {
  it('is 0/0 straight ahead (+z), +yaw to the viewer\'s right (+x), +pitch above', () => {
    const p = new Object3D();
    expect(angles(p, new Vector3(0, 0, 5))).toEqual({ yaw: 0, pitch: 0 });
    expect(angles(p, new Vector3(5, 0, 5)).yaw).toBeCloseTo(45, 10);
    expect(angles(p, new Vector3(-5, 0, 5)).yaw).toBeCloseTo(-45, 10);
    expect(angles(p, new Vector3(0, 5, 5)).pitch).toBeCloseTo(45, 10);
    expect(angles(p, new Vector3(0, -5, 5)).pitch).toBeCloseTo(-45, 10);
  });

  it('gives |yaw| > 90° for a target behind the picture and 0/0 for the head\'s own position', () => {
    const p = new Object3D();
    expect(angles(p, new Vector3(1, 0, -5)).yaw).toBeGreaterThan(90);
    expect(angles(p, new Vector3(0, 0, 0))).toEqual({ yaw: 0, pitch: 0 });
  });

  it('works in the portrait\'s rotated frame: a portrait turned 90° about y (facing +x) sees +x straight ahead', () => {
    const p = new Object3D();
    p.rotation.y = Math.PI / 2; // local +z → world +x; local +x → world −z
    p.position.set(1, 0, 0);
    expect(angles(p, new Vector3(10, 0, 0)).yaw).toBeCloseTo(0, 10);
    expect(angles(p, new Vector3(1, 0, -10)).yaw).toBeCloseTo(90, 10); // world −z is the portrait's +x
  });

  it('ignores scale (a stretched picture or parent does not skew the angles) and starts at the head offset', () => {
    const parent = new Group();
    parent.scale.set(3, 0.5, 1);
    const p = new Object3D();
    parent.add(p);
    parent.updateWorldMatrix(true, true);
    const a = angles(p, new Vector3(4, 0, 4));
    expect(a.yaw).toBeCloseTo(45, 10);
    // head at local (0, 1, 0) → world (0, 0.5, 0); a target at the same height is level
    expect(angles(p, new Vector3(0, 0.5, 3), new Vector3(0, 1, 0)).pitch).toBeCloseTo(0, 10);
  });
});
