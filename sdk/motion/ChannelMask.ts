import type { ChannelGroup, ChannelName } from '../rig/channels.js';
import { channelNameProblem } from '../rig/channelNameProblem.js';
import { MotionErrorCode } from './MotionErrorCode.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';

/**
 * Which channels an action may drive:
 * - `'all'` (the default);
 * - a group, `'pose'` or `'expression'` (as the mixer's group resolver classifies channels, so a model's manifest
 *   can reclassify `dict.<i>` directions);
 * - a list of groups and/or channel names, e.g. `['pose', 'eyes.blink']` (groups have no dot, channels do);
 * - a predicate `(channel, group) => boolean`.
 *
 * The mask is resolved once, when the action is created or its mask set, never per frame.
 */
export type ChannelMask =
  | 'all'
  | ChannelGroup
  | readonly (ChannelGroup | ChannelName)[]
  | ((channel: ChannelName, group: ChannelGroup) => boolean);

const isGroup = (value: string): value is ChannelGroup => value === 'pose' || value === 'expression';

/**
 * Checks a mask and returns a predicate for it.
 *
 * @throws {@link PortraitRigError} (`motion/invalid-channel`) naming an entry that is neither a group nor a valid
 *   channel name.
 * @internal
 */
export function compileMask(mask: ChannelMask): (channel: string, group: ChannelGroup) => boolean {
  if (typeof mask === 'function') return mask;
  if (mask === 'all') return () => true;
  if (typeof mask === 'string') {
    if (!isGroup(mask)) {
      throw new PortraitRigError(MotionErrorCode.InvalidChannel,
        `PortraitRig: mask "${mask}" is not a mask; use 'all', 'pose', 'expression', a list of groups and channels, or a predicate`);
    }
    return (_channel, group) => group === mask;
  }
  if (!Array.isArray(mask)) {
    throw new PortraitRigError(MotionErrorCode.InvalidChannel,
      'PortraitRig: a mask is \'all\', \'pose\', \'expression\', a list of groups and channel names, or a predicate');
  }
  const groups = new Set<string>();
  const channels = new Set<string>();
  for (const entry of mask as readonly string[]) {
    if (typeof entry === 'string' && isGroup(entry)) {
      groups.add(entry);
      continue;
    }
    const problem = typeof entry === 'string' ? channelNameProblem(entry) : 'mask entries are strings';
    if (problem) throw new PortraitRigError(MotionErrorCode.InvalidChannel, `PortraitRig: mask entry ${JSON.stringify(entry)}: ${problem}`);
    channels.add(entry);
  }
  return (channel, group) => groups.has(group) || channels.has(channel);
}
