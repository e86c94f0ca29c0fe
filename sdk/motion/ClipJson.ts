import type { JsonValue } from './ClipMarker.js';
import type { Interpolation } from './Interpolation.js';
import type { LoopMode } from './LoopMode.js';

/** The `format` of a PortraitRig clip file. */
export const CLIP_FORMAT = 'portrait-rig-clip';
/** The clip-file versions this SDK reads (and the one it writes is the last). */
export const SUPPORTED_CLIP_VERSIONS: readonly number[] = Object.freeze([1]);

/** One key of a {@link ClipJsonTrack}. */
export interface ClipJsonKey {
  /** Time in seconds, `0 … duration`, strictly increasing within the track. */
  time: number;
  /** Value in the channel's unit (degrees for head angles, amount or coefficient otherwise). */
  value: number;
  /** Interpolation of the segment from this key to the next; default: the track's. */
  interpolation?: Interpolation;
  /** Incoming slope (value units per second) for a `bezier` segment that ends here; default automatic. */
  inTangent?: number;
  /** Outgoing slope (value units per second) for a `bezier` segment that starts here; default automatic. */
  outTangent?: number;
}

/** One track of a {@link ClipJson}: the keys of one channel. */
export interface ClipJsonTrack {
  /** Channel name (`head.yaw`, `dict.7`, `custom.cheekPuff` …). */
  channel: string;
  /** Interpolation of segments without their own (default `linear`). */
  interpolation?: Interpolation;
  /** Keys, sorted by time, at least one. */
  keys: ClipJsonKey[];
}

/** One marker of a {@link ClipJson}. */
export interface ClipJsonMarker {
  /** Name passed to listeners. */
  name: string;
  /** Time in seconds, `0 … duration`. */
  time: number;
  /** Data handed to listeners. */
  payload?: JsonValue;
}

/**
 * A clip file (`*.clip.json`), format version 1; see docs/motion.md for the full description and an example.
 * {@link clipToJSON} writes this shape in normalized form (defaults spelled out, interpolation names canonical).
 */
export interface ClipJson {
  /** Always `"portrait-rig-clip"`. */
  format: typeof CLIP_FORMAT;
  /** Format version; this SDK reads {@link SUPPORTED_CLIP_VERSIONS}. */
  version: 1;
  /** Clip name. */
  name: string;
  /** Length in seconds (> 0). */
  duration: number;
  /** Default loop mode (default `once`). */
  loop?: LoopMode;
  /** One track per channel. */
  tracks: ClipJsonTrack[];
  /** Named points in time. */
  markers?: ClipJsonMarker[];
  /** Free-form metadata. */
  meta?: { [key: string]: JsonValue };
}
