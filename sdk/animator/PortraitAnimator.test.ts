import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXTURE_MODELS, fixtureDir, readParity, relativeL2, type FixtureModel } from '../../test/runtime/fixtureModels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { createRgbaImage } from '../image/createRgbaImage.js';
import { tensorToRgba } from '../image/tensorToRgba.js';
import { loadModelFromFolder } from '../node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../node/OrtNodeBackend.js';
import type { PortraitModel } from '../runtime/PortraitModel.js';
import { PortraitAnimator } from './PortraitAnimator.js';

const backend = new OrtNodeBackend({ threads: 1 });
const models = new Map<FixtureModel, PortraitModel>();

beforeAll(async () => {
  for (const name of FIXTURE_MODELS) models.set(name, await loadModelFromFolder(fixtureDir(name), { backend, device: 'cpu' }));
});
afterAll(async () => {
  for (const model of models.values()) await model.dispose();
  await backend.dispose();
});

/** A deterministic smooth test portrait at the model's resolution. */
function testImage(size: number, seed = 0): ReturnType<typeof createRgbaImage> {
  const image = createRgbaImage(size, size);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const p = (y * size + x) * 4;
      image.data[p] = 128 + 100 * Math.sin((x + seed) / 7);
      image.data[p + 1] = 128 + 100 * Math.cos((y - seed) / 9);
      image.data[p + 2] = (x * y + seed * 31) % 256;
    }
  }
  return image;
}

describe.each(FIXTURE_MODELS)('PortraitAnimator on %s', (name) => {
  const model = (): PortraitModel => models.get(name)!;

  it('matches the PyTorch reference (relative L2 < 1e-3) for the edited frame and the reconstruction', async () => {
    const { tensors, tolerance } = readParity(name);
    const animator = new PortraitAnimator(model());
    await animator.setSource(tensors.image!);
    expect(relativeL2(animator.sourceLatent!, tensors.z!)).toBeLessThan(tolerance);
    expect(relativeL2(animator.sourceAlpha!, tensors.alpha!)).toBeLessThan(tolerance);
    // the reference navigates to z + Q·alpha_edit; relative motion = alpha_edit − alpha_src
    const motion = new Float32Array(animator.motionDim);
    for (let i = 0; i < motion.length; i += 1) motion[i] = tensors.alpha_edit![i]! - animator.sourceAlpha![i]!;
    expect(relativeL2(animator.composeLatent(motion), tensors.z_nav!)).toBeLessThan(tolerance);
    expect(relativeL2(await animator.renderFrameTensor(motion), tensors.decoded!)).toBeLessThan(tolerance);
    expect(relativeL2(await animator.renderFrameTensor({}), tensors.recon!)).toBeLessThan(tolerance);
    // the RGBA path is the same frame rounded to 8 bits
    const frame = await animator.renderFrame(motion);
    const expected = tensorToRgba(tensors.decoded!, 64, 64, new Uint8ClampedArray(64 * 64 * 4));
    let worst = 0;
    for (let i = 0; i < expected.length; i += 1) worst = Math.max(worst, Math.abs(frame.data[i]! - expected[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    await animator.dispose();
  });

  it('encodes to the manifest shapes and renders RGBA at the model resolution', async () => {
    const animator = new PortraitAnimator(model());
    const m = model().manifest;
    await animator.setSource(testImage(m.resolution));
    expect(animator.sourceLatent).toHaveLength(m.styleDim);
    expect(animator.sourceAlpha).toHaveLength(m.motionDim);
    const frame = await animator.renderFrame();
    expect(frame.width).toBe(m.resolution);
    expect(frame.height).toBe(m.resolution);
    expect(frame.data).toBeInstanceOf(Uint8ClampedArray);
    expect(frame.data.length).toBe(m.resolution * m.resolution * 4);
    for (let i = 3; i < frame.data.length; i += 4) expect(frame.data[i]).toBe(255);
    await animator.dispose();
  });

  it('is deterministic: the same source and motion give identical pixels across animators', async () => {
    const a = new PortraitAnimator(model());
    const b = new PortraitAnimator(model());
    await a.setSource(testImage(64, 3));
    await b.setSource(testImage(64, 3));
    const motion = new Float32Array(a.motionDim).fill(0.1);
    const fa = await a.renderFrame(motion);
    const fb = await b.renderFrame(motion);
    const fa2 = await a.renderFrame(motion);
    expect(fb.data).toEqual(fa.data);
    expect(fa2.data).toEqual(fa.data);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('renderBatch equals frame-by-frame rendering (batch axis, including a partial last batch)', async () => {
    const animator = new PortraitAnimator(model(), { maxBatch: 3 });
    await animator.setSource(testImage(64, 5));
    const motions = Array.from({ length: 5 }, (_, k) => {
      const a = new Float32Array(animator.motionDim);
      a[k % animator.motionDim] = 0.5 * (k + 1);
      return a;
    });
    const seen: number[] = [];
    const batch = await animator.renderBatch(motions, { onFrame: (i) => seen.push(i) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    for (let k = 0; k < motions.length; k += 1) {
      const single = await animator.renderFrame(motions[k]);
      let worst = 0;
      for (let i = 0; i < single.data.length; i += 1) worst = Math.max(worst, Math.abs(single.data[i]! - batch[k]!.data[i]!));
      expect(worst, `frame ${k}`).toBeLessThanOrEqual(1); // batched kernels may round the last float bit differently
    }
    await animator.dispose();
  });

  it('changes pixels when a coefficient changes, and reuses the given output buffer', async () => {
    const animator = new PortraitAnimator(model());
    await animator.setSource(testImage(64, 7));
    const out = new Uint8ClampedArray(64 * 64 * 4);
    const neutral = (await animator.renderFrame({}, { out })).data.slice();
    const moved = await animator.renderFrame({ 'dict.0': 2 }, { out });
    expect(moved.data).toBe(out);
    let changed = 0;
    for (let i = 0; i < out.length; i += 1) if (out[i] !== neutral[i]) changed += 1;
    expect(changed).toBeGreaterThan(100);
    await animator.dispose();
  });

  it('setEdit shifts every later frame by the edited α', async () => {
    const animator = new PortraitAnimator(model());
    await animator.setSource(testImage(64, 9));
    const motion = new Float32Array(animator.motionDim);
    motion[1] = 0.7;
    const direct = await animator.renderFrameTensor(motion);
    animator.setEdit({ 'dict.1': 0.7 });
    expect(animator.editAlpha[1]).toBeCloseTo(0.7);
    expect(relativeL2(await animator.renderFrameTensor({}), direct)).toBeLessThan(1e-6);
    animator.setEdit(undefined);
    expect(relativeL2(await animator.renderFrameTensor(motion), direct)).toBeLessThan(1e-6);
    await animator.dispose();
  });
});

describe('PortraitAnimator channels and errors', () => {
  it('maps named channels through the calibration (liax-tiny head.yaw)', async () => {
    const model = models.get('liax-tiny')!;
    const animator = new PortraitAnimator(model);
    await animator.setSource(testImage(64, 1));
    const alpha = animator.composeAlpha({ 'head.yaw': 10 });
    const expected = animator.composeAlpha(undefined);
    animator.calibration.addAlpha({ 'head.yaw': 10 }, expected);
    expect(alpha).toEqual(expected);
    expect(alpha).not.toEqual(animator.sourceAlpha);
    const neutral = await animator.renderFrame({});
    const turned = await animator.renderFrame({ 'head.yaw': 10 });
    expect(turned.data).not.toEqual(neutral.data);
    await animator.dispose();
  });

  it('skips an unknown channel with one warning, and throws UNKNOWN_CHANNEL in strict mode', async () => {
    const model = models.get('liax-tiny')!;
    const onWarning = vi.fn();
    const lenient = new PortraitAnimator(model, { onWarning });
    await lenient.setSource(testImage(64));
    const a = await lenient.renderFrame({ 'tail.wag': 1 });
    await lenient.renderFrame({ 'tail.wag': 1 });
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect(onWarning.mock.calls[0]![0]).toMatchObject({ code: 'UNKNOWN_CHANNEL', channel: 'tail.wag' });
    expect(a.data).toEqual((await lenient.renderFrame({})).data);
    const strict = new PortraitAnimator(model, { strict: true });
    await strict.setSource(testImage(64));
    await expect(strict.renderFrame({ 'tail.wag': 1 })).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    await Promise.all([lenient.dispose(), strict.dispose()]);
  });

  it('resizes a source of another size, and rejects malformed images with BAD_IMAGE', async () => {
    const model = models.get('lia-tiny')!;
    const animator = new PortraitAnimator(model);
    await animator.setSource(testImage(150));
    expect(animator.hasSource).toBe(true);
    expect(() => animator.setSource({ width: 10, height: 10, data: new Uint8ClampedArray(300) })).toThrow(/RGBA data|4 bytes per pixel/);
    expect(() => animator.setSource(new Float32Array(12))).toThrow(PortraitRigError);
    await animator.dispose();
  });

  it('refuses to render before setSource (INVALID_STATE) and after dispose (DISPOSED)', async () => {
    const animator = new PortraitAnimator(models.get('lia-tiny')!);
    await expect(animator.renderFrame()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await animator.dispose();
    expect(() => animator.renderFrame()).toThrow(expect.objectContaining({ code: 'DISPOSED' }) as Error);
  });

  it('rejects a motion α of the wrong length and an aborted frame', async () => {
    const animator = new PortraitAnimator(models.get('lia-tiny')!);
    await animator.setSource(testImage(64));
    await expect(animator.renderFrame(new Float32Array(3))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const controller = new AbortController();
    controller.abort();
    await expect(animator.renderFrame({}, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    await animator.dispose();
  });

  it('measureAlpha returns the encoder α without changing the source', async () => {
    const animator = new PortraitAnimator(models.get('lia-tiny')!);
    const { tensors } = readParity('lia-tiny');
    await animator.setSource(testImage(64));
    const before = animator.sourceAlpha!;
    const measured = await animator.measureAlpha(tensors.image!);
    expect(relativeL2(measured, tensors.alpha!)).toBeLessThan(1e-3);
    expect(animator.sourceAlpha).toEqual(before);
    await animator.dispose();
  });
});
