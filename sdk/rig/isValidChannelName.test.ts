import { describe, expect, it } from 'vitest';
import { isValidChannelName } from './isValidChannelName.js';

describe('isValidChannelName', () => {
  it('accepts presets, raw directions and dotted custom names', () => {
    for (const name of ['head.yaw', 'eyes.blinkLeft', 'dict.0', 'dict.39', 'custom.cheekPuff', 'lipsync.viseme_aa', 'a.b.c']) {
      expect(isValidChannelName(name), name).toBe(true);
    }
  });

  it('rejects undotted, malformed and dict.-prefixed non-index names', () => {
    for (const name of ['yaw', '', 'head.', '.yaw', 'head..yaw', 'head.2nd', '2d.x', 'head yaw', 'dict.01', 'dict.x', 'dict.-1', 'head.yaw ']) {
      expect(isValidChannelName(name), name).toBe(false);
    }
  });
});
