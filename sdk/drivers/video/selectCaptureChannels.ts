import type { RigCalibration } from '../../rig/RigCalibration.js';

/**
 * The named channels motion capture solves for by default: every channel of the model's map except those whose
 * directions are all already driven by channels with fewer terms (the more specific ones). With rig-tiny's map this
 * keeps `eyes.blinkLeft` and `eyes.blinkRight` and leaves out `eyes.blink` (which drives both lids): otherwise the
 * inverse map would have to split one measurement between redundant channels, and a wink could not be told from a
 * half blink. Channels are tried from fewest terms to most, in manifest order among equals; the result keeps
 * manifest order.
 *
 * @param calibration - the model's channel map.
 * @returns channel names for `AlphaSolver`'s `channels` option.
 *
 * @example
 * ```ts
 * const solver = calibration.createSolver({ channels: selectCaptureChannels(calibration), residuals: 'all' });
 * ```
 */
export function selectCaptureChannels(calibration: RigCalibration): string[] {
  const channels = calibration.manifest.channels;
  const names = calibration.channelNames;
  const order = names.map((name, position) => ({ name, position, terms: channels[name]!.terms.length }))
    .sort((a, b) => a.terms - b.terms || a.position - b.position);
  const covered = new Set<number>();
  const chosen = new Set<string>();
  for (const { name } of order) {
    const indices = channels[name]!.terms.map((term) => term.index);
    if (indices.every((index) => covered.has(index))) continue;
    chosen.add(name);
    for (const index of indices) covered.add(index);
  }
  return names.filter((name) => chosen.has(name));
}
