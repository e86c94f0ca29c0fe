import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir } from '../node/defaultModelDir.js';
import { readImage } from '../node/io/readImage.js';
import { loadModelFromFolder } from '../node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../node/OrtNodeBackend.js';
import type { RgbaImage } from '../image/RgbaImage.js';
import type { PortraitModel } from '../runtime/PortraitModel.js';
import { PortraitAnimator } from './PortraitAnimator.js';

// The animator on the bundled default model (models/rig-tiny; PORTRAIT_RIG_TEST_MODEL=<folder> tries another export
// of it). Pins what a user of the trained model relies on: shapes, determinism, batches, rest = the source, and each
// channel moving its own part of the face (regions from the renderer's geometry, samples/regions.json).
const dir = process.env.PORTRAIT_RIG_TEST_MODEL ?? defaultModelDir();
const present = existsSync(path.join(dir, 'manifest.json'));
type Box = [number, number, number, number];
type Span = [number, number, number];
interface SampleRegions {
  boxes: Record<string, Record<string, Box>>;
  changes?: Record<string, Record<string, { value: number; spans: Span[] }>>;
}
const regions: SampleRegions = present
  ? (JSON.parse(readFileSync(path.join(dir, 'samples', 'regions.json'), 'utf8')) as SampleRegions)
  : { boxes: {}, changes: {} };
const avatarSamples = Object.keys(regions.boxes);

/** PSNR in dB over the RGB channels of two RGBA images. */
function psnr(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 1) {
    if (i % 4 === 3) continue;
    sum += (a.data[i]! - b.data[i]!) ** 2;
    n += 1;
  }
  return 10 * Math.log10((255 * 255) / Math.max(sum / n, 1e-10));
}

/** Pixel mask (row-major, width × height) of `boxes`, each widened by `pad` pixels, and of the pixels in `spans`. */
function regionMask(width: number, height: number, boxes: Box[], pad: number, spans: Span[] = []): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of boxes) {
    for (let y = Math.max(0, y0 - pad); y < Math.min(height, y1 + pad); y += 1) {
      mask.fill(1, y * width + Math.max(0, x0 - pad), y * width + Math.min(width, x1 + pad));
    }
  }
  for (const [y, x0, x1] of spans) mask.fill(1, y * width + x0, y * width + x1);
  return mask;
}

/** Share of the absolute change between `a` and `b` that lies inside `mask`. */
function shareInside(a: RgbaImage, b: RgbaImage, mask: Uint8Array): number {
  let inside = 0;
  let total = 0;
  for (let i = 0; i < mask.length; i += 1) {
    const p = i * 4;
    const d = Math.abs(a.data[p]! - b.data[p]!) + Math.abs(a.data[p + 1]! - b.data[p + 1]!) + Math.abs(a.data[p + 2]! - b.data[p + 2]!);
    total += d;
    if (mask[i]) inside += d;
  }
  return inside / Math.max(total, 1e-9);
}

describe.skipIf(!present)(`PortraitAnimator on the default model (${path.basename(dir)})`, () => {
  const backend = new OrtNodeBackend({ threads: 2 });
  let model: PortraitModel;
  let source: RgbaImage;
  let animator: PortraitAnimator;

  beforeAll(async () => {
    model = await loadModelFromFolder(dir, { backend, device: 'cpu' });
    source = await readImage(path.join(dir, 'samples', 'avatar-1.png'));
    animator = new PortraitAnimator(model);
    await animator.setSource(source);
  }, 60_000);
  afterAll(async () => {
    await animator?.dispose();
    await model?.dispose();
    await backend.dispose();
  });

  it('encodes to the manifest shapes and renders RGBA at 128², the same frame every time', async () => {
    expect(model.manifest.id).toBe('rig-tiny');
    expect(animator.sourceLatent).toHaveLength(model.manifest.styleDim);
    expect(animator.sourceAlpha).toHaveLength(model.manifest.motionDim);
    const a = await animator.renderFrame({ 'head.yaw': 15, 'mouth.open': 0.5 });
    const copy = Uint8ClampedArray.from(a.data);
    const b = await animator.renderFrame({ 'head.yaw': 15, 'mouth.open': 0.5 });
    expect([a.width, a.height, a.data.length]).toEqual([128, 128, 128 * 128 * 4]);
    expect(b.data).toEqual(copy);
  });

  it('a batch of frames equals the same frames rendered one by one', async () => {
    const inputs: Record<string, number>[] = [{ 'head.yaw': -20 }, { 'head.pitch': 10, 'eyes.blink': 1 }, { 'mouth.smile': 0.8 }];
    const batch = await animator.renderBatch(inputs);
    for (const [i, input] of inputs.entries()) {
      const single = await animator.renderFrame(input);
      let worst = 0;
      for (let k = 0; k < single.data.length; k += 1) worst = Math.max(worst, Math.abs(single.data[k]! - batch[i]!.data[k]!));
      expect(worst, `frame ${i}`).toBeLessThanOrEqual(1);
    }
  });

  it('at rest (every channel neutral) it returns the source: PSNR ≥ 30 dB', async () => {
    const rest = await animator.renderFrame({});
    const value = psnr(rest, source);
    console.log(`[default model] rest vs source: ${value.toFixed(2)} dB`);
    expect(value).toBeGreaterThanOrEqual(30);
  });

  // "Mostly in its own region" (issue #4; measured as issue #5's report does): over the four sample avatars, more
  // than half of the change inside the channel's region: its feature boxes (4 px wider) plus every pixel the renderer
  // itself changes at that value (samples/regions.json `changes`; an opening mouth also moves the jaw and chin, which
  // hold about 30 % of the renderer's own change outside the mouth's box).
  const localChannels: { channel: string; boxes: string[] }[] = [
    { channel: 'mouth.open', boxes: ['mouth'] },
    { channel: 'eyes.blink', boxes: ['left_eye', 'right_eye'] },
  ];
  for (const { channel, boxes } of localChannels) {
    it(`${channel} changes mostly its own region (${boxes.join(', ')} and where the renderer changes them)`, async () => {
      const sampleAnimator = new PortraitAnimator(model);
      const shares: number[] = [];
      try {
        for (const name of avatarSamples) {
          const change = regions.changes?.[name]?.[channel];
          expect(change, `${name}: samples/regions.json has no "changes" for ${channel}; re-package the model ` +
            '(models/tools/package_rig_tiny.py)').toBeDefined();
          const { value, spans } = change!;
          await sampleAnimator.setSource(await readImage(path.join(dir, 'samples', name)));
          const rest = await sampleAnimator.renderFrame({});
          const restCopy = { ...rest, data: Uint8ClampedArray.from(rest.data) };
          const moved = await sampleAnimator.renderFrame({ [channel]: value });
          const mask = regionMask(moved.width, moved.height, boxes.map((b) => regions.boxes[name]![b]!), 4, spans);
          shares.push(shareInside(restCopy, moved, mask));
        }
      } finally {
        await sampleAnimator.dispose();
      }
      const mean = shares.reduce((sum, s) => sum + s, 0) / shares.length;
      console.log(`[default model] ${channel}: ${(100 * mean).toFixed(0)} % of the change in its own region ` +
        `(per sample: ${shares.map((s) => (100 * s).toFixed(0)).join(', ')} %)`);
      expect(shares).toHaveLength(4);
      expect(mean).toBeGreaterThan(0.5);
    });
  }

  it('head.yaw moves the whole head, not only the eyes and mouth', async () => {
    const own = regions.boxes['avatar-1.png']!;
    const rest = await animator.renderFrame({});
    const restCopy = { ...rest, data: Uint8ClampedArray.from(rest.data) };
    const moved = await animator.renderFrame({ 'head.yaw': 25 });
    const share = shareInside(restCopy, moved, regionMask(moved.width, moved.height, [own.mouth!, own.left_eye!, own.right_eye!], 4));
    expect(share).toBeLessThan(0.6);
  });
});
