import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { atomicPath } from '../io/atomicPath.js';
import { loadSharp } from '../io/loadSharp.js';
import type { FrameSink } from './FrameSink.js';

/** Options for {@link AnimatedImageSink}. */
export interface AnimatedImageSinkOptions {
  /** Frame width in pixels. */
  readonly width: number;
  /** Frame height in pixels. */
  readonly height: number;
  /** Frames per second (GIF stores delays in 10 ms steps). */
  readonly fps: number;
  /** WebP quality 1..100; default 90. */
  readonly quality?: number;
}

/**
 * Collects frames in memory and writes an animated `.webp` or `.gif` (looping) with sharp on `finish`, atomically.
 * Needs no ffmpeg; memory grows with `width · height · 4` bytes per frame.
 */
export class AnimatedImageSink implements FrameSink {
  readonly path: string;
  readonly description: string;
  readonly #options: AnimatedImageSinkOptions;
  readonly #format: 'webp' | 'gif';
  #frames: Buffer[] = [];
  #state: 'open' | 'finished' | 'aborted' = 'open';

  /** @param path - final path ending in `.webp` or `.gif`. */
  constructor(path: string, options: AnimatedImageSinkOptions) {
    const ext = extname(path).toLowerCase();
    if (ext !== '.webp' && ext !== '.gif') {
      throw new PortraitRigError('INVALID_ARGUMENT', `an animated image must end in .webp or .gif (got "${path}").`);
    }
    this.path = path;
    this.#options = options;
    this.#format = ext === '.gif' ? 'gif' : 'webp';
    this.description = `animated ${this.#format} (sharp)`;
  }

  async write(frame: RgbaImage): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `cannot write to "${this.path}" after it was finished or aborted.`);
    if (frame.width !== this.#options.width || frame.height !== this.#options.height) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `frame is ${frame.width}×${frame.height} but the animation is ${this.#options.width}×${this.#options.height}.`);
    }
    this.#frames.push(Buffer.from(frame.data)); // copy: the caller may reuse its buffer
  }

  async finish(): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `"${this.path}" was already finished or aborted.`);
    this.#state = 'finished';
    const { width, height, fps } = this.#options;
    const count = this.#frames.length;
    if (count === 0) throw new PortraitRigError('INVALID_STATE', `no frames were written to "${this.path}".`);
    const sharp = await loadSharp();
    const all = Buffer.concat(this.#frames);
    this.#frames = [];
    const delay = Math.max(1, Math.round(1000 / fps));
    let pipeline = sharp(all, { raw: { width, height: height * count, channels: 4, pageHeight: height }, limitInputPixels: false });
    pipeline = this.#format === 'gif'
      ? pipeline.gif({ loop: 0, delay })
      : pipeline.webp({ loop: 0, delay, quality: this.#options.quality ?? 90 });
    const temp = atomicPath(this.path);
    try {
      await pipeline.toFile(temp);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async abort(): Promise<void> {
    this.#state = 'aborted';
    this.#frames = [];
  }
}
