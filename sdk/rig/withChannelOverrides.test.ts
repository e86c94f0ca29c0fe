import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChannelOverrides } from './ChannelOverrides.js';
import { ManifestError } from './ManifestError.js';
import { parseModelManifest } from './parseModelManifest.js';
import { RigCalibration } from './RigCalibration.js';
import { withChannelOverrides } from './withChannelOverrides.js';

const manifest = parseModelManifest(readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8'));

function errorOf(overrides: ChannelOverrides, source?: string): ManifestError {
  try {
    withChannelOverrides(manifest, overrides, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected withChannelOverrides to throw');
}

describe('withChannelOverrides', () => {
  it('patches the given fields of a channel, keeps the others and leaves the input manifest alone', () => {
    const flipped = withChannelOverrides(manifest, {
      channels: { 'brows.raise': { verified: true, terms: [{ index: 5, calibration: { type: 'linear', scale: 0.7 } }] } },
    });
    expect(flipped.channels['brows.raise']).toEqual({
      unit: 'amount', group: 'expression', neutral: 0, range: [-1, 1], verified: true,
      terms: [{ index: 5, calibration: { type: 'linear', scale: 0.7, offset: 0 } }],
    });
    expect(manifest.channels['brows.raise']?.verified).toBe(false);
    expect(Object.isFrozen(flipped)).toBe(true);
    expect(new RigCalibration(flipped).toAlpha({ 'brows.raise': 1 })[5]).toBeCloseTo(0.7, 6);
    expect(new RigCalibration(manifest).toAlpha({ 'brows.raise': 1 })[5]).toBeCloseTo(-0.7, 6);
  });

  it('adds channels, removes them with null, and can start from no channels', () => {
    const changed = withChannelOverrides(manifest, {
      channels: {
        'custom.wink': { unit: 'amount', group: 'expression', range: [0, 1], description: 'Left wink',
          terms: [{ index: 6, calibration: { type: 'piecewise', points: [[0, 0], [1, 0.9]] } }] },
        'head.roll': null,
      },
    });
    expect(Object.keys(changed.channels)).toEqual(['head.yaw', 'head.pitch', 'mouth.open', 'mouth.smile', 'brows.raise', 'custom.wink']);
    expect(changed.channels['custom.wink']?.verified).toBe(false);
    const only = withChannelOverrides(manifest, {
      replaceChannels: true,
      channels: { 'head.yaw': { unit: 'coefficient', group: 'pose', range: [-0.2, 0.2], terms: [{ index: 3, calibration: { type: 'linear', scale: -1 } }] } },
    });
    expect(Object.keys(only.channels)).toEqual(['head.yaw']);
    expect(new RigCalibration(only).freeDirections).toEqual([0, 1, 2, 4, 5, 6, 7]);
  });

  it('changes direction groups: a new default, new overrides, null removes one', () => {
    const changed = withChannelOverrides(manifest, { directionGroups: { default: 'pose', overrides: { 6: 'expression', 7: null } } });
    expect(changed.directionGroups).toEqual({ default: 'pose', overrides: { 6: 'expression' } });
    expect(new RigCalibration(changed).directionGroup(7)).toBe('pose');
  });

  it('validates the merged manifest and names the override source', () => {
    const error = errorOf({ channels: { 'head.yaw': { terms: [{ index: 40, calibration: { type: 'linear', scale: 1 } }] } } });
    expect(error.message).toBe('PortraitRig: manifest "fixture-tiny + overrides": channels["head.yaw"].terms[0].index 40 is '
      + 'outside the dictionary (motionDim 8); use 0..7');
    expect(errorOf({ channels: { 'custom.x': { unit: 'amount' } } }, 'my-overrides.json').message).toBe(
      'PortraitRig: manifest "my-overrides.json": 3 problems:\n'
      + '  - channels["custom.x"].group is missing; expected "pose" or "expression"\n'
      + '  - channels["custom.x"].range is missing; add it (an array)\n'
      + '  - channels["custom.x"].terms is missing; add it (an array)');
  });

  it('checks the overrides structure (from JSON files) with paths under "overrides"', () => {
    const bad = { channels: { 'head.yaw': { unt: 'degrees', range: 'wide' } }, replaceChanels: true } as unknown as ChannelOverrides;
    const messages = errorOf(bad).issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining([
      'overrides.channels["head.yaw"] has unknown key "unt"; remove or correct it (typo?)',
      'overrides.channels["head.yaw"].range must be an array, got "wide"',
      'overrides has unknown key "replaceChanels"; remove or correct it (typo?)',
    ]));
  });

  it('refuses to remove a channel the model does not have', () => {
    expect(errorOf({ channels: { 'eyes.blink': null } }).message).toBe('PortraitRig: manifest "fixture-tiny + overrides": '
      + 'overrides.channels["eyes.blink"] is null (remove) but the model has no channel "eyes.blink"; its channels: '
      + 'head.yaw, head.pitch, head.roll, mouth.open, mouth.smile, brows.raise');
  });
});
