import { PortraitRigError } from '../../errors/PortraitRigError.js';

/** sharp's default export (the factory function). @internal */
export type SharpFactory = (typeof import('sharp'))['default'];

let sharpPromise: Promise<SharpFactory> | undefined;

/**
 * Loads sharp on first use (so `portrait-rig/node` imports without it until images are read).
 * @internal
 */
export async function loadSharp(): Promise<SharpFactory> {
  sharpPromise ??= import('sharp').then((m) => m.default).catch((error: unknown) => {
    sharpPromise = undefined;
    throw new PortraitRigError('BACKEND_FAILURE',
      'sharp (image IO) could not be loaded. Install it with `npm install sharp`.', { cause: error });
  });
  return sharpPromise;
}
