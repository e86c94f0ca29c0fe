import type { ChannelName } from '../../rig/channels.js';
import type { ProsodyOptions } from './ProsodyAccents.js';
import type { Viseme } from './Viseme.js';
import type { VisemeShape } from './VisemeShape.js';

/**
 * How audio features become channel values; shared by the offline {@link audioToClip} / {@link analyzeAudio} and the
 * live {@link WebAudioDriver}, so both move the mouth the same way. Times in milliseconds, levels in dBFS (decibels
 * relative to full scale), margins in dB, channel values as amounts 0..1 and degrees.
 */
export interface LipSyncOptions {
  /**
   * How the mouth shape is derived:
   * - `'formant'` (default): continuous: jaw from loudness and the first formant (F1 high = open vowel), rounding from
   *   a low second formant (F2) with a low F1, lip spread (`mouth.smile`) from a high F2; fricatives keep the jaw
   *   nearly closed;
   * - `'viseme'`: the {@link VisemeClassifier}'s weights blend {@link VISEME_SHAPES}, the jaw scaled by loudness.
   */
  mapping?: 'formant' | 'viseme';
  /** Time constant of opening (values rising), milliseconds (default 25). */
  attackMs?: number;
  /**
   * Time constant of closing (values falling), milliseconds (default 60); a constant fall of 1 amount per second is
   * added so the mouth arrives closed (about 160 ms after a loud vowel) instead of creeping toward 0.
   */
  releaseMs?: number;
  /**
   * Shift of the motion relative to the sound, milliseconds: + moves the mouth later, − earlier (default 0).
   * Offline any value works; live only delays are possible, so a negative value is treated as 0 and a positive one
   * delays the output (use it when the sound you hear comes out later than the analyser sees it, e.g. Bluetooth).
   */
  latencyMs?: number;
  /** Fixed silence threshold, dBFS; default automatic (`gateMarginDb` above the estimated noise floor). */
  silenceThresholdDb?: number;
  /** Margin of the automatic silence gate above the noise floor, dB (default 12). */
  gateMarginDb?: number;
  /** `mouth.open` at full loudness on an open vowel, amount 0..1 (default 0.8). */
  maxOpen?: number;
  /** `mouth.round` of a fully rounded vowel, amount 0..1 (default 0.7). */
  maxRound?: number;
  /** `mouth.smile` of a fully spread vowel ("ee"), amount 0..1 (default 0.35). */
  maxSmile?: number;
  /** Replaces entries of {@link VISEME_SHAPES} (used by `mapping: 'viseme'`). */
  visemeShapes?: Partial<Record<Viseme, VisemeShape>>;
  /**
   * Also write each viseme's weight (0..1, smoothed) to a channel named `<prefix>.<viseme>`: `true` = prefix
   * `viseme` (`viseme.aa`, `viseme.PP` …), a string = that prefix. For avatars with viseme blend shapes; a portrait
   * model without such channels ignores them (the animator warns once). Default false.
   */
  visemeChannels?: boolean | string;
  /** Nods (`head.pitch`) and brow raises (`brows.raise`) on stressed syllables: `true` for the defaults. Default false. */
  prosody?: boolean | ProsodyOptions;
  /** Channel names written, to retarget (defaults `mouth.open`, `mouth.round`, `mouth.smile`, `head.pitch`, `brows.raise`). */
  channelNames?: {
    /** Jaw opening (amount 0..1); default `mouth.open`. */
    open?: ChannelName;
    /** Rounded lips (amount 0..1); default `mouth.round`. */
    round?: ChannelName;
    /** Spread lips (amount 0..1); default `mouth.smile`. */
    smile?: ChannelName;
    /** Prosody nods (degrees); default `head.pitch`. */
    nod?: ChannelName;
    /** Prosody brow raises (amount); default `brows.raise`. */
    brows?: ChannelName;
  };
}
