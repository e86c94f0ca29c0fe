import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeChannels } from './describeChannels.js';
import { parseModelManifest } from './parseModelManifest.js';

const manifest = parseModelManifest(readFileSync(new URL('./fixtures/tiny-manifest.json', import.meta.url), 'utf8'));

describe('describeChannels', () => {
  it('lists named channels in manifest order with unit, range, group and verification, then free directions', () => {
    const list = describeChannels(manifest);
    expect(list.map((c) => c.name)).toEqual(['head.yaw', 'head.pitch', 'head.roll', 'mouth.open', 'mouth.smile', 'brows.raise', 'dict.6', 'dict.7']);
    expect(list[0]).toEqual({
      name: 'head.yaw', kind: 'channel', unit: 'degrees', group: 'pose', neutral: 0, range: [-30, 30], verified: true,
      description: 'Head turn; + toward the avatar\'s left. Leaks slightly into the pitch direction.', directions: [0, 1],
    });
    expect(list.find((c) => c.name === 'brows.raise')).toMatchObject({ unit: 'amount', verified: false, description: '' });
    expect(list[6]).toEqual({
      name: 'dict.6', kind: 'direction', unit: 'coefficient', group: 'expression', neutral: 0, range: null, verified: false,
      description: 'Raw dictionary direction 6, in α units.', directions: [6],
    });
    expect(list[7]?.group).toBe('pose');
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list[0])).toBe(true);
  });

  it('leaves out free directions when asked', () => {
    expect(describeChannels(manifest, { freeDirections: false }).map((c) => c.kind)).toEqual(new Array(6).fill('channel'));
  });
});
