/** Any value JSON can hold: what a marker's payload may be (it is written to clip files as is). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A named point in time of a clip (an animation event): the mixer fires a `marker` event when playback crosses it,
 * in either direction and across loop wraps and ping-pong turns. Use it to sync sounds, subtitles or game logic.
 *
 * @example
 * ```ts
 * const marker: ClipMarker = { name: 'wave-peak', time: 0.6, payload: { sound: 'whoosh' } };
 * ```
 */
export interface ClipMarker {
  /** Name passed to listeners (non-empty). */
  readonly name: string;
  /** Time in seconds, `0 … clip.duration`. */
  readonly time: number;
  /** Optional data handed to listeners as is (JSON, so it survives the clip file). */
  readonly payload?: JsonValue;
}
