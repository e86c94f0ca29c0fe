import type { ChannelGroup } from './channels.js';
import type { ModelManifest } from './ModelManifest.js';

/** A direction driven by channels of both groups without an override to settle it. @internal */
export interface DirectionGroupConflict {
  /** The direction. */
  readonly index: number;
  /** A pose channel driving it. */
  readonly pose: string;
  /** An expression channel driving it. */
  readonly expression: string;
}

/** Group of every direction and the channels driving each. @internal */
export interface DirectionGroups {
  /** Group by direction index, length `motionDim`. */
  readonly groups: readonly ChannelGroup[];
  /** Named channels driving each direction (manifest order); empty for free directions. */
  readonly drivenBy: readonly (readonly string[])[];
  /** Directions whose group cannot be decided (a manifest error). */
  readonly conflicts: readonly DirectionGroupConflict[];
}

/**
 * The group of each dictionary direction: `directionGroups.overrides[i]` when given; otherwise the group of the
 * named channels driving it when they agree; otherwise `directionGroups.default`. Directions driven by channels of
 * both groups and not overridden are reported in `conflicts` (and get the default). Out-of-range term indices and
 * override keys are ignored here (checkManifest reports them).
 *
 * @internal
 */
export function resolveDirectionGroups(manifest: ModelManifest): DirectionGroups {
  const motionDim = manifest.motionDim;
  const drivenBy: string[][] = Array.from({ length: motionDim }, () => []);
  const poseBy: (string | undefined)[] = new Array<string | undefined>(motionDim).fill(undefined);
  const expressionBy: (string | undefined)[] = new Array<string | undefined>(motionDim).fill(undefined);
  for (const [name, channel] of Object.entries(manifest.channels)) {
    for (const term of channel.terms) {
      const list = drivenBy[term.index];
      if (list === undefined) continue;
      if (!list.includes(name)) list.push(name);
      if (channel.group === 'pose') poseBy[term.index] ??= name;
      else expressionBy[term.index] ??= name;
    }
  }
  const groups: ChannelGroup[] = [];
  const conflicts: DirectionGroupConflict[] = [];
  for (let index = 0; index < motionDim; index++) {
    const override = manifest.directionGroups.overrides[String(index)];
    const pose = poseBy[index];
    const expression = expressionBy[index];
    if (override !== undefined) groups.push(override);
    else if (pose !== undefined && expression !== undefined) {
      conflicts.push({ index, pose, expression });
      groups.push(manifest.directionGroups.default);
    } else if (pose !== undefined) groups.push('pose');
    else if (expression !== undefined) groups.push('expression');
    else groups.push(manifest.directionGroups.default);
  }
  return { groups, drivenBy, conflicts };
}
