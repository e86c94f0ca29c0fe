import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';

/**
 * Mixes channels down to mono by averaging them (`(L + R) / 2` for stereo), so a signal present in both channels
 * keeps its level. One channel is returned as is (not copied).
 *
 * @param channels - One `Float32Array` per channel, all the same length.
 * @returns The mono samples.
 * @throws PortraitRigError `audio/empty` for no channels, `audio/invalid-pcm` for channels of different lengths
 *   or that are not `Float32Array`s.
 *
 * @example
 * ```ts
 * const mono = mixToMono([audioBuffer.getChannelData(0), audioBuffer.getChannelData(1)]);
 * ```
 */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new PortraitRigError(AudioErrorCode.Empty, 'audio has no channels: pass a Float32Array of mono samples or an array of one Float32Array per channel.');
  }
  const length = channels[0]?.length ?? 0;
  channels.forEach((channel, index) => {
    if (!(channel instanceof Float32Array)) {
      throw new PortraitRigError(AudioErrorCode.InvalidPcm, `audio channel ${index} is not a Float32Array (got ${Object.prototype.toString.call(channel)}); convert it with Float32Array.from(…).`);
    }
    if (channel.length !== length) {
      throw new PortraitRigError(AudioErrorCode.InvalidPcm, `audio channels have different lengths (channel 0: ${length} samples, channel ${index}: ${channel.length}); every channel must have one sample per frame.`);
    }
  });
  if (channels.length === 1) return channels[0]!;
  const mono = new Float32Array(length);
  const scale = 1 / channels.length;
  for (const channel of channels) {
    for (let i = 0; i < length; i++) mono[i]! += channel[i]! * scale;
  }
  return mono;
}
