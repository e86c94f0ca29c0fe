import { PortraitRigError, PortraitRigErrorCode } from '../errors/PortraitRigError.js';
import type { ChannelGroup } from './channels.js';
import type { ManifestChannel } from './ModelManifest.js';

/** The error for a channel value that is not a finite number. @internal */
export function invalidChannelValue(name: string, value: unknown): PortraitRigError {
  const shown = typeof value === 'number' ? String(value) : `${typeof value} ${JSON.stringify(value) ?? ''}`.trim();
  return new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
    `channel "${name}" value ${shown} is not a finite number; check the clip, curve or driver that produced it`);
}

/** Term kinds. */
const LINEAR = 0;
const PIECEWISE = 1;

/**
 * A manifest channel flattened into typed arrays for the per-frame path: clamp, then add every term's calibrated
 * coefficient into α, without allocating.
 *
 * @internal
 */
export class CompiledChannel {
  /** Channel name. */
  readonly name: string;
  /** Group. */
  readonly group: ChannelGroup;
  /** Range minimum (channel unit). */
  readonly min: number;
  /** Range maximum (channel unit). */
  readonly max: number;
  /** Neutral value (channel unit). */
  readonly neutral: number;
  /** Number of terms. */
  readonly termCount: number;
  /** Direction of each term. */
  readonly index: Int32Array;
  private readonly kind: Uint8Array;
  private readonly scale: Float64Array;
  private readonly offset: Float64Array;
  private readonly xs: (Float64Array | null)[];
  private readonly ys: (Float64Array | null)[];

  constructor(name: string, channel: ManifestChannel) {
    this.name = name;
    this.group = channel.group;
    this.min = channel.range[0];
    this.max = channel.range[1];
    this.neutral = channel.neutral;
    const count = channel.terms.length;
    this.termCount = count;
    this.index = new Int32Array(count);
    this.kind = new Uint8Array(count);
    this.scale = new Float64Array(count);
    this.offset = new Float64Array(count);
    this.xs = [];
    this.ys = [];
    channel.terms.forEach((term, t) => {
      this.index[t] = term.index;
      const calibration = term.calibration;
      if (calibration.type === 'linear') {
        this.kind[t] = LINEAR;
        this.scale[t] = calibration.scale;
        this.offset[t] = calibration.offset;
        this.xs.push(null);
        this.ys.push(null);
      } else {
        this.kind[t] = PIECEWISE;
        this.xs.push(Float64Array.from(calibration.points, (point) => point[0]));
        this.ys.push(Float64Array.from(calibration.points, (point) => point[1]));
      }
    });
  }

  /** `value` clamped to the range. */
  clamp(value: number): number {
    return value < this.min ? this.min : value > this.max ? this.max : value;
  }

  /** Segment `j` of a piecewise term such that `xs[j] <= value < xs[j+1]`, clamped to `0..n-2`. */
  private segment(xs: Float64Array, value: number): number {
    let low = 0;
    let high = xs.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((xs[middle] as number) <= value) low = middle;
      else high = middle;
    }
    return low;
  }

  /** Coefficient of term `t` at an (already clamped) value. */
  termValue(t: number, value: number): number {
    if (this.kind[t] === LINEAR) return (this.scale[t] as number) * value + (this.offset[t] as number);
    const xs = this.xs[t] as Float64Array;
    const ys = this.ys[t] as Float64Array;
    const last = xs.length - 1;
    if (value <= (xs[0] as number)) return ys[0] as number;
    if (value >= (xs[last] as number)) return ys[last] as number;
    const j = this.segment(xs, value);
    const x0 = xs[j] as number;
    const y0 = ys[j] as number;
    return y0 + ((value - x0) / ((xs[j + 1] as number) - x0)) * ((ys[j + 1] as number) - y0);
  }

  /**
   * Slope dα/dvalue of term `t` used by the inverse solver: the segment's slope; at an interior break point the mean
   * of the two adjacent slopes; outside the points the end segment's slope (so the solver can step back in).
   */
  termSlope(t: number, value: number): number {
    if (this.kind[t] === LINEAR) return this.scale[t] as number;
    const xs = this.xs[t] as Float64Array;
    const ys = this.ys[t] as Float64Array;
    const j = this.segment(xs, value);
    if (j > 0 && value === xs[j]) return 0.5 * (this.slopeOf(xs, ys, j - 1) + this.slopeOf(xs, ys, j));
    return this.slopeOf(xs, ys, j);
  }

  /** Slope of segment `j`. */
  private slopeOf(xs: Float64Array, ys: Float64Array, j: number): number {
    return ((ys[j + 1] as number) - (ys[j] as number)) / ((xs[j + 1] as number) - (xs[j] as number));
  }

  /** Clamps `value`, then adds every term's coefficient into `alpha`. Throws for a non-finite value. */
  accumulate(value: number, alpha: Float32Array | Float64Array): void {
    if (!Number.isFinite(value)) throw invalidChannelValue(this.name, value);
    const clamped = value < this.min ? this.min : value > this.max ? this.max : value;
    for (let t = 0; t < this.termCount; t++) {
      const i = this.index[t] as number;
      alpha[i] = (alpha[i] as number) + this.termValue(t, clamped);
    }
  }
}
