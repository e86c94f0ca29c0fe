import type { ChannelGroup, ChannelUnit } from './channels.js';
import type { PiecewiseCalibration } from './ModelManifest.js';

/** A calibration as written in JSON: like {@link ManifestCalibration} with the linear `offset` optional (default 0). */
export type ManifestCalibrationInput =
  | PiecewiseCalibration
  | {
      /** Linear calibration: `α = scale · value + offset`. */
      readonly type: 'linear';
      /** Coefficient units per channel unit. */
      readonly scale: number;
      /** Coefficient added to every value (default 0). */
      readonly offset?: number;
    };

/** One term as written in JSON: the direction and its calibration. */
export interface ManifestChannelTermInput {
  /** Dictionary direction, `0 ≤ index < motionDim`. */
  readonly index: number;
  /** Channel value → coefficient. */
  readonly calibration: ManifestCalibrationInput;
}

/**
 * Changes to one channel for {@link withChannelOverrides}: the fields given replace the model's (`terms` as a whole);
 * the others stay. A channel the model does not have yet needs `unit`, `group`, `range` and `terms`.
 */
export interface ManifestChannelPatch {
  /** Unit of the values. */
  readonly unit?: ChannelUnit;
  /** Pose or expression. */
  readonly group?: ChannelGroup;
  /** Value that adds nothing (channel unit). */
  readonly neutral?: number;
  /** Allowed `[min, max]` (channel unit). */
  readonly range?: readonly [number, number];
  /** Whether meaning, sign and unit were checked against the weights. */
  readonly verified?: boolean;
  /** One-line meaning with the sign convention. */
  readonly description?: string;
  /** The directions it drives (replaces all of the model's terms for this channel). */
  readonly terms?: readonly ManifestChannelTermInput[];
}

/**
 * A user's corrections to a model's channel map (e.g. for official LIA-X weights, whose direction meanings and
 * signs are community knowledge rather than verified): patch, add or remove channels and direction groups. Plain
 * JSON-compatible data, so it can live in a file next to the model.
 */
export interface ChannelOverrides {
  /** Per channel name: a patch (merged onto the model's channel, or a new channel), or `null` to remove it. */
  readonly channels?: Readonly<Record<string, ManifestChannelPatch | null>>;
  /** `true`: start from no channels, so only the channels given here exist; default `false`. */
  readonly replaceChannels?: boolean;
  /** Direction groups: a new default and/or per-index groups (`null` removes the model's override). */
  readonly directionGroups?: {
    /** Group of directions nothing else decides. */
    readonly default?: ChannelGroup;
    /** Per direction index (decimal string key). */
    readonly overrides?: Readonly<Record<string, ChannelGroup | null>>;
  };
}
