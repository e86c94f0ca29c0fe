import { findSegment } from './findSegment.js';
import type { KeyframeTrack } from './KeyframeTrack.js';

/** Segment index for `time`: -1 at/before the first key, n − 1 at/after the last, else binary search. @internal */
export function findIndex(track: KeyframeTrack, time: number): number {
  const times = track.times;
  const last = times.length - 1;
  if (!(time > times[0]!)) return -1; // at or before the first key (and NaN): the first value
  if (time >= times[last]!) return last;
  return findSegment(times, time, 0, last - 1);
}

/** Writes the value of segment `index` at `time` (clamped outside the keys). @internal */
export function writeValueAt(track: KeyframeTrack, time: number, index: number, out: Float64Array, offset: number): void {
  const size = track.valueSize;
  const last = track.times.length - 1;
  if (index < 0 || index >= last) {
    const base = index < 0 ? 0 : last * size;
    for (let c = 0; c < size; c++) out[offset + c] = track.values[base + c]!;
    return;
  }
  out[offset] = time;
  track.segments[index]!.interpolate(track, index, out, offset);
}
