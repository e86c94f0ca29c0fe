/** Frames per second over the last `window` ticks (display frames, or anything else you tick). */
export class FpsMeter {
  readonly #times: Float64Array;
  #count = 0;

  constructor(window = 60) {
    this.#times = new Float64Array(window);
  }

  /** Records a frame at `now` (milliseconds, `performance.now()`). */
  tick(now: number = performance.now()): void {
    this.#times[this.#count % this.#times.length] = now;
    this.#count += 1;
  }

  /** The rate over the recorded window (0 until two frames). */
  get fps(): number {
    const n = Math.min(this.#count, this.#times.length);
    if (n < 2) return 0;
    const last = this.#times[(this.#count - 1) % this.#times.length]!;
    const first = this.#times[(this.#count - n) % this.#times.length]!;
    return last > first ? ((n - 1) * 1000) / (last - first) : 0;
  }
}
