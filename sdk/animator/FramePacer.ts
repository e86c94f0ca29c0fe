import { PortraitRigError } from '../errors/PortraitRigError.js';

/** Options for {@link FramePacer}. */
export interface FramePacerOptions<T> {
  /**
   * Renders the frame for `time` (seconds, the caller's clock — e.g. clip time). `signal` fires when the pacer is
   * disposed. Typically `(t) => animator.renderFrame(mixer.setTime(t))`. It may run well after `request(time)`
   * (when the previous frame finishes), so derive the pose from `time`, or from a snapshot taken at the request
   * (`snapshot.copy(mixer.frame)`, see `ChannelFrame.copy`), not from state that has moved on since.
   */
  readonly render: (time: number, signal: AbortSignal) => Promise<T>;
  /** Receives each finished frame with the time it was rendered for. Runs before the next render starts. */
  readonly onFrame: (frame: T, time: number) => void;
  /** Receives render errors (the pacer keeps going); default `console.error`. */
  readonly onError?: (error: unknown, time: number) => void;
  /** Monotonic clock in milliseconds, for the fps figure; default `performance.now`. */
  readonly now?: () => number;
  /** How many recent frames the fps figure averages over; default 30. */
  readonly fpsWindow?: number;
}

/** Figures of a {@link FramePacer}. */
export interface FramePacerStats {
  /** Frames per second actually delivered, over the last `fpsWindow` frames (0 until two frames arrived). */
  readonly fps: number;
  /** Frames delivered so far. */
  readonly rendered: number;
  /** Requests replaced by a newer one before they started (inference slower than the requests). */
  readonly dropped: number;
  /** Milliseconds the last render took. */
  readonly lastRenderMs: number;
  /** True while a render runs. */
  readonly busy: boolean;
}

/**
 * Real-time frame pacing for a slow renderer: `request(time)` never blocks; while a frame renders, only the newest
 * request is kept (older ones are dropped), so the avatar shows the latest pose instead of falling behind. One
 * render runs at a time. Reports the achieved fps.
 *
 * @example
 * ```ts
 * const pacer = new FramePacer({
 *   render: (t) => animator.renderFrame(mixer.setTime(t), { out: pixels }),
 *   onFrame: (frame) => ctx.putImageData(new ImageData(frame.data, frame.width), 0, 0),
 * });
 * renderer.setAnimationLoop((ms) => pacer.request(ms / 1000)); // every display frame; never waits
 * console.log(pacer.stats.fps, pacer.stats.dropped);
 * ```
 */
export class FramePacer<T> {
  readonly #options: FramePacerOptions<T>;
  readonly #now: () => number;
  readonly #times: Float64Array;
  readonly #controller = new AbortController();
  #count = 0;
  #rendered = 0;
  #dropped = 0;
  #lastRenderMs = 0;
  #busy = false;
  #pending: number | undefined;
  #idleWaiters: (() => void)[] = [];
  #disposed = false;

  /** @param options - the render function, the frame callback, clock and averaging window. */
  constructor(options: FramePacerOptions<T>) {
    if (typeof options?.render !== 'function' || typeof options.onFrame !== 'function') {
      throw new PortraitRigError('INVALID_ARGUMENT', 'FramePacer needs { render, onFrame } functions.');
    }
    const window = options.fpsWindow ?? 30;
    if (!Number.isInteger(window) || window < 2) {
      throw new PortraitRigError('INVALID_ARGUMENT', `fpsWindow must be an integer ≥ 2 (got ${window}).`);
    }
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#times = new Float64Array(window);
  }

  /**
   * Asks for the frame at `time` (seconds). Returns at once: renders now when idle, else replaces the pending
   * request (the replaced one counts as dropped). Ignored after {@link FramePacer.dispose}.
   */
  request(time: number): void {
    if (this.#disposed) return;
    if (!Number.isFinite(time)) throw new PortraitRigError('INVALID_ARGUMENT', `FramePacer.request: time must be finite (got ${time}).`);
    if (this.#busy) {
      if (this.#pending !== undefined) this.#dropped += 1;
      this.#pending = time;
      return;
    }
    this.#start(time);
  }

  /** Current figures. */
  get stats(): FramePacerStats {
    const n = Math.min(this.#count, this.#times.length);
    let fps = 0;
    if (n >= 2) {
      const last = this.#times[(this.#count - 1) % this.#times.length]!;
      const first = this.#times[(this.#count - n) % this.#times.length]!;
      fps = last > first ? ((n - 1) * 1000) / (last - first) : 0;
    }
    return { fps, rendered: this.#rendered, dropped: this.#dropped, lastRenderMs: this.#lastRenderMs, busy: this.#busy };
  }

  /** Resolves once nothing renders and nothing is pending (e.g. before disposing what `render` uses). */
  idle(): Promise<void> {
    if (!this.#busy) return Promise.resolve();
    return new Promise((resolve) => { this.#idleWaiters.push(resolve); });
  }

  /** Stops: drops the pending request, aborts the running render's signal, ignores later requests. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pending = undefined;
    this.#controller.abort(new Error('FramePacer disposed'));
  }

  #start(time: number): void {
    this.#busy = true;
    const started = this.#now();
    let promise: Promise<T>;
    try {
      promise = this.#options.render(time, this.#controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then((frame) => {
      const done = this.#now();
      this.#lastRenderMs = done - started;
      if (this.#disposed) return;
      this.#times[this.#count % this.#times.length] = done;
      this.#count += 1;
      this.#rendered += 1;
      this.#options.onFrame(frame, time);
    }).catch((error: unknown) => {
      if (this.#disposed) return;
      (this.#options.onError ?? ((e: unknown) => { console.error(e); }))(error, time);
    }).finally(() => {
      const next = this.#pending;
      this.#pending = undefined;
      if (next !== undefined && !this.#disposed) {
        this.#start(next);
        return;
      }
      this.#busy = false;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}
