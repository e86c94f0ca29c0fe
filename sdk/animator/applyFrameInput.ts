import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { ChannelValues } from '../rig/ChannelValues.js';
import type { RigCalibration } from '../rig/RigCalibration.js';

/**
 * Writes (`'set'`) or adds (`'add'`) one frame input into `out`: a Float32Array is already α (length `motionDim`,
 * checked), anything else is channel values mapped through `calibration`. The one place the animators turn
 * "channels or α" into α.
 * @internal
 */
export function applyFrameInput(
  calibration: RigCalibration, input: ChannelValues | Float32Array, out: Float32Array, mode: 'set' | 'add', modelId: string,
): Float32Array {
  if (input instanceof Float32Array) {
    if (input.length !== calibration.motionDim) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `α must have motionDim = ${calibration.motionDim} values for model "${modelId}", got ${input.length}.`);
    }
    if (mode === 'set') out.set(input);
    else for (let i = 0; i < out.length; i += 1) out[i] = out[i]! + input[i]!;
    return out;
  }
  return mode === 'set' ? calibration.toAlpha(input, out) : calibration.addAlpha(input, out);
}
