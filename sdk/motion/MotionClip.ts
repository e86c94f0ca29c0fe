import { checkClip, clipPrefix } from './checkClip.js';
import type { ClipJson } from './ClipJson.js';
import type { ClipMarker, JsonValue } from './ClipMarker.js';
import { clipToJSON } from './clipToJSON.js';
import type { KeyframeTrack } from './KeyframeTrack.js';
import { findIndex, writeValueAt } from './trackValue.js';
import { LoopMode } from './LoopMode.js';
import type { MotionIssue } from './MotionIssue.js';
import { MotionValidationError } from './MotionValidationError.js';

/** Options of a {@link MotionClip}. */
export interface MotionClipOptions {
  /** Clip name (non-empty), used in messages and by `mixer.clipAction`. */
  name: string;
  /** Length in seconds (> 0); every key and marker lies in `0 … duration`. */
  duration: number;
  /** One scalar track per channel; channels without a track are left to other layers. */
  tracks?: readonly KeyframeTrack[];
  /** How actions play it past the end by default (default `'once'`). */
  loop?: LoopMode;
  /** Named points in time fired by the mixer when crossed. */
  markers?: readonly ClipMarker[];
  /** Free-form JSON metadata kept in clip files (author, tool, notes). */
  meta?: { readonly [key: string]: JsonValue };
}

/**
 * A named animation: one keyframe track per channel, a duration in **seconds**, a default loop mode and markers
 * (three.js `AnimationClip` style). A clip is data; play it with a {@link MotionMixer}. Write it to a clip file with
 * {@link clipToJSON} (or `JSON.stringify(clip)`), read one with {@link loadClip}.
 *
 * @example
 * ```ts
 * const nod = new MotionClip({
 *   name: 'nod',
 *   duration: 1.2,
 *   loop: 'once',
 *   tracks: [
 *     new KeyframeTrack('head.pitch', [0, 0.3, 0.6, 1.2], [0, -12, 4, 0], { interpolation: 'smooth' }),
 *     new KeyframeTrack('eyes.blink', [0, 0.25, 0.35, 0.5], [0, 0, 1, 0]),
 *   ],
 *   markers: [{ name: 'down', time: 0.3 }],
 * });
 * ```
 */
export class MotionClip {
  /** Clip name. */
  readonly name: string;
  /** Length in seconds. */
  readonly duration: number;
  /** The tracks, one per channel, in the order given. */
  readonly tracks: readonly KeyframeTrack[];
  /** Default loop mode of actions that play this clip. */
  readonly loop: LoopMode;
  /** Markers in the order given. */
  readonly markers: readonly ClipMarker[];
  /** Markers sorted by time (stable), the order in which forward playback fires them. */
  readonly markersByTime: readonly ClipMarker[];
  /** Free-form metadata, or `undefined`. */
  readonly meta: { readonly [key: string]: JsonValue } | undefined;
  private readonly byChannel: ReadonlyMap<string, KeyframeTrack>;

  /**
   * @param options - Name, duration, tracks, loop mode, markers.
   * @throws {@link MotionValidationError} when the duration is not positive, a channel name is invalid or used twice,
   *   a key or marker lies outside `0 … duration`, or a marker is malformed.
   */
  constructor(options: MotionClipOptions) {
    const tracks = options.tracks ?? [];
    const markers = options.markers ?? [];
    const loop = options.loop ?? LoopMode.Once;
    const issues: MotionIssue[] = [];
    checkClip({ name: options.name, duration: options.duration, loop, tracks, markers }, clipPrefix(options.name), issues);
    if (issues.length > 0) throw new MotionValidationError(issues);
    this.name = options.name;
    this.duration = options.duration;
    this.loop = loop;
    this.tracks = Object.freeze([...tracks]);
    this.markers = Object.freeze(markers.map((marker) => Object.freeze(
      marker.payload === undefined ? { name: marker.name, time: marker.time } : { name: marker.name, time: marker.time, payload: marker.payload },
    )));
    this.markersByTime = Object.freeze([...this.markers].sort((a, b) => a.time - b.time));
    this.meta = options.meta;
    this.byChannel = new Map(this.tracks.map((track) => [track.name, track]));
  }

  /** The channels animated, in track order. */
  get channels(): readonly string[] {
    return this.tracks.map((track) => track.name);
  }

  /** The track of `channel`, or `undefined`. */
  track(channel: string): KeyframeTrack | undefined {
    return this.byChannel.get(channel);
  }

  /**
   * Evaluates every track at `time` (seconds, clamped to the keys) by binary search, writing `out[i]` for
   * `tracks[i]`. For playback use a {@link MotionMixer}, which caches segments.
   *
   * @param time - Clip time in seconds.
   * @param out - Output, length ≥ `tracks.length`; allocated when omitted.
   * @returns `out`.
   */
  evaluate(time: number, out: Float64Array = new Float64Array(this.tracks.length)): Float64Array {
    for (let i = 0; i < this.tracks.length; i++) {
      const track = this.tracks[i]!;
      writeValueAt(track, time, findIndex(track, time), out, i);
    }
    return out;
  }

  /** The clip-file form (what `JSON.stringify(clip)` writes); see {@link clipToJSON}. */
  toJSON(): ClipJson {
    return clipToJSON(this);
  }
}
