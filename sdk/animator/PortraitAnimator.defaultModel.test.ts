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
const regions = present
  ? (JSON.parse(readFileSync(path.join(dir, 'samples', 'regions.json'), 'utf8')) as { boxes: Record<string, Record<string, Box>> }).boxes
  : {};

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

/** Share of the absolute change between `a` and `b` that lies inside `boxes` (each widened by `pad` pixels). */
function shareInside(a: RgbaImage, b: RgbaImage, boxes: Box[], pad: number): { share: number; area: number } {
  let inside = 0;
  let total = 0;
  let pixels = 0;
  for (let y = 0; y < a.height; y += 1) {
    for (let x = 0; x < a.width; x += 1) {
      const p = (y * a.width + x) * 4;
      const d = Math.abs(a.data[p]! - b.data[p]!) + Math.abs(a.data[p + 1]! - b.data[p + 1]!) + Math.abs(a.data[p + 2]! - b.data[p + 2]!);
      const hit = boxes.some(([x0, y0, x1, y1]) => x >= x0 - pad && x < x1 + pad && y >= y0 - pad && y < y1 + pad);
      total += d;
      if (hit) { inside += d; pixels += 1; }
    }
  }
  return { share: inside / Math.max(total, 1e-9), area: pixels / (a.width * a.height) };
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

  // "Mostly in its own region" (issue #4): more than half of the change inside the region's box. The bundled
  // rig-tiny met it for mouth.open from step 22,500 (53 % on this portrait; 50 % at 20,000, a strict expected
  // failure until then).
  const localChannels: { channel: string; value: number; boxes: string[] }[] = [
    { channel: 'mouth.open', value: 0.9, boxes: ['mouth'] },
    { channel: 'eyes.blink', value: 1, boxes: ['left_eye', 'right_eye'] },
  ];
  for (const { channel, value, boxes } of localChannels) {
    it(`${channel} changes mostly its own region (${boxes.join(', ')})`, async () => {
      const own = regions['avatar-1.png']!;
      const rest = await animator.renderFrame({});
      const restCopy = { ...rest, data: Uint8ClampedArray.from(rest.data) };
      const moved = await animator.renderFrame({ [channel]: value });
      const { share, area } = shareInside(restCopy, moved, boxes.map((b) => own[b]!), 4);
      console.log(`[default model] ${channel} = ${value}: ${(100 * share).toFixed(0)} % of the change inside ${boxes.join(' + ')} ` +
        `(${(100 * area).toFixed(0)} % of the image)`);
      expect(share).toBeGreaterThan(0.5);
    });
  }

  it('head.yaw moves the whole head, not only the eyes and mouth', async () => {
    const own = regions['avatar-1.png']!;
    const rest = await animator.renderFrame({});
    const restCopy = { ...rest, data: Uint8ClampedArray.from(rest.data) };
    const { share } = shareInside(restCopy, await animator.renderFrame({ 'head.yaw': 25 }), [own.mouth!, own.left_eye!, own.right_eye!], 4);
    expect(share).toBeLessThan(0.6);
  });
});
