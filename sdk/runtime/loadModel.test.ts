import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, fixtureDir } from '../../test/runtime/fixtureModels.js';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { loadModelFromFolder } from '../node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../node/OrtNodeBackend.js';
import { bytesModelSource } from './bytesModelSource.js';
import { loadModel } from './loadModel.js';
import type { ModelLoadProgress } from './ModelLoadProgress.js';

const backend = new OrtNodeBackend({ threads: 1 });
afterAll(() => backend.dispose());

function editManifest(dir: string, edit: (m: Record<string, any>) => void): void {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PortraitRigError);
  return { code: (error as PortraitRigError).code, message: (error as PortraitRigError).message };
}

describe('loadModel', () => {
  it('loads both fixture families from a folder with ordered progress events', async () => {
    for (const name of ['lia-tiny', 'liax-tiny'] as const) {
      const events: ModelLoadProgress[] = [];
      const model = await loadModelFromFolder(fixtureDir(name), { backend, device: 'cpu', onProgress: (e) => events.push(e) });
      expect(model.manifest.id).toBe(name);
      expect(model.device).toBe('cpu');
      expect(model.dictionary.length).toBe(model.manifest.styleDim * model.manifest.motionDim);
      expect(model.maxBatch).toBe(Infinity);
      const files = events.filter((e) => e.status === 'done').map((e) => (e as { file: string }).file);
      expect(files).toEqual(['manifest.json', 'dictionary.bin', 'decoder.onnx', 'encoder.onnx']);
      for (const file of files) {
        const forFile = events.filter((e) => 'file' in e && e.file === file).map((e) => e.status);
        expect(forFile[0]).toBe('initiate');
        expect(forFile.at(-1)).toBe('done');
      }
      expect(events.at(-1)).toEqual({ status: 'ready', model: name, device: 'cpu' });
      await model.dispose();
      expect(model.disposed).toBe(true);
    }
  });

  it('loads from bytes (the browser path without a folder) with the same dictionary', async () => {
    const dir = fixtureDir('liax-tiny');
    const files: Record<string, Uint8Array> = {};
    for (const f of ['manifest.json', 'encoder.onnx', 'decoder.onnx', 'dictionary.bin']) files[f] = readFileSync(path.join(dir, f));
    const model = await loadModel(bytesModelSource(files, 'liax in memory'), { backend });
    const fromFolder = await loadModelFromFolder(dir, { backend });
    expect(model.dictionary).toEqual(fromFolder.dictionary);
    expect(model.source).toBe('liax in memory');
    await Promise.all([model.dispose(), fromFolder.dispose()]);
  });

  it('MODEL_FILE_MISSING names the missing ONNX file and the folder', async () => {
    const dir = copyFixture('lia-tiny');
    rmSync(path.join(dir, 'decoder.onnx'));
    const { code, message } = await codeOf(loadModelFromFolder(dir, { backend }));
    expect(code).toBe('MODEL_FILE_MISSING');
    expect(message).toContain('"decoder.onnx"');
    expect(message).toContain(dir);
  });

  it('MODEL_FILE_MISSING says a folder without manifest.json is not a model folder', async () => {
    const { code, message } = await codeOf(loadModelFromFolder(path.join(fixtureDir('lia-tiny'), 'nope'), { backend }));
    expect(code).toBe('MODEL_FILE_MISSING');
    expect(message).toMatch(/is not a model folder: manifest.json is missing/);
  });

  it('MANIFEST_MISMATCH when the manifest names an output the encoder graph does not have', async () => {
    const dir = copyFixture('lia-tiny');
    editManifest(dir, (m) => {
      m.files.encoder.outputs[1].name = 'alpha_renamed';
    });
    const { code, message } = await codeOf(loadModelFromFolder(dir, { backend }));
    expect(code).toBe('MANIFEST_MISMATCH');
    expect(message).toContain('"alpha_renamed" (alpha) is not an output of encoder.onnx');
    expect(message).toContain('encoder.onnx has output "alpha" that files.encoder.outputs does not list');
  });

  it('MANIFEST_MISMATCH when a feature shape disagrees with the graph', async () => {
    const dir = copyFixture('lia-tiny');
    editManifest(dir, (m) => {
      m.files.encoder.outputs[2].shape = ['batch', 12, 8, 8];
      m.files.decoder.inputs[1].shape = ['batch', 12, 8, 8];
    });
    const { code, message } = await codeOf(loadModelFromFolder(dir, { backend }));
    expect(code).toBe('MANIFEST_MISMATCH');
    expect(message).toContain('"feat0": shape ["batch", 12, 8, 8] but the graph\'s is ["batch", 16, 8, 8]');
  });

  it('MANIFEST_MISMATCH when motionDim disagrees with dictionary.bin', async () => {
    const dir = copyFixture('lia-tiny');
    truncateSync(path.join(dir, 'dictionary.bin'), 32 * 19 * 4);
    const { code, message } = await codeOf(loadModelFromFolder(dir, { backend }));
    expect(code).toBe('MANIFEST_MISMATCH');
    expect(message).toContain('dictionary.bin has 2432 bytes but styleDim 32 × motionDim 20 float32 needs 2560');
  });

  it('MANIFEST_MISMATCH (from the manifest parser) for a manifest that is not JSON', async () => {
    const dir = copyFixture('lia-tiny');
    writeFileSync(path.join(dir, 'manifest.json'), '{ "format": ');
    const { code, message } = await codeOf(loadModelFromFolder(dir, { backend }));
    expect(code).toBe('MANIFEST_MISMATCH');
    expect(message).toContain('manifest.json');
  });

  it('ABORTED before any file is read when the signal has fired, and releases sessions when aborted late', async () => {
    const early = new AbortController();
    early.abort();
    expect((await codeOf(loadModelFromFolder(fixtureDir('lia-tiny'), { backend, signal: early.signal }))).code).toBe('ABORTED');
    const late = new AbortController();
    const promise = loadModelFromFolder(fixtureDir('lia-tiny'), {
      backend, signal: late.signal,
      onProgress: (e) => { if (e.status === 'initiate' && e.file === 'encoder.onnx') late.abort(); },
    });
    expect((await codeOf(promise)).code).toBe('ABORTED');
  });

  it('UNSUPPORTED_DEVICE for a device the backend cannot offer', async () => {
    const { code, message } = await codeOf(loadModelFromFolder(fixtureDir('lia-tiny'), { backend, device: 'coreml' }));
    expect(code).toBe('UNSUPPORTED_DEVICE');
    expect(message).toContain('"cpu"');
  });
});
