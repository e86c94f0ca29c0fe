/**
 * Automatic slopes (value units per second) of a keyframe curve, one per key and component: monotone Catmull-Rom.
 * Interior keys get the non-uniform Catmull-Rom slope `(v[i+1] − v[i−1]) / (t[i+1] − t[i−1])`, zero where the
 * neighbouring segments' slopes differ in sign or one is flat (a local extremum: no overshoot past the key), limited
 * to three times the smaller neighbouring slope (the Fritsch–Carlson condition, so each segment stays monotone).
 * The first and last keys get zero (the curve eases in and out, and a loop or ping-pong whose ends match is smooth
 * at the wrap).
 *
 * @internal
 */
export function monotoneSlopes(
  times: ArrayLike<number>, values: ArrayLike<number>, valueSize: number, out: Float64Array,
): void {
  const n = times.length;
  out.fill(0);
  for (let i = 1; i < n - 1; i++) {
    const h0 = times[i]! - times[i - 1]!;
    const h1 = times[i + 1]! - times[i]!;
    for (let c = 0; c < valueSize; c++) {
      const v = values[i * valueSize + c]!;
      const d0 = (v - values[(i - 1) * valueSize + c]!) / h0;
      const d1 = (values[(i + 1) * valueSize + c]! - v) / h1;
      if (d0 * d1 <= 0 || !Number.isFinite(d0 * d1)) continue;
      let m = (d0 * h0 + d1 * h1) / (h0 + h1);
      const limit = 3 * Math.min(Math.abs(d0), Math.abs(d1));
      if (Math.abs(m) > limit) m = Math.sign(m) * limit;
      out[i * valueSize + c] = m;
    }
  }
}
