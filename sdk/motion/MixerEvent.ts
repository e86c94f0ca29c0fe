import type { ClipAction } from './ClipAction.js';
import type { ClipMarker } from './ClipMarker.js';
import type { MotionMixer } from './MotionMixer.js';

/**
 * Playback crossed a clip marker. The mixer reuses one event object per type (no allocation per frame): read what
 * you need inside the listener, do not keep the object.
 */
export interface MarkerEvent {
  /** `'marker'`. */
  readonly type: 'marker';
  /** The mixer that fired it. */
  readonly mixer: MotionMixer;
  /** The action whose playhead crossed the marker. */
  readonly action: ClipAction;
  /** The marker (its name, time in seconds and payload). */
  readonly marker: ClipMarker;
  /** +1 when crossed playing forwards, -1 backwards (negative time scale or the return leg of a ping-pong). */
  readonly direction: 1 | -1;
}

/** A looping action wrapped around (loop) or turned (ping-pong). Reused object: do not keep it. */
export interface LoopEvent {
  /** `'loop'`. */
  readonly type: 'loop';
  /** The mixer that fired it. */
  readonly mixer: MotionMixer;
  /** The action. */
  readonly action: ClipAction;
  /** Completed loops (or ping-pong legs) so far. */
  readonly loopCount: number;
}

/** An action reached its end (a `once` clip, or the last repetition). Reused object: do not keep it. */
export interface FinishedEvent {
  /** `'finished'`. */
  readonly type: 'finished';
  /** The mixer that fired it. */
  readonly mixer: MotionMixer;
  /** The action. */
  readonly action: ClipAction;
  /** +1 when it finished playing forwards (at the end), -1 backwards (at the start). */
  readonly direction: 1 | -1;
}

/** Event types of {@link MotionMixer.addEventListener}, by name. */
export interface MixerEventMap {
  /** Playback crossed a marker. */
  marker: MarkerEvent;
  /** An action looped or turned. */
  loop: LoopEvent;
  /** An action finished. */
  finished: FinishedEvent;
}

/** Any mixer event. */
export type MixerEvent = MixerEventMap[keyof MixerEventMap];

/** A mixer event listener. */
export type MixerEventListener<K extends keyof MixerEventMap> = (event: MixerEventMap[K]) => void;
