import type { ClipJson, ClipJsonKey, ClipJsonMarker, ClipJsonTrack } from './ClipJson.js';
import { CLIP_FORMAT } from './ClipJson.js';
import type { MotionClip } from './MotionClip.js';

/**
 * The clip-file form of `clip` (format `portrait-rig-clip`, version 1), in normalized form: `loop` and each track's
 * `interpolation` are always written, a key's `interpolation`/`inTangent`/`outTangent` only where it has one,
 * `markers` only when there are some, interpolation names in canonical form. Lossless:
 * `loadClip(clipToJSON(clip))` plays exactly like `clip`, and `clipToJSON(loadClip(json))` deep-equals `json` once
 * normalized.
 *
 * @example
 * ```ts
 * await writeFile('nod.clip.json', JSON.stringify(clipToJSON(nod), null, 2));
 * ```
 */
export function clipToJSON(clip: MotionClip): ClipJson {
  const tracks = clip.tracks.map((track): ClipJsonTrack => {
    const keys: ClipJsonKey[] = [];
    for (let i = 0; i < track.keyCount; i++) {
      const key: ClipJsonKey = { time: track.times[i]!, value: track.values[i]! };
      const own = track.keyInterpolations?.[i];
      if (own !== undefined) key.interpolation = own;
      const inTangent = track.inTangents?.[i];
      if (inTangent !== undefined && !Number.isNaN(inTangent)) key.inTangent = inTangent;
      const outTangent = track.outTangents?.[i];
      if (outTangent !== undefined && !Number.isNaN(outTangent)) key.outTangent = outTangent;
      keys.push(key);
    }
    return { channel: track.name, interpolation: track.interpolation, keys };
  });
  const json: ClipJson = {
    format: CLIP_FORMAT, version: 1, name: clip.name, duration: clip.duration, loop: clip.loop, tracks,
  };
  if (clip.markers.length > 0) {
    json.markers = clip.markers.map((marker): ClipJsonMarker => (
      marker.payload === undefined ? { name: marker.name, time: marker.time }
        : { name: marker.name, time: marker.time, payload: marker.payload }));
  }
  if (clip.meta !== undefined) json.meta = { ...clip.meta };
  return json;
}
