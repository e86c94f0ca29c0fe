/**
 * Decoder speed, onnxruntime-node vs our PyTorch implementation, on the same weights, the same inputs, the same
 * machine and the same thread count, measured in one run (issue #3: target ≥ 2×). Used by decoderRatio.bench.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFromFolder } from '../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../sdk/node/OrtNodeBackend.js';
import type { BackendTensor, TensorFeed } from '../../sdk/runtime/InferenceBackend.js';
import type { PortraitModel } from '../../sdk/runtime/PortraitModel.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the PyTorch twin of a model folder comes from (arguments of models/tools/bench_decoder.py). */
export type TorchSource = { readonly fixture: 'lia-tiny' | 'liax-tiny' } | { readonly checkpoint: string };

/** Timings of one side, per decoded frame. */
export interface DecoderTimes {
  /** Median wall time, ms. */
  readonly wallMs: number;
  /** Median process CPU time, ms (all threads; steadier on a shared machine). */
  readonly cpuMs: number;
  /** Fastest wall time, ms. */
  readonly minWallMs: number;
  /** Frames timed. */
  readonly runs: number;
}

/** One paired measurement. */
export interface DecoderRatio {
  /** Label of the model. */
  readonly model: string;
  /** Threads both sides ran with (onnxruntime intra-op threads; torch.set_num_threads). */
  readonly threads: number;
  /** onnxruntime-node, in this process. */
  readonly ort: DecoderTimes;
  /** PyTorch (models/tools/bench_decoder.py), in a child process. */
  readonly torch: DecoderTimes;
  /** PyTorch wall / onnxruntime wall (medians). */
  readonly wallRatio: number;
  /** PyTorch CPU / onnxruntime CPU (medians). */
  readonly cpuRatio: number;
  /** ‖decode_torch − decode_ort‖ / ‖decode_ort‖ on the same inputs: ~1e-6 when both hold the same weights. */
  readonly outputRelL2: number;
  /** Where the PyTorch weights came from, as bench_decoder.py describes it. */
  readonly torchSource: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Loads a model folder in onnxruntime-node (`threads` intra-op threads) and encodes one deterministic image: returns
 * the decoder's inputs and a `decode()` that runs the decoder once on them (what both benchmarks time).
 */
export async function prepareDecoder(dir: string, threads: number): Promise<{
  model: PortraitModel; feeds: Record<string, TensorFeed>; decode: () => Promise<Float32Array>; dispose: () => Promise<void>;
}> {
  const backend = new OrtNodeBackend({ threads });
  const model = await loadModelFromFolder(dir, { backend, device: 'cpu' });
  const m = model.manifest;
  const r = m.resolution;
  const image = new Float32Array(3 * r * r);
  for (let i = 0; i < image.length; i += 1) image[i] = 0.8 * Math.sin(i / 7.3) * Math.cos(i / 1031);
  const imageName = m.files.encoder.inputs.find((t) => t.role === 'image')!.name;
  const encoded = await model.encoder.run({ [imageName]: { type: 'float32', data: image, dims: [1, 3, r, r] } });
  const feeds: Record<string, TensorFeed> = {};
  for (const input of m.files.decoder.inputs) {
    const data = (await encoded[input.name]!.getData()) as Float32Array;
    feeds[input.name] = { type: 'float32', data, dims: [...encoded[input.name]!.dims] };
  }
  for (const t of Object.values(encoded)) t.dispose();
  const outName = m.files.decoder.outputs[0]!.name;
  const decode = async (): Promise<Float32Array> => {
    const out: Record<string, BackendTensor> = await model.decoder.run(feeds);
    const data = (await out[outName]!.getData()) as Float32Array;
    for (const t of Object.values(out)) t.dispose();
    return data;
  };
  return { model, feeds, decode, dispose: async () => { await model.dispose(); await backend.dispose(); } };
}

async function timeOrt(decode: () => Promise<Float32Array>, runs: number): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < 3; i += 1) await decode();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await decode();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

function runTorch(python: string, args: string[], threads: number): Promise<{
  decodeWallMs: number[]; decodeCpuMs: number[]; outputRelL2: number | null; source: string;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(repoRoot, 'models/tools/bench_decoder.py'), ...args, '--threads', String(threads), '--json'], {
      env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench_decoder.py exited ${code}: ${stderr.slice(-2000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as { decodeWallMs: number[]; decodeCpuMs: number[]; outputRelL2: number | null; source: string });
    });
  });
}

/**
 * Times the model folder's decoder in onnxruntime-node in this process and its PyTorch twin in a spawned
 * bench_decoder.py (same decoder inputs, same thread count), alternating `rounds` times, and returns the medians and
 * their ratios.
 */
export async function measureDecoderRatio(options: {
  label: string; dir: string; torch: TorchSource; threads: number; runs: number; rounds?: number; python?: string;
}): Promise<DecoderRatio> {
  const python = options.python ?? process.env.PORTRAIT_RIG_PYTHON ?? '/usr/bin/python3';
  const prepared = await prepareDecoder(options.dir, options.threads);
  const work = mkdtempSync(path.join(tmpdir(), 'portrait-rig-ratio-'));
  try {
    // the decoder inputs and onnxruntime's output, for PyTorch to decode the very same tensors
    const reference = await prepared.decode();
    const entries: { name: string; shape: number[]; offset: number; length: number }[] = [];
    const chunks: Buffer[] = [];
    let offset = 0;
    const add = (name: string, data: Float32Array, shape: number[]): { name: string; shape: number[]; offset: number; length: number } => {
      const entry = { name, shape, offset, length: data.length };
      chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      offset += data.byteLength;
      return entry;
    };
    const m = prepared.model.manifest;
    const latent = m.files.decoder.inputs.find((t) => t.role === 'latent')!;
    const order = [latent, ...m.files.decoder.inputs.filter((t) => t.role === 'feature')];
    for (const t of order) {
      const feed = prepared.feeds[t.name] as { data: Float32Array; dims: readonly number[] };
      entries.push(add(t.name, feed.data, [...feed.dims]));
    }
    const output = add('image', reference, [1, 3, m.resolution, m.resolution]);
    writeFileSync(path.join(work, 'inputs.bin'), Buffer.concat(chunks));
    writeFileSync(path.join(work, 'inputs.json'), JSON.stringify({ binary: 'inputs.bin', inputs: entries, output }));
    const torchArgs = 'fixture' in options.torch ? ['--fixture', options.torch.fixture] : ['--checkpoint', options.torch.checkpoint];
    // a training checkpoint holds two sets of weights: take the one the model was exported from (package_rig_tiny.py)
    const exported = (m.provenance as { weights?: unknown } | undefined)?.weights;
    if ('checkpoint' in options.torch && (exported === 'ema' || exported === 'gen')) torchArgs.push('--weights', exported);
    torchArgs.push('--inputs', path.join(work, 'inputs.json'), '--runs', String(options.runs));

    const ort = { wall: [] as number[], cpu: [] as number[] };
    const torch = { wall: [] as number[], cpu: [] as number[] };
    let rel = NaN;
    let source = '';
    for (let round = 0; round < (options.rounds ?? 2); round += 1) {
      const o = await timeOrt(prepared.decode, options.runs);
      ort.wall.push(...o.wall);
      ort.cpu.push(...o.cpu);
      const t = await runTorch(python, torchArgs, options.threads);
      torch.wall.push(...t.decodeWallMs);
      torch.cpu.push(...t.decodeCpuMs);
      rel = t.outputRelL2 ?? NaN;
      source = t.source;
    }
    const summary = (s: { wall: number[]; cpu: number[] }): DecoderTimes =>
      ({ wallMs: median(s.wall), cpuMs: median(s.cpu), minWallMs: Math.min(...s.wall), runs: s.wall.length });
    const o = summary(ort);
    const t = summary(torch);
    return {
      model: options.label, threads: options.threads, ort: o, torch: t, wallRatio: t.wallMs / o.wallMs, cpuRatio: t.cpuMs / o.cpuMs,
      outputRelL2: rel, torchSource: source,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await prepared.dispose();
  }
}

/** A table of measurements for the console. */
export function formatRatios(rows: readonly DecoderRatio[]): string {
  const lines = ['decoder per frame: onnxruntime-node vs PyTorch (same weights, inputs, threads; medians; shared machine, noisy)',
    'model              threads  ORT wall / CPU ms    PyTorch wall / CPU ms   ratio wall / CPU   same weights (rel L2)  ≥ 2×'];
  for (const r of rows) {
    lines.push(`${r.model.padEnd(19)}${String(r.threads).padEnd(9)}${`${r.ort.wallMs.toFixed(2)} / ${r.ort.cpuMs.toFixed(2)}`.padEnd(21)}` +
      `${`${r.torch.wallMs.toFixed(2)} / ${r.torch.cpuMs.toFixed(2)}`.padEnd(24)}${`${r.wallRatio.toFixed(2)}× / ${r.cpuRatio.toFixed(2)}×`.padEnd(19)}` +
      `${(Number.isFinite(r.outputRelL2) ? r.outputRelL2.toExponential(1) : 'n/a').padEnd(23)}${r.wallRatio >= 2 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}
