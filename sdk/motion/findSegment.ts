/**
 * Binary search: the largest `i` in `lo … hi` with `times[i] <= time`, assuming `times[lo] <= time` and times
 * strictly increase. O(log n), no allocation.
 *
 * @internal
 */
export function findSegment(times: ArrayLike<number>, time: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
