import { describe, expect, it } from 'vitest';
import { RIG_CHANNELS } from './channels.js';
import { channelNameProblem } from './channelNameProblem.js';

describe('channelNameProblem', () => {
  it('accepts presets, dict.<index> and custom dotted names', () => {
    for (const name of [...Object.keys(RIG_CHANNELS), 'dict.0', 'dict.37', 'custom.cheekPuff', 'lipsync.viseme_aa', 'eyes.squint']) {
      expect(channelNameProblem(name), name).toBeUndefined();
    }
  });

  it('rejects malformed dictionary channels', () => {
    for (const name of ['dict.07', 'dict.x', 'dict.-1', 'dict.']) expect(channelNameProblem(name), name).toContain('dict.<index>');
  });

  it('rejects names that break the grammar, with a hint', () => {
    expect(channelNameProblem('yaw')).toContain('not a channel name');
    expect(channelNameProblem('head yaw')).toContain('did you mean "head.yaw"');
    expect(channelNameProblem('')).toContain('not a channel name');
  });

  it('rejects near misses of presets as typos', () => {
    expect(channelNameProblem('head.yew')).toContain('did you mean "head.yaw"');
    expect(channelNameProblem('Head.Yaw')).toContain('did you mean "head.yaw"');
    expect(channelNameProblem('eyes.blinkleft')).toContain('did you mean "eyes.blinkLeft"');
  });
});
