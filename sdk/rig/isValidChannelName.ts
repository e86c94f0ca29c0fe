import { dictionaryIndex, isRigChannelName } from './channels.js';

const DOTTED = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/**
 * True when `name` is a well-formed channel name: a preset (`head.yaw`), a raw direction (`dict.7`), or a custom
 * dotted name of at least two parts made of letters, digits and `_`, each part starting with a letter
 * (`custom.cheekPuff`, `lipsync.viseme_aa`). Whether a given model has the channel is another question
 * ({@link RigCalibration.hasChannel}).
 *
 * @param name - the channel name to check.
 */
export function isValidChannelName(name: string): boolean {
  return isRigChannelName(name) || dictionaryIndex(name) !== undefined || (DOTTED.test(name) && !name.startsWith('dict.'));
}
