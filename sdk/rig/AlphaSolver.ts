import { PortraitRigError, PortraitRigErrorCode } from '../errors/PortraitRigError.js';
import { CompiledChannel } from './CompiledChannel.js';
import type { ModelManifest } from './ModelManifest.js';
import { isValidatedManifest, parseModelManifest } from './parseModelManifest.js';

/**
 * What {@link AlphaSolver} reports besides the named channels, as `dict.<i>` entries (coefficient units):
 * - `'free'` (default): `dict.<i>` = `α[i]` for every direction none of the solved channels drives, so free
 *   directions are not lost;
 * - `'all'`: `dict.<i>` for every direction, holding what the channels could not explain (`α[i]` minus the
 *   channels' contribution): forward-mapping the result reproduces α exactly (up to float32 rounding);
 * - `'none'`: the named channels only.
 */
export type AlphaResidualMode = 'free' | 'all' | 'none';

/** Options of {@link AlphaSolver}. */
export interface AlphaSolverOptions {
  /** Named channels to solve for (a subset of the manifest's); default all of them, in manifest order. */
  readonly channels?: readonly string[];
  /** Which `dict.<i>` entries to report; default `'free'`. */
  readonly residuals?: AlphaResidualMode;
  /** Gauss–Newton iterations at most; default 50 (linear calibrations need one or two). */
  readonly maxIterations?: number;
  /**
   * Ridge (Levenberg–Marquardt damping) relative to each channel's own curvature; default `1e-9`. It decides between
   * channels that explain α equally well (e.g. `eyes.blink` versus `eyes.blinkLeft` + `eyes.blinkRight`): the
   * solution stays closest to the neutral values. Raise it for smoother, less exact fits.
   */
  readonly ridge?: number;
}

/**
 * The inverse of a channel map: motion coefficients α → channel values, for motion capture (driving video → clip)
 * and for showing a source portrait's own expression as channel values.
 *
 * It solves `min ‖g(c) − α‖²` over the named channels' values `c` (restricted to the directions they drive), where
 * `g` is the forward map of {@link RigCalibration}, with every value kept inside its channel's range. Method:
 * projected Gauss–Newton from the neutral values, the calibration linearized at the current value (linear terms
 * exactly; piecewise terms by the slope of the segment the value is in, the mean of both slopes on a break point),
 * a tiny relative ridge so that redundant channels have a unique answer, channels at a range limit that the step
 * would push outside held fixed (active set), and step halving so every accepted step lowers the error. Linear
 * calibrations converge in one step; piecewise ones once the solution's segments are found. Non-monotonic piecewise
 * calibrations can end in a local minimum. Results are clamped to the ranges.
 *
 * Output: a `Float32Array` in {@link AlphaSolver.channels} order: the named channels (their units), then the
 * `dict.<i>` entries chosen by {@link AlphaResidualMode}. Bind the same list with {@link RigCalibration.bind} to map
 * it forward again. `solve` allocates nothing when given `out`.
 *
 * @example
 * ```ts
 * const solver = calibration.createSolver();
 * const values = solver.solve(alphaFromVideoFrame);          // Float32Array, solver.channels order
 * const yaw = values[solver.channels.indexOf('head.yaw')];   // degrees
 * const record = solver.solveToRecord(alphaFromVideoFrame);  // { 'head.yaw': 12.1, …, 'dict.12': 0.03 }
 * ```
 */
export class AlphaSolver {
  /** The manifest whose channel map is inverted. */
  readonly manifest: ModelManifest;
  /** Length of α. */
  readonly motionDim: number;
  /** Output order: the solved named channels, then the reported `dict.<i>` entries. */
  readonly channels: readonly string[];
  /** How many of {@link AlphaSolver.channels} are named channels (the rest are `dict.<i>`). */
  readonly namedCount: number;
  /** The `dict.<i>` directions reported, in output order. */
  readonly residualDirections: readonly number[];
  /** The residual mode in use. */
  readonly residuals: AlphaResidualMode;
  /** Gauss–Newton steps the last `solve` took (accepted steps; 0 when the neutral values already fit). */
  lastIterations = 0;
  /** Squared error `‖g(c) − α‖²` of the last `solve` over the directions the channels drive (α units²). */
  lastError = 0;

  readonly #compiled: readonly CompiledChannel[];
  readonly #maxIterations: number;
  readonly #ridge: number;
  readonly #covered: Uint8Array;
  readonly #target: Float64Array;
  readonly #fit: Float64Array;
  readonly #residual: Float64Array;
  readonly #values: Float64Array;
  readonly #trial: Float64Array;
  readonly #jacobian: Float64Array;
  readonly #normal: Float64Array;
  readonly #rhs: Float64Array;
  readonly #step: Float64Array;
  readonly #fixed: Uint8Array;

  /**
   * @param manifest - the model's manifest (validated first when it did not come from {@link parseModelManifest}).
   * @param options - channel subset, residual mode, iteration limit, ridge.
   * @throws PortraitRigError `UNKNOWN_CHANNEL` for a channel in `options.channels` the manifest does not name,
   *   `INVALID_ARGUMENT` for bad options.
   */
  constructor(manifest: ModelManifest, options: AlphaSolverOptions = {}) {
    const id: unknown = (manifest as { id?: unknown }).id;
    this.manifest = isValidatedManifest(manifest) ? manifest : parseModelManifest(manifest, typeof id === 'string' ? id : undefined);
    const M = this.manifest.motionDim;
    this.motionDim = M;
    const names = options.channels ?? Object.keys(this.manifest.channels);
    const seen = new Set<string>();
    this.#compiled = names.map((name) => {
      const channel = Object.prototype.hasOwnProperty.call(this.manifest.channels, name) ? this.manifest.channels[name] : undefined;
      if (channel === undefined) {
        throw new PortraitRigError(PortraitRigErrorCode.UnknownChannel, `AlphaSolver: model "${this.manifest.id}" has no `
          + `named channel "${name}"; solvable channels: ${Object.keys(this.manifest.channels).join(', ') || 'none'}`);
      }
      if (seen.has(name)) {
        throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, `AlphaSolver: channel "${name}" is listed twice`);
      }
      seen.add(name);
      return new CompiledChannel(name, channel);
    });
    const maxIterations = options.maxIterations ?? 50;
    const ridge = options.ridge ?? 1e-9;
    if (!Number.isInteger(maxIterations) || maxIterations < 1) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, `AlphaSolver: maxIterations ${maxIterations} must be a positive integer`);
    }
    if (!(ridge >= 0) || !Number.isFinite(ridge)) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, `AlphaSolver: ridge ${ridge} must be a finite number >= 0`);
    }
    this.#maxIterations = maxIterations;
    this.#ridge = ridge;
    this.residuals = options.residuals ?? 'free';
    if (!['free', 'all', 'none'].includes(this.residuals)) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `AlphaSolver: residuals ${JSON.stringify(this.residuals)} must be "free", "all" or "none"`);
    }
    this.#covered = new Uint8Array(M);
    for (const channel of this.#compiled) for (const index of channel.index) this.#covered[index] = 1;
    const residualDirections: number[] = [];
    for (let i = 0; i < M; i++) {
      if (this.residuals === 'all' || (this.residuals === 'free' && this.#covered[i] === 0)) residualDirections.push(i);
    }
    this.residualDirections = Object.freeze(residualDirections);
    this.namedCount = this.#compiled.length;
    this.channels = Object.freeze([...this.#compiled.map((channel) => channel.name), ...residualDirections.map((i) => `dict.${i}`)]);
    const K = this.namedCount;
    this.#target = new Float64Array(M);
    this.#fit = new Float64Array(M);
    this.#residual = new Float64Array(M);
    this.#values = new Float64Array(K);
    this.#trial = new Float64Array(K);
    this.#jacobian = new Float64Array(M * K);
    this.#normal = new Float64Array(K * K);
    this.#rhs = new Float64Array(K);
    this.#step = new Float64Array(K);
    this.#fixed = new Uint8Array(K);
  }

  /**
   * Solves for the channel values that best produce `alpha`.
   *
   * @param alpha - motion coefficients, length `motionDim` (e.g. `α_drive − α_start`, or a source's `α_src`).
   * @param out - receives the values in {@link AlphaSolver.channels} order (channel units, then coefficients);
   *   a new array when omitted.
   * @returns `out`, or the new array.
   * @throws PortraitRigError `INVALID_ARGUMENT` for a wrong length or a non-finite coefficient.
   */
  solve(alpha: ArrayLike<number>, out?: Float32Array): Float32Array {
    const M = this.motionDim;
    const K = this.namedCount;
    if (alpha.length !== M) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `AlphaSolver.solve: α has length ${alpha.length}; model "${this.manifest.id}" has motionDim ${M}`);
    }
    const result = out ?? new Float32Array(this.channels.length);
    if (result.length !== this.channels.length) {
      throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument,
        `AlphaSolver.solve: out has length ${result.length}; expected ${this.channels.length} (solver.channels)`);
    }
    const target = this.#target;
    let scale = 1;
    for (let i = 0; i < M; i++) {
      const value = alpha[i] as number;
      if (!Number.isFinite(value)) {
        throw new PortraitRigError(PortraitRigErrorCode.InvalidArgument, `AlphaSolver.solve: α[${i}] is ${value}, not a finite number`);
      }
      target[i] = value;
      if (this.#covered[i] === 1) scale += value * value;
    }
    const values = this.#values;
    const trial = this.#trial;
    const step = this.#step;
    for (let k = 0; k < K; k++) values[k] = (this.#compiled[k] as CompiledChannel).neutral;
    let error = this.#evaluate(values);
    let iterations = 0;
    let linearizations = 0;
    while (linearizations < this.#maxIterations && error > 1e-20 * scale) {
      linearizations++;
      this.#linearize(values);
      this.#solveStep(values);
      let largest = 0;
      for (let k = 0; k < K; k++) {
        const channel = this.#compiled[k] as CompiledChannel;
        largest = Math.max(largest, Math.abs(step[k] as number) / (channel.max - channel.min));
      }
      if (!(largest > 1e-13)) break;
      let factor = 1;
      let accepted = false;
      let trialError = error;
      for (let halving = 0; halving < 40; halving++) {
        for (let k = 0; k < K; k++) {
          trial[k] = (this.#compiled[k] as CompiledChannel).clamp((values[k] as number) + factor * (step[k] as number));
        }
        trialError = this.#evaluate(trial);
        if (trialError < error) {
          accepted = true;
          break;
        }
        factor *= 0.5;
      }
      if (!accepted) break;
      values.set(trial);
      error = trialError;
      iterations++;
    }
    this.lastError = this.#evaluate(values);
    this.lastIterations = iterations;
    for (let k = 0; k < K; k++) result[k] = values[k] as number;
    const fit = this.#fit;
    const residualDirections = this.residualDirections;
    for (let position = 0; position < residualDirections.length; position++) {
      const i = residualDirections[position] as number;
      result[K + position] = (target[i] as number) - (fit[i] as number);
    }
    return result;
  }

  /**
   * Like {@link AlphaSolver.solve}, as a fresh record `{ channel: value }` (allocates; for tools and tests).
   *
   * @param alpha - motion coefficients, length `motionDim`.
   */
  solveToRecord(alpha: ArrayLike<number>): Record<string, number> {
    const values = this.solve(alpha);
    const record: Record<string, number> = {};
    this.channels.forEach((name, position) => { record[name] = values[position] as number; });
    return record;
  }

  /** Forward map of `values` into #fit and #residual; returns the squared error over covered directions. */
  #evaluate(values: Float64Array): number {
    const fit = this.#fit;
    fit.fill(0);
    for (let k = 0; k < this.namedCount; k++) {
      const channel = this.#compiled[k] as CompiledChannel;
      const value = values[k] as number;
      for (let t = 0; t < channel.termCount; t++) {
        const i = channel.index[t] as number;
        fit[i] = (fit[i] as number) + channel.termValue(t, value);
      }
    }
    let error = 0;
    for (let i = 0; i < this.motionDim; i++) {
      const r = this.#covered[i] === 1 ? (this.#target[i] as number) - (fit[i] as number) : 0;
      this.#residual[i] = r;
      error += r * r;
    }
    return error;
  }

  /** Jacobian d fit / d values at `values` (row-major M × K); #residual must be current. */
  #linearize(values: Float64Array): void {
    const K = this.namedCount;
    const jacobian = this.#jacobian;
    jacobian.fill(0);
    for (let k = 0; k < K; k++) {
      const channel = this.#compiled[k] as CompiledChannel;
      for (let t = 0; t < channel.termCount; t++) {
        const cell = (channel.index[t] as number) * K + k;
        jacobian[cell] = (jacobian[cell] as number) + channel.termSlope(t, values[k] as number);
      }
    }
  }

  /** Damped Gauss–Newton step into #step with channels pinned at a range limit held fixed (active set). */
  #solveStep(values: Float64Array): void {
    const K = this.namedCount;
    const fixed = this.#fixed;
    const step = this.#step;
    fixed.fill(0);
    for (let round = 0; round <= K; round++) {
      this.#solveNormalEquations();
      let pinned = false;
      for (let k = 0; k < K; k++) {
        if (fixed[k] === 1) continue;
        const channel = this.#compiled[k] as CompiledChannel;
        const value = values[k] as number;
        if ((value <= channel.min && (step[k] as number) < 0) || (value >= channel.max && (step[k] as number) > 0)) {
          fixed[k] = 1;
          pinned = true;
        }
      }
      if (!pinned) return;
    }
  }

  /** (JᵀJ + ridge·diag) step = Jᵀr over the free channels, by Cholesky; fixed channels get step 0. */
  #solveNormalEquations(): void {
    const M = this.motionDim;
    const K = this.namedCount;
    const J = this.#jacobian;
    const N = this.#normal;
    const rhs = this.#rhs;
    const step = this.#step;
    const fixed = this.#fixed;
    for (let a = 0; a < K; a++) {
      let b0 = 0;
      for (let i = 0; i < M; i++) b0 += (J[i * K + a] as number) * (this.#residual[i] as number);
      rhs[a] = fixed[a] === 1 ? 0 : b0;
      for (let b = 0; b <= a; b++) {
        let sum = 0;
        if (fixed[a] === 0 && fixed[b] === 0) for (let i = 0; i < M; i++) sum += (J[i * K + a] as number) * (J[i * K + b] as number);
        N[a * K + b] = sum;
        N[b * K + a] = sum;
      }
      const diagonal = N[a * K + a] as number;
      N[a * K + a] = diagonal > 0 ? diagonal * (1 + this.#ridge) : 1;
    }
    // Cholesky N = L·Lᵀ in place (lower triangle), then L·y = rhs, Lᵀ·step = y
    for (let j = 0; j < K; j++) {
      const original = N[j * K + j] as number;
      let sum = original;
      for (let p = 0; p < j; p++) sum -= (N[j * K + p] as number) ** 2;
      const floor = original * 1e-14;
      const pivot = Math.sqrt(sum > floor ? sum : floor);
      N[j * K + j] = pivot;
      for (let i = j + 1; i < K; i++) {
        let entry = N[i * K + j] as number;
        for (let p = 0; p < j; p++) entry -= (N[i * K + p] as number) * (N[j * K + p] as number);
        N[i * K + j] = entry / pivot;
      }
    }
    for (let i = 0; i < K; i++) {
      let sum = rhs[i] as number;
      for (let p = 0; p < i; p++) sum -= (N[i * K + p] as number) * (step[p] as number);
      step[i] = sum / (N[i * K + i] as number);
    }
    for (let i = K - 1; i >= 0; i--) {
      let sum = step[i] as number;
      for (let p = i + 1; p < K; p++) sum -= (N[p * K + i] as number) * (step[p] as number);
      step[i] = sum / (N[i * K + i] as number);
    }
    for (let k = 0; k < K; k++) if (fixed[k] === 1) step[k] = 0;
  }
}
