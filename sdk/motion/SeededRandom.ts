/**
 * Small, fast, seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
 * platform, so procedural behaviours are reproducible. Not for cryptography.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.next();         // 0 ≤ x < 1, same value every run
 * random.range(2, 6);    // 2 ≤ x < 6
 * ```
 */
export class SeededRandom {
  /** The seed (a 32-bit unsigned integer). */
  readonly seed: number;
  private state: number;

  /** @param seed - Any finite number; it is reduced to 32 bits (default 1). */
  constructor(seed = 1) {
    if (!Number.isFinite(seed)) throw new RangeError(`PortraitRig: random seed must be a finite number (got ${seed})`);
    this.seed = Math.trunc(seed) >>> 0;
    this.state = this.seed;
  }

  /** Next number, uniformly distributed in `0 ≤ x < 1`. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Writes the next `count` numbers (uniform in `0 ≤ x < 1`) into `out` from `offset`, in sequence order: the same
   * numbers `next()` would return, without a number crossing a call (V8 boxes fractional numbers returned from
   * functions it does not inline), so per-frame code can draw without allocating.
   */
  fill(out: Float64Array, offset = 0, count = out.length - offset): Float64Array {
    let state = this.state;
    for (let i = 0; i < count; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      out[offset + i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    this.state = state;
    return out;
  }

  /** Next number, uniformly distributed in `min ≤ x < max`. */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Next integer in `0 … count − 1`. */
  int(count: number): number {
    return Math.floor(this.next() * count);
  }

  /** Restarts the sequence from the seed. */
  reset(): void {
    this.state = this.seed;
  }
}
