/**
 * A manifest with rig-tiny's channel map (models/tools/training/targets.py: twelve directions tied to the avatar
 * parameters, linear calibration α = value / divisor, plus `eyes.blink` driving both lids) on the liax-tiny fixture's
 * graphs, for tests of the inverse map and clip export that must not wait for the trained model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseModelManifest } from '../../sdk/rig/parseModelManifest.js';
import type { ModelManifest } from '../../sdk/rig/ModelManifest.js';
import { fixtureDir } from '../runtime/fixtureModels.js';

/** [channel, direction, divisor, unit, group, range] as in targets.py's TIED_DIRECTIONS. */
export const RIG_TIED: readonly (readonly [string, number, number, 'degrees' | 'amount', 'pose' | 'expression', [number, number]])[] = [
  ['head.yaw', 0, 20, 'degrees', 'pose', [-35, 35]],
  ['head.pitch', 1, 15, 'degrees', 'pose', [-25, 25]],
  ['head.roll', 2, 15, 'degrees', 'pose', [-20, 20]],
  ['mouth.open', 3, 0.5, 'amount', 'expression', [0, 1]],
  ['mouth.smile', 4, 0.5, 'amount', 'expression', [0, 1]],
  ['mouth.round', 5, 0.5, 'amount', 'expression', [0, 1]],
  ['mouth.pout', 6, 0.5, 'amount', 'expression', [0, 1]],
  ['eyes.blinkLeft', 7, 0.5, 'amount', 'expression', [0, 1]],
  ['eyes.blinkRight', 8, 0.5, 'amount', 'expression', [0, 1]],
  ['brows.raise', 9, 0.5, 'amount', 'expression', [-1, 1]],
  ['gaze.x', 10, 0.5, 'amount', 'expression', [-1, 1]],
  ['gaze.y', 11, 0.5, 'amount', 'expression', [-1, 1]],
];

/** The liax-tiny manifest (motionDim 40) with rig-tiny's channel map instead of the official LIA-X one. */
export function rigLikeManifest(): ModelManifest {
  const raw = JSON.parse(readFileSync(path.join(fixtureDir('liax-tiny'), 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const channels: Record<string, unknown> = {};
  for (const [name, index, divisor, unit, group, range] of RIG_TIED) {
    channels[name] = { unit, group, neutral: 0, range, verified: true, terms: [{ index, calibration: { type: 'linear', scale: 1 / divisor, offset: 0 } }] };
  }
  channels['eyes.blink'] = {
    unit: 'amount', group: 'expression', neutral: 0, range: [0, 1], verified: true,
    terms: [7, 8].map((index) => ({ index, calibration: { type: 'linear', scale: 2, offset: 0 } })),
  };
  return parseModelManifest({ ...raw, id: 'rig-like', family: 'rig', channels, directionGroups: { default: 'expression', overrides: {} } }, 'rig-like');
}
