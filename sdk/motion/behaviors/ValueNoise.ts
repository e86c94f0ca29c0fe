import { SeededRandom } from '../SeededRandom.js';

const SIZE = 256;
const scratch = new Float64Array(1);

/**
 * Smooth 1-D value noise: random values at integer points (from a seed), blended with a quintic fade so the
 * curve and its first two derivatives are continuous. Output lies in −1..1; `sample(x)` with `x` in periods
 * (one random point per unit). Repeats every 256 units. Deterministic, allocation-free.
 *
 * @example
 * ```ts
 * const noise = new ValueNoise(3);
 * const sway = 1.5 * noise.fractal(time * 0.2, 2); // degrees, about one wander every 5 s
 * ```
 */
export class ValueNoise {
  private readonly lattice = new Float64Array(SIZE);

  /** @param seed - Seed of the random lattice. */
  constructor(seed = 1) {
    const random = new SeededRandom(seed);
    for (let i = 0; i < SIZE; i++) this.lattice[i] = random.next() * 2 - 1;
  }

  /** Noise at `x`, in −1..1. */
  sample(x: number): number {
    scratch[0] = x;
    this.fractalInPlace(scratch, 0, 1);
    return scratch[0];
  }

  /**
   * Sum of `octaves` layers of noise, each at twice the frequency and half the amplitude of the previous,
   * normalized back to −1..1.
   */
  fractal(x: number, octaves = 2): number {
    scratch[0] = x;
    this.fractalInPlace(scratch, 0, octaves);
    return scratch[0];
  }

  /**
   * {@link ValueNoise.fractal} in place: replaces `buffer[index]` (x) by the noise. No number crosses a call, so it
   * allocates nothing (V8 boxes fractional numbers passed to functions it does not inline).
   */
  fractalInPlace(buffer: Float64Array, index: number, octaves: number): void {
    const x = buffer[index]!;
    const lattice = this.lattice;
    let sum = 0;
    let amplitude = 1;
    let total = 0;
    let frequency = 1;
    for (let o = 0; o < octaves; o++) {
      const p = x * frequency + o * 31.7;
      const floor = Math.floor(p);
      const f = p - floor;
      const i = ((floor % SIZE) + SIZE) % SIZE;
      const a = lattice[i]!;
      const b = lattice[(i + 1) % SIZE]!;
      sum += amplitude * (a + (b - a) * (f * f * f * (f * (f * 6 - 15) + 10)));
      total += amplitude;
      amplitude *= 0.5;
      frequency *= 2;
    }
    buffer[index] = sum / total;
  }
}
