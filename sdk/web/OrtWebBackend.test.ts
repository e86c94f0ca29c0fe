import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODELS, fixtureDir, readParity, relativeL2 } from '../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../animator/PortraitAnimator.js';
import { bytesModelSource } from '../runtime/bytesModelSource.js';
import { loadModel } from '../runtime/loadModel.js';
import { OrtWebBackend } from './OrtWebBackend.js';

// onnxruntime-web's WebAssembly backend runs in Node: the same code path browsers use without WebGPU
const backend = new OrtWebBackend({ threads: 1 });
afterAll(() => backend.dispose());

function filesOf(name: (typeof FIXTURE_MODELS)[number]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const f of ['manifest.json', 'encoder.onnx', 'decoder.onnx', 'dictionary.bin']) files[f] = readFileSync(path.join(fixtureDir(name), f));
  return files;
}

describe('OrtWebBackend (wasm, under Node)', () => {
  beforeAll(async () => {
    await backend.deviceSupport();
  });

  it('offers wasm, and webgpu only where there is an adapter', async () => {
    const support = await backend.deviceSupport();
    expect(support.available.at(-1)).toBe('wasm');
    expect(support.available).not.toContain('cpu');
    await expect(backend.createSession({ bytes: new Uint8Array() }, { device: 'cuda' }))
      .rejects.toMatchObject({ code: 'UNSUPPORTED_DEVICE', message: expect.stringContaining('"wasm"') as unknown });
  });

  it.each(FIXTURE_MODELS)('renders %s within relative L2 1e-3 of PyTorch through the animator', async (name) => {
    const { tensors, tolerance } = readParity(name);
    const model = await loadModel(bytesModelSource(filesOf(name)), { backend, device: 'wasm' });
    expect(model.device).toBe('wasm');
    const animator = new PortraitAnimator(model);
    await animator.setSource(tensors.image!);
    const motion = new Float32Array(animator.motionDim);
    for (let i = 0; i < motion.length; i += 1) motion[i] = tensors.alpha_edit![i]! - animator.sourceAlpha![i]!;
    expect(relativeL2(await animator.renderFrameTensor(motion), tensors.decoded!)).toBeLessThan(tolerance);
    expect(relativeL2(await animator.renderFrameTensor({}), tensors.recon!)).toBeLessThan(tolerance);
    await animator.dispose();
    await model.dispose();
  });

  it('serializes concurrent frames through its queue and keeps their order', async () => {
    const model = await loadModel(bytesModelSource(filesOf('lia-tiny')), { backend, device: 'wasm' });
    const animator = new PortraitAnimator(model);
    await animator.setSource(readParity('lia-tiny').tensors.image!);
    const motions = [0, 1, 2, 3].map((k) => { const a = new Float32Array(animator.motionDim); a[0] = k; return a; });
    const together = await Promise.all(motions.map((m) => animator.renderFrameTensor(m)));
    for (let k = 0; k < motions.length; k += 1) {
      expect(relativeL2(together[k]!, await animator.renderFrameTensor(motions[k]))).toBeLessThan(1e-6);
    }
    await animator.dispose();
    await model.dispose();
  });
});
