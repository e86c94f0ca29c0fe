import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, readParity, relativeL2 } from '../../test/runtime/fixtureModels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { DeviceFallbackEvent } from '../runtime/DeviceFallbackEvent.js';
import { OrtNodeBackend } from './OrtNodeBackend.js';

const backend = new OrtNodeBackend({ threads: 1 });
afterAll(() => backend.dispose());

describe('OrtNodeBackend', () => {
  it('lists cpu as available and never wasm (the onnxruntime-web device)', async () => {
    const support = await backend.deviceSupport();
    expect(support.backend).toBe('onnxruntime-node');
    expect(support.available).toContain('cpu');
    expect(support.available).not.toContain('wasm');
  });

  it('runs the lia-tiny encoder from a path and matches the PyTorch outputs', async () => {
    const { tensors, tolerance } = readParity('lia-tiny');
    const session = await backend.createSession({ path: path.join(fixtureDir('lia-tiny'), 'encoder.onnx') }, { device: 'cpu' });
    expect(session.device).toBe('cpu');
    expect(session.inputs.map((t) => t.name)).toEqual(['image']);
    expect(session.inputs[0]!.shape).toEqual(['batch', 3, 64, 64]);
    expect(session.outputs.map((t) => t.name)).toEqual(['z', 'alpha', 'feat0', 'feat1', 'feat2', 'feat3']);
    const out = await session.run({ image: { type: 'float32', data: tensors.image!, dims: [1, 3, 64, 64] } });
    for (const name of ['z', 'alpha', 'feat0', 'feat3']) {
      expect(relativeL2(await out[name]!.getData() as Float32Array, tensors[name]!)).toBeLessThan(tolerance);
    }
    for (const t of Object.values(out)) t.dispose();
    await session.dispose();
    await session.dispose(); // idempotent
  });

  it('computes only the outputs asked for (alpha alone, as motion capture reads it), with the same values', async () => {
    const { tensors, tolerance } = readParity('lia-tiny');
    const session = await backend.createSession({ path: path.join(fixtureDir('lia-tiny'), 'encoder.onnx') }, { device: 'cpu' });
    const out = await session.run({ image: { type: 'float32', data: tensors.image!, dims: [1, 3, 64, 64] } }, { outputs: ['alpha'] });
    expect(Object.keys(out)).toEqual(['alpha']);
    expect(relativeL2(await out.alpha!.getData() as Float32Array, tensors.alpha!)).toBeLessThan(tolerance);
    out.alpha!.dispose();
    await expect(session.run({ image: { type: 'float32', data: tensors.image!, dims: [1, 3, 64, 64] } }, { outputs: ['alfa'] }))
      .rejects.toMatchObject({ code: 'BACKEND_FAILURE', message: expect.stringContaining('alfa') as unknown });
    await session.dispose();
  });

  it('creates a session from bytes as well', async () => {
    const bytes = readFileSync(path.join(fixtureDir('liax-tiny'), 'decoder.onnx'));
    const session = await backend.createSession({ bytes }, { label: 'decoder.onnx' });
    expect(session.inputs.map((t) => t.name)[0]).toBe('z');
    await session.dispose();
  });

  it('rejects a run after dispose with DISPOSED', async () => {
    const session = await backend.createSession({ path: path.join(fixtureDir('lia-tiny'), 'encoder.onnx') });
    await session.dispose();
    await expect(session.run({})).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('refuses a device it cannot offer, listing the supported ones', async () => {
    const error = await backend.createSession({ path: path.join(fixtureDir('lia-tiny'), 'encoder.onnx') }, { device: 'wasm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortraitRigError);
    expect((error as PortraitRigError).code).toBe('UNSUPPORTED_DEVICE');
    expect((error as PortraitRigError).message).toMatch(/Supported devices for onnxruntime-node here: "auto", .*"cpu"/);
  });

  it('throws BACKEND_FAILURE with the file named for bytes that are not ONNX', async () => {
    await expect(backend.createSession({ bytes: new Uint8Array([1, 2, 3, 4]) }, { device: 'cpu', label: 'broken.onnx' }))
      .rejects.toMatchObject({ code: 'BACKEND_FAILURE', message: expect.stringContaining('broken.onnx') as unknown });
  });

  it('reports a fallback event when an auto device fails and the next one works', async () => {
    // webgpu is listed by this onnxruntime-node build but has no adapter on a GPU-less machine: auto (opted in) must
    // fall back to cpu and say so; where webgpu does work, the session simply runs on it
    const gpuBackend = new OrtNodeBackend({ threads: 1, autoWebGpu: true });
    const support = await gpuBackend.deviceSupport();
    const events: DeviceFallbackEvent[] = [];
    const session = await gpuBackend.createSession({ path: path.join(fixtureDir('lia-tiny'), 'encoder.onnx') },
      { onFallback: (e) => events.push(e), label: 'encoder.onnx' });
    const tried = support.available.slice(0, support.available.indexOf(session.device));
    expect(events.map((e) => e.from)).toEqual(tried);
    for (const e of events) expect(e).toMatchObject({ type: 'device-fallback', file: 'encoder.onnx' });
    await gpuBackend.dispose();
    await expect(session.run({})).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
