/**
 * `portrait-rig convert` end to end: tiny random-weight checkpoints in the official layouts are generated at test time
 * (make_test_checkpoints.py, with portrait_rig_tools), converted by the real Python exporter, loaded with the SDK in
 * onnxruntime-node and compared with the PyTorch reference outputs of the same seeded generators
 * (test/fixtures/models/*\/parity.*). Needs /usr/bin/python3 with torch and onnx (or PORTRAIT_RIG_PYTHON).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParity, relativeL2, repoRoot, type FixtureModel } from '../../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../animator/PortraitAnimator.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { bytesModelSource } from '../../runtime/bytesModelSource.js';
import { loadModel } from '../../runtime/loadModel.js';
import type { PortraitModel } from '../../runtime/PortraitModel.js';
import { loadModelFromFolder } from '../loadModelFromFolder.js';
import { OrtNodeBackend } from '../OrtNodeBackend.js';
import type { ConvertProgressEvent } from './ConvertProgressEvent.js';
import { convertCheckpoint } from './convertCheckpoint.js';
import { findPython, type PythonInfo } from './findPython.js';
import { runCliInProcess, type CliRun } from '../../../test/support/runCliInProcess.js';

/**
 * fp16 vs fp32 tolerance (relative L2 of the decoded image, and of z and α) stated in models/README.md. Measured on
 * these fixtures and on a random LIA-X at 128²: 7.6e-4 … 1.9e-3 (float16 rounds to 2^-11 ≈ 4.9e-4 per value).
 */
const FP16_TOLERANCE = 5e-3;
/** float32 conversion vs the PyTorch reference (the fixtures' own tolerance is 1e-3; conversion is exact to ~1e-6). */
const FP32_TOLERANCE = 1e-5;

const PYTHON = process.env.PORTRAIT_RIG_PYTHON ?? '/usr/bin/python3';
const backend = new OrtNodeBackend({ threads: 1 });
let dir = '';
let ckpt: Record<string, string> = {};
let python: PythonInfo;

const cli = (argv: string[], options: { signal?: AbortSignal; onStderr?: (text: string) => void } = {}): Promise<CliRun> =>
  runCliInProcess(argv, dir, options);

/** Entries of `folder` that a conversion might leave behind (hidden work folders, partial outputs). */
const hidden = (folder: string): string[] => readdirSync(folder).filter((n) => n.startsWith('.'));

/** Live processes whose command line mentions `needle` (a cancelled exporter must be gone); Linux /proc. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  if (!existsSync('/proc/self/cmdline')) return found;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(needle)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Encodes the parity image, navigates to the reference z_nav and decodes: the three outputs to compare. */
async function referenceRun(model: PortraitModel, fixture: FixtureModel): Promise<{ z: Float32Array; alpha: Float32Array; decoded: Float32Array }> {
  const { tensors } = readParity(fixture);
  const animator = new PortraitAnimator(model, { onWarning: () => undefined });
  await animator.setSource(tensors.image!);
  const motion = new Float32Array(animator.motionDim);
  for (let i = 0; i < motion.length; i += 1) motion[i] = tensors.alpha_edit![i]! - animator.sourceAlpha![i]!;
  const decoded = await animator.renderFrameTensor(motion);
  const result = { z: animator.sourceLatent!, alpha: animator.sourceAlpha!, decoded };
  await animator.dispose();
  return result;
}

/** A deterministic image tensor and motion for models without a PyTorch reference (the 128² LIA-X). */
async function patternRun(model: PortraitModel): Promise<{ z: Float32Array; alpha: Float32Array; decoded: Float32Array }> {
  const r = model.resolution;
  const image = new Float32Array(3 * r * r);
  for (let c = 0; c < 3; c += 1) {
    for (let i = 0; i < r * r; i += 1) image[c * r * r + i] = 0.8 * Math.sin((i % r) / (5 + c) + Math.floor(i / r) / 11);
  }
  const animator = new PortraitAnimator(model, { onWarning: () => undefined });
  await animator.setSource(image);
  const motion = new Float32Array(animator.motionDim).map((_, i) => 0.3 * Math.sin(i * 1.7));
  const decoded = await animator.renderFrameTensor(motion);
  const result = { z: animator.sourceLatent!, alpha: animator.sourceAlpha!, decoded };
  await animator.dispose();
  return result;
}

async function withModel<T>(folder: string, use: (model: PortraitModel) => Promise<T>): Promise<T> {
  const model = await loadModelFromFolder(folder, { backend, device: 'cpu' });
  try {
    return await use(model);
  } finally {
    await model.dispose();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-convert-'));
  const made = spawnSync(PYTHON, [path.join(repoRoot, 'sdk/node/convert/make_test_checkpoints.py'), path.join(dir, 'ckpt')], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'models/tools'), PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1' },
  });
  expect(made.status, made.stderr).toBe(0);
  ckpt = JSON.parse(made.stdout) as Record<string, string>;
  python = await findPython();
}, 120_000);

afterAll(async () => {
  await backend.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('portrait-rig convert: official layouts end to end', () => {
  it('converts a LIA checkpoint ({gen, dis, optimizers, argparse.Namespace}) into a model that reproduces PyTorch, with license notice and progress', async () => {
    const out = path.join(dir, 'models', 'lia');
    const run = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!, '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('CC BY-NC 4.0');
    expect(run.stderr).toContain('non-commercial');
    expect(run.stderr).toMatch(/\[1\/10\] reading lia\.pt \(restricted unpickler\) …/);
    expect(run.stderr).toMatch(/\[6\/10\] tracing the decoder into ONNX \(opset 17\): done in/);
    expect(run.stderr).toMatch(/\[10\/10\] loading the model in onnxruntime-node and decoding a gray image: done in/);
    expect(run.stdout).toMatch(/model\s+lia: lia, 64×64, styleDim 32, motionDim 20/);
    expect(run.stdout).toMatch(/checkpoint layout: dict-with-gen/);
    expect(run.stdout).toMatch(/license\s+CC-BY-NC-4\.0: .*non-commercial/);
    expect(readdirSync(out).sort()).toEqual(['decoder.onnx', 'dictionary.bin', 'encoder.onnx', 'manifest.json']);
    expect(hidden(path.dirname(out))).toEqual([]);

    const { tensors } = readParity('lia-tiny');
    await withModel(out, async (model) => {
      expect(model.manifest.license.spdx).toBe('CC-BY-NC-4.0');
      expect(model.manifest.family).toBe('lia');
      expect(Object.keys(model.manifest.channels)).toEqual([]);
      const got = await referenceRun(model, 'lia-tiny');
      expect(relativeL2(got.z, tensors.z!)).toBeLessThan(FP32_TOLERANCE);
      expect(relativeL2(got.alpha, tensors.alpha!)).toBeLessThan(FP32_TOLERANCE);
      expect(relativeL2(got.decoded, tensors.decoded!)).toBeLessThan(FP32_TOLERANCE);
    });
  });

  it('converts a LIA-X raw state_dict (API) into a model that reproduces PyTorch, with the unverified official channel map', async () => {
    const events: ConvertProgressEvent[] = [];
    const result = await convertCheckpoint({
      checkpoint: ckpt['lia-x']!, out: path.join(dir, 'models', 'lia-x'), family: 'lia-x', threads: 1, python,
      onProgress: (e) => events.push(e),
    });
    expect(result.layout).toBe('state_dict');
    expect(result.precision).toBe('float32');
    expect(result.validation?.device).toBe('cpu');
    expect(events.map((e) => `${e.stage}:${e.status}`)).toEqual(['load', 'sample', 'export-encoder', 'save-encoder', 'check-encoder',
      'export-decoder', 'save-decoder', 'check-decoder', 'write', 'validate'].flatMap((s) => [`${s}:start`, `${s}:done`]));
    expect(events.every((e) => e.count === 10)).toBe(true);
    const channels = result.manifest.channels;
    expect(Object.keys(channels)).toHaveLength(14);
    expect(channels['head.yaw']).toMatchObject({ unit: 'coefficient', verified: false, terms: [{ index: 37 }] });
    const { tensors } = readParity('liax-tiny');
    await withModel(result.outDir, async (model) => {
      const got = await referenceRun(model, 'liax-tiny');
      expect(relativeL2(got.z, tensors.z!)).toBeLessThan(FP32_TOLERANCE);
      expect(relativeL2(got.decoded, tensors.decoded!)).toBeLessThan(FP32_TOLERANCE);
    });
  });

  it('forced external data: the weights go to <graph>.onnx.data, the manifest lists them, and the folder loads from disk and from bytes', async () => {
    const out = path.join(dir, 'models', 'lia-x-external');
    const result = await convertCheckpoint({
      checkpoint: ckpt['lia-x']!, out, family: 'lia-x', externalData: 'always', threads: 1, python, validate: false,
    });
    expect(Object.keys(result.files).sort()).toEqual(['decoder.onnx', 'decoder.onnx.data', 'dictionary.bin', 'encoder.onnx',
      'encoder.onnx.data', 'manifest.json']);
    expect(result.manifest.files.decoder.externalData).toEqual(['decoder.onnx.data']);
    expect(result.files['decoder.onnx.data']!).toBeGreaterThan(result.files['decoder.onnx']!);
    const { tensors } = readParity('liax-tiny');
    await withModel(out, async (model) => {
      expect(relativeL2((await referenceRun(model, 'liax-tiny')).decoded, tensors.decoded!)).toBeLessThan(FP32_TOLERANCE);
    });
    // the browser-style path: every file as bytes (onnxruntime-node stages the external data in a temp folder)
    const files: Record<string, Uint8Array> = {};
    for (const name of Object.keys(result.files)) files[name] = readFileSync(path.join(out, name));
    const model = await loadModel(bytesModelSource(files), { backend, device: 'cpu' });
    try {
      expect(relativeL2((await referenceRun(model, 'liax-tiny')).decoded, tensors.decoded!)).toBeLessThan(FP32_TOLERANCE);
    } finally {
      await model.dispose();
    }
  });

  it('--overwrite replaces an existing model folder; without it the folder is refused and left untouched', async () => {
    const out = path.join(dir, 'models', 'existing');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const refused = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; .*--overwrite/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    const replaced = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!, '--out', out, '--overwrite', '--no-validate', '--threads', '1']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['decoder.onnx', 'dictionary.bin', 'encoder.onnx', 'manifest.json']);
    expect(replaced.stdout).toContain('check       skipped (--no-validate)');
    expect(hidden(path.dirname(out))).toEqual([]);
  });
});

describe('portrait-rig convert --fp16', () => {
  const pairs: [string, string, FixtureModel | undefined][] = [['lia', 'lia', 'lia-tiny'], ['lia-x', 'lia-x', 'liax-tiny'], ['liax-128', 'lia-x', undefined]];
  const measured: string[] = [];
  afterAll(() => console.log(`fp16 vs fp32 relative L2 (decoded image): ${measured.join('; ')}`));

  it.each(pairs)('%s: the float16 model loads, keeps float32 I/O and matches float32 within the stated tolerance (the 128² decoder file halves)', async (name, family, fixture) => {
    const common = { checkpoint: ckpt[name]!, family: family as 'lia' | 'lia-x', threads: 1, python, validate: false };
    const fp32 = await convertCheckpoint({ ...common, out: path.join(dir, 'fp16', `${name}-fp32`) });
    const fp16 = await convertCheckpoint({ ...common, out: path.join(dir, 'fp16', `${name}-fp16`), fp16: true });
    expect(fp16.precision).toBe('float16');
    expect(fp16.manifest.files.decoder.dtype).toBe('float32');
    expect((fp16.manifest.provenance as { precision: { weights: string; io: string } }).precision).toMatchObject({ weights: 'float16', io: 'float32' });
    if (name === 'liax-128') {
      // weights dominate at 128²: the decoder file roughly halves
      expect(fp16.files['decoder.onnx']! / fp32.files['decoder.onnx']!).toBeLessThan(0.55);
    }
    const run = fixture ? (m: PortraitModel) => referenceRun(m, fixture) : patternRun;
    const a = await withModel(fp32.outDir, run);
    const b = await withModel(fp16.outDir, run);
    const decodedError = relativeL2(b.decoded, a.decoded);
    measured.push(`${name} ${decodedError.toExponential(2)} (z ${relativeL2(b.z, a.z).toExponential(2)})`);
    expect(decodedError).toBeLessThan(FP16_TOLERANCE);
    expect(relativeL2(b.z, a.z)).toBeLessThan(FP16_TOLERANCE);
    expect(relativeL2(b.alpha, a.alpha)).toBeLessThan(FP16_TOLERANCE);
    expect(decodedError).toBeGreaterThan(0); // it really is a different (float16) graph
  }, 240_000);

  it('float16 graph I/O (export.py --fp16 --fp16-io, manifest dtype float16): the SDK feeds and reads float16 and matches float32', async () => {
    const out = path.join(dir, 'fp16', 'lia-x-fp16-io');
    const run = spawnSync(python.command, [path.join(repoRoot, 'models/tools/export.py'), ckpt['lia-x']!, out, '--fp16', '--fp16-io', '--threads', '1'],
      { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { files: { encoder: { dtype: string }; decoder: { dtype: string } } };
    expect([manifest.files.encoder.dtype, manifest.files.decoder.dtype]).toEqual(['float16', 'float16']);
    const reference = readParity('liax-tiny').tensors;
    await withModel(out, async (model) => {
      // onnxruntime-node exposes the element types: the graphs really take and give float16
      expect(new Set([...model.encoder.inputs, ...model.encoder.outputs, ...model.decoder.inputs, ...model.decoder.outputs].map((t) => t.type)))
        .toEqual(new Set(['float16']));
      const got = await referenceRun(model, 'liax-tiny');
      expect(relativeL2(got.decoded, reference.decoded!)).toBeLessThan(FP16_TOLERANCE);
    });
  }, 120_000);
});

describe('portrait-rig convert: bad input is refused with a clear message and leaves nothing behind', () => {
  const refusals: [string, string, string, RegExp][] = [
    ['a file that is not a checkpoint', 'not-a-checkpoint', 'lia-x', /not a PyTorch checkpoint/],
    ['a truncated checkpoint', 'truncated', 'lia-x', /truncated or corrupted PyTorch checkpoint/],
    ['a LIA-X checkpoint given as --family lia', 'lia-x', 'lia', /this is a LIA-X checkpoint .*not LIA; use family 'lia-x'/],
    ['a LIA checkpoint given as --family lia-x', 'lia', 'lia-x', /this is a LIA checkpoint .*not LIA-X; use family 'lia'/],
  ];
  it.each(refusals)('%s', async (_what, file, family, message) => {
    const out = path.join(dir, 'refused', file);
    mkdirSync(path.dirname(out), { recursive: true });
    const run = await cli(['convert', '--family', family, '--checkpoint', ckpt[file]!, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(existsSync(out)).toBe(false);
    expect(hidden(path.dirname(out))).toEqual([]);
  });

  it('a malicious pickle is refused before it runs: its marker file is never created', async () => {
    const out = path.join(dir, 'refused', 'malicious');
    const run = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.malicious!, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused to load global 'posix\.system'.*not loaded/);
    expect(existsSync(ckpt.marker!)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('a wrong --family or --device value, a missing checkpoint file or a missing --out is a usage error (exit 2) before Python runs', async () => {
    const bad = await cli(['convert', '--family', 'liax', '--checkpoint', ckpt['lia-x']!, '--out', path.join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--family must be "lia" or "lia-x" \(got "liax"\)/);
    const missing = await cli(['convert', '--family', 'lia', '--checkpoint', path.join(dir, 'nope.pt'), '--out', path.join(dir, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/checkpoint ".*nope\.pt" is not a file/);
    expect((await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!])).stderr).toMatch(/--out <dir> is required/);
    const device = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!, '--out', path.join(dir, 'x'), '--device', 'gpu']);
    expect(device.code).toBe(2);
    expect(device.stderr).toMatch(/--device must be one of auto, cpu, cuda/);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('Ctrl-C (aborted signal) during the export stops the Python process and leaves no output or temp folder (exit 130)', async () => {
    const out = path.join(dir, 'cancelled', 'liax-128');
    mkdirSync(path.dirname(out), { recursive: true });
    const controller = new AbortController();
    let sawTracing = false;
    const run = await cli(['convert', '--family', 'lia-x', '--checkpoint', ckpt['liax-128']!, '--out', out, '--threads', '1'], {
      signal: controller.signal,
      onStderr: (text) => {
        if (/tracing the encoder into ONNX \(opset 17\) …/.test(text)) {
          sawTracing = true;
          controller.abort(new Error('cancelled by the user'));
        }
      },
    });
    expect(sawTracing).toBe(true);
    expect(run.code).toBe(130);
    // the exporter was stopped, not left to finish: it never reached the decoder
    expect(run.stderr).not.toMatch(/tracing the decoder/);
    expect(run.stderr).toContain('cancelled; nothing was written');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
    expect(processesMentioning(path.dirname(out))).toEqual([]);
  }, 120_000);

  it('an abort before the start is ABORTED and creates nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const out = path.join(dir, 'cancelled', 'early');
    await expect(convertCheckpoint({ checkpoint: ckpt.lia!, out, family: 'lia', python, signal: controller.signal }))
      .rejects.toMatchObject({ code: 'ABORTED' });
    expect(existsSync(out)).toBe(false);
  });
});

describe('finding Python', () => {
  it('PORTRAIT_RIG_PYTHON=/nonexistent: convert exits 1 with exactly what to install (Debian and pip)', async () => {
    const saved = process.env.PORTRAIT_RIG_PYTHON;
    process.env.PORTRAIT_RIG_PYTHON = '/nonexistent';
    try {
      const run = await cli(['convert', '--family', 'lia', '--checkpoint', ckpt.lia!, '--out', path.join(dir, 'nopython')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('PORTRAIT_RIG_PYTHON=/nonexistent: not found');
      expect(run.stderr).toContain('apt-get install python3-torch python3-onnx');
      expect(run.stderr).toContain('pip install torch onnx');
      expect(existsSync(path.join(dir, 'nopython'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PORTRAIT_RIG_PYTHON;
      else process.env.PORTRAIT_RIG_PYTHON = saved;
    }
  });

  it('names why each candidate is unusable: no torch module, a too old PyTorch', async () => {
    const fake = (name: string, body: string): string => {
      const file = path.join(dir, name);
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    const noTorch = fake('python-no-torch', `echo "ModuleNotFoundError: No module named 'torch'" >&2; exit 1`);
    await expect(findPython({ env: { PORTRAIT_RIG_PYTHON: noTorch } })).rejects.toThrow(/python-no-torch: has no module "torch"/);
    const old = fake('python-old-torch', `echo '{"version": "3.9.2", "torch": "1.8.1", "onnx": "1.10.0"}'`);
    const error = await findPython({ env: { PORTRAIT_RIG_PYTHON: old } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortraitRigError);
    expect((error as PortraitRigError).code).toBe('convert/python-missing');
    expect((error as PortraitRigError).message).toMatch(/has PyTorch 1\.8\.1; the tools need >= 1\.13/);
  });

});
