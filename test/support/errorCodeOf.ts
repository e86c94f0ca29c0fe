import { isPortraitRigError } from '../../sdk/errors/PortraitRigError.js';

/**
 * The `PortraitRigError` code `fn` throws, `undefined` when it returns, or a "not a PortraitRigError" description
 * (so an assertion on the code fails with a readable value).
 */
export function errorCodeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isPortraitRigError(error) ? String(error.code) : `not a PortraitRigError: ${String(error)}`;
  }
  return undefined;
}
