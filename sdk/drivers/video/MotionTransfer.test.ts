import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../../../test/runtime/fixtureModels.js';
import { parseModelManifest } from '../../rig/parseModelManifest.js';
import { RigCalibration } from '../../rig/RigCalibration.js';
import { MotionTransfer } from './MotionTransfer.js';

const manifest = parseModelManifest(readFileSync(path.join(fixtureDir('liax-tiny'), 'manifest.json'), 'utf8'), 'liax-tiny');
const calibration = new RigCalibration(manifest);
const M = calibration.motionDim;
const random = (seed: number): Float32Array => Float32Array.from({ length: M }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.7);
const POSE = [15, 28, 31, 33, 37, 39]; // the official LIA-X map's pose directions (head.roll, pitch, shift, rollAlt, yaw, yawBody)

describe('MotionTransfer', () => {
  it('relative: the first frame is the start, so it gives exactly zero motion; later frames give α_t − α_start', () => {
    const transfer = new MotionTransfer(calibration);
    const start = random(1);
    expect(Array.from(transfer.motion(start))).toEqual(new Array(M).fill(0));
    const later = random(2);
    const motion = transfer.motion(later);
    for (let i = 0; i < M; i += 1) expect(motion[i]).toBe(Math.fround(later[i]! - start[i]!));
    transfer.reset();
    expect(Array.from(transfer.motion(later))).toEqual(new Array(M).fill(0));
  });

  it('pose only: the mask is the manifest\'s pose directions and every other coefficient of the motion is exactly 0', () => {
    const transfer = new MotionTransfer(calibration, { only: 'pose' });
    expect([...transfer.mask.keys()].filter((i) => transfer.mask[i] === 1)).toEqual(POSE);
    transfer.setStart(random(3));
    const motion = transfer.motion(random(4));
    for (let i = 0; i < M; i += 1) {
      if (POSE.includes(i)) expect(motion[i]).not.toBe(0);
      else expect(Object.is(motion[i], 0), `direction ${i}`).toBe(true);
    }
  });

  it('expression only is the complement of pose only', () => {
    const pose = new MotionTransfer(calibration, { only: 'pose' }).mask;
    const expression = new MotionTransfer(calibration, { only: 'expression' }).mask;
    for (let i = 0; i < M; i += 1) expect(pose[i]! + expression[i]!).toBe(1);
  });

  it('absolute: motion = α_t − α_src, so α_src + motion gives α_t where transferred and α_src elsewhere', () => {
    const source = random(5);
    const driving = random(6);
    const transfer = new MotionTransfer(calibration, { mode: 'absolute', only: 'expression', sourceAlpha: source });
    const motion = transfer.motion(driving);
    for (let i = 0; i < M; i += 1) {
      const alpha = Math.fround(source[i]! + motion[i]!);
      expect(alpha).toBeCloseTo(POSE.includes(i) ? source[i]! : driving[i]!, 6);
      if (POSE.includes(i)) expect(alpha).toBe(source[i]);
    }
    expect(() => transfer.setStart(driving)).toThrow(/only the relative mode has a start frame/);
  });

  it('rejects an unknown mode or group and arrays of the wrong length', () => {
    expect(() => new MotionTransfer(calibration, { mode: 'sideways' as never })).toThrow(/mode "sideways" must be "relative" or "absolute"/);
    expect(() => new MotionTransfer(calibration, { only: 'hands' as never })).toThrow(/only "hands" must be "pose" or "expression"/);
    expect(() => new MotionTransfer(calibration).motion(new Float32Array(3))).toThrow(/α must be a Float32Array of motionDim = 40 values/);
  });
});
