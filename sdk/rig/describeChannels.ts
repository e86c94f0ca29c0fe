import type { ChannelGroup, ChannelUnit } from './channels.js';
import type { ModelManifest } from './ModelManifest.js';
import { resolveDirectionGroups } from './resolveDirectionGroups.js';

/** One line of {@link describeChannels}: what a channel of a model is and how to drive it. */
export interface ChannelDescription {
  /** Channel name (`head.yaw`, `custom.x`, or `dict.<i>`). */
  readonly name: string;
  /** `'channel'` for a named channel of the manifest, `'direction'` for a free raw direction `dict.<i>`. */
  readonly kind: 'channel' | 'direction';
  /** Unit of its values (`coefficient` for raw directions). */
  readonly unit: ChannelUnit;
  /** Pose or expression. */
  readonly group: ChannelGroup;
  /** Value that adds nothing. */
  readonly neutral: number;
  /** Allowed `[min, max]` in `unit`; `null` for raw directions (not clamped). */
  readonly range: readonly [number, number] | null;
  /** Whether the meaning, sign and unit were checked against the weights (`false` for raw directions). */
  readonly verified: boolean;
  /** The manifest's description, or `''`. */
  readonly description: string;
  /** Dictionary directions it drives. */
  readonly directions: readonly number[];
}

/** Options of {@link describeChannels}. */
export interface DescribeChannelsOptions {
  /** Also list the free directions (no named channel drives them) as `dict.<i>`; default `true`. */
  readonly freeDirections?: boolean;
}

/**
 * Lists a model's channels for people and tools (the CLI's `info` command): every named channel in manifest order,
 * then the free raw directions `dict.<i>`, each with unit, range, group and whether it is verified. Directions a
 * named channel drives are reachable as `dict.<i>` too but are not listed separately.
 *
 * @param manifest - a validated manifest.
 * @param options - whether to list free directions.
 *
 * @example
 * ```ts
 * for (const c of describeChannels(manifest)) {
 *   console.log(c.name, c.unit, c.range ?? 'unbounded', c.group, c.verified ? '' : '(unverified)');
 * }
 * ```
 */
export function describeChannels(manifest: ModelManifest, options: DescribeChannelsOptions = {}): readonly ChannelDescription[] {
  const directionGroups = resolveDirectionGroups(manifest);
  const list: ChannelDescription[] = Object.entries(manifest.channels).map(([name, channel]) => Object.freeze({
    name,
    kind: 'channel' as const,
    unit: channel.unit,
    group: channel.group,
    neutral: channel.neutral,
    range: channel.range,
    verified: channel.verified,
    description: channel.description ?? '',
    directions: Object.freeze(channel.terms.map((term) => term.index)),
  }));
  if (options.freeDirections ?? true) {
    directionGroups.drivenBy.forEach((names, index) => {
      if (names.length > 0) return;
      list.push(Object.freeze({
        name: `dict.${index}`,
        kind: 'direction' as const,
        unit: 'coefficient' as const,
        group: directionGroups.groups[index] as ChannelGroup,
        neutral: 0,
        range: null,
        verified: false,
        description: `Raw dictionary direction ${index}, in α units.`,
        directions: Object.freeze([index]),
      }));
    });
  }
  return Object.freeze(list);
}
