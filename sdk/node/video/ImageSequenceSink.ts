import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { writeImage } from '../io/writeImage.js';
import type { FrameSink } from './FrameSink.js';

/**
 * Writes numbered PNG frames (`frame_00000.png`, …) into a folder: first into a hidden temp folder inside it, moved
 * into place on `finish`, deleted on `abort`. Refuses a folder that already holds frames of that name.
 */
export class ImageSequenceSink implements FrameSink {
  readonly path: string;
  readonly description = 'png sequence';
  #temp: string | undefined;
  #count = 0;
  #state: 'open' | 'finished' | 'aborted' = 'open';

  /** @param dir - the output folder (created when missing). */
  constructor(dir: string) {
    this.path = dir;
  }

  /** Name of frame `index`. */
  static frameName(index: number): string {
    return `frame_${String(index).padStart(5, '0')}.png`;
  }

  async write(frame: RgbaImage): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `cannot write to "${this.path}" after it was finished or aborted.`);
    if (!this.#temp) {
      await mkdir(this.path, { recursive: true });
      const clash = (await readdir(this.path)).find((name) => /^frame_\d{5}\.png$/.test(name));
      if (clash) {
        throw new PortraitRigError('INVALID_ARGUMENT',
          `output folder "${this.path}" already holds frames (${clash}); choose an empty folder or delete them.`);
      }
      this.#temp = await mkdtemp(join(this.path, '.partial-'));
    }
    await writeImage(join(this.#temp, ImageSequenceSink.frameName(this.#count)), frame);
    this.#count += 1;
  }

  async finish(): Promise<void> {
    if (this.#state !== 'open') throw new PortraitRigError('INVALID_STATE', `"${this.path}" was already finished or aborted.`);
    this.#state = 'finished';
    if (!this.#temp) throw new PortraitRigError('INVALID_STATE', `no frames were written to "${this.path}".`);
    for (let i = 0; i < this.#count; i += 1) {
      const name = ImageSequenceSink.frameName(i);
      await rename(join(this.#temp, name), join(this.path, name));
    }
    await rm(this.#temp, { recursive: true, force: true });
    this.#temp = undefined;
  }

  async abort(): Promise<void> {
    this.#state = 'aborted';
    if (this.#temp) await rm(this.#temp, { recursive: true, force: true });
    this.#temp = undefined;
  }
}
