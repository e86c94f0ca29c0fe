import { dictionaryIndex, RIG_CHANNELS } from './channels.js';
import { isValidChannelName } from './isValidChannelName.js';

const PRESETS = Object.keys(RIG_CHANNELS);
/** Namespaces of the presets (`head`, `mouth`, `eyes`, `brows`, `gaze`). */
const PRESET_NAMESPACES = new Set(PRESETS.map((name) => name.split('.')[0]!));

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The preset within case-insensitive edit distance `limit` of `name`, closest first, for "did you mean" hints. */
function closestPreset(name: string, limit: number): string | undefined {
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const preset of PRESETS) {
    const d = distance(name.toLowerCase(), preset.toLowerCase());
    if (d < bestDistance) {
      best = preset;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Why `name` cannot be a clip track's channel, with the fix, or `undefined` when it can. The grammar is the rig's
 * ({@link isValidChannelName}): a preset (`head.yaw` …), a raw direction `dict.<index>` (decimal, no leading
 * zeros), or a custom dotted name such as `custom.cheekPuff` (parts of letters, digits and `_`, each starting with
 * a letter), which a model's manifest may define. On top of it, a name in a preset namespace (`head`, `mouth`,
 * `eyes`, `brows`, `gaze`) that is one or two letters (or only letter case) away from a preset is rejected as a
 * probable typo (`head.yew` → "did you mean head.yaw?").
 */
export function channelNameProblem(name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(RIG_CHANNELS, name) || dictionaryIndex(name) !== undefined) return undefined;
  if (name.startsWith('dict.')) {
    return `"${name}" is not a dictionary channel; write dict.<index> with a decimal index and no leading zeros (e.g. dict.7)`;
  }
  const near = closestPreset(name, 2);
  if (!isValidChannelName(name)) {
    return `"${name}" is not a channel name${near ? ` (did you mean "${near}"?)` : ''}; use a preset `
      + `(${PRESETS.join(', ')}), dict.<index>, or a custom dotted name like "custom.cheekPuff"`;
  }
  if (near && PRESET_NAMESPACES.has(name.split('.')[0]!.toLowerCase())) {
    return `unknown channel "${name}", probably a typo: did you mean "${near}"? (presets: ${PRESETS.join(', ')})`;
  }
  return undefined;
}
