/**
 * A one-line progress bar for stderr: redrawn in place on a terminal, one line per 10 % otherwise (logs, CI).
 * @internal
 */
export class ProgressBar {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly #total: number;
  readonly #label: string;
  readonly #started = Date.now();
  #lastDecile = -1;

  constructor(stream: NodeJS.WritableStream, total: number, label: string) {
    this.#stream = stream;
    this.#total = Math.max(1, total);
    this.#label = label;
  }

  /** Shows `done` of `total` (with fps and time left). */
  update(done: number): void {
    const fraction = Math.min(1, done / this.#total);
    const seconds = (Date.now() - this.#started) / 1000;
    const fps = seconds > 0 ? done / seconds : 0;
    const eta = fps > 0 ? (this.#total - done) / fps : 0;
    const stats = `${done}/${this.#total} ${this.#label} ${Math.round(fraction * 100)}% ${fps.toFixed(1)} fps` +
      (done < this.#total && fps > 0 ? ` ${Math.ceil(eta)} s left` : '');
    if (this.#stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      this.#stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}\x1b[K`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.#lastDecile) {
      this.#lastDecile = decile;
      this.#stream.write(`${stats}\n`);
    }
  }

  /** Ends the line on a terminal. */
  finish(): void {
    if (this.#stream.isTTY) this.#stream.write('\n');
  }
}
