/**
 * `npm run bench`: decoder time per frame in onnxruntime-node vs our PyTorch implementation on the same weights,
 * inputs, machine and thread count, as a ratio measured in one run (issue #3 target: ≥ 2×).
 *
 * Models: the fixtures (their PyTorch twins are rebuilt from portrait_rig_tools.fixtures' seeds), models/rig-tiny
 * against the committed slim checkpoint it was exported from, models/checkpoints/rig-tiny-128.pt (the weights its
 * manifest's provenance names: EMA or the generator's own), and
 * any pair given as PORTRAIT_RIG_RATIO_MODEL=<folder> + PORTRAIT_RIG_RATIO_CHECKPOINT=<.pt>.
 * PORTRAIT_RIG_BENCH_THREADS sets the threads (default 1), PORTRAIT_RIG_BENCH_RUNS the frames per round (default 20).
 * The "same weights" column is ‖decode_torch − decode_ort‖/‖decode_ort‖ on identical inputs: ~1e-6 when the ONNX
 * model and the checkpoint hold the same weights (a checkpoint saved after the export would show a large value).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { fixtureDir, repoRoot } from '../runtime/fixtureModels.js';
import { formatRatios, measureDecoderRatio, prepareDecoder, type DecoderRatio, type TorchSource } from './decoderRatio.js';

const threads = Number(process.env.PORTRAIT_RIG_BENCH_THREADS ?? 1);
const runs = Number(process.env.PORTRAIT_RIG_BENCH_RUNS ?? 20);

const cases: { label: string; dir: string; torch: TorchSource }[] = [
  { label: 'lia-tiny (64²)', dir: fixtureDir('lia-tiny'), torch: { fixture: 'lia-tiny' } },
  { label: 'liax-tiny (64²)', dir: fixtureDir('liax-tiny'), torch: { fixture: 'liax-tiny' } },
];
const notes: string[] = [];
const rigTiny = path.join(repoRoot, 'models', 'rig-tiny');
const rigCheckpoint = path.join(repoRoot, 'models', 'checkpoints', 'rig-tiny-128.pt');
if (existsSync(path.join(rigTiny, 'manifest.json')) && existsSync(rigCheckpoint)) {
  cases.push({ label: 'rig-tiny (128²)', dir: rigTiny, torch: { checkpoint: rigCheckpoint } });
} else {
  notes.push(`rig-tiny skipped: needs ${existsSync(path.join(rigTiny, 'manifest.json')) ? '' : 'models/rig-tiny/manifest.json '}` +
    `${existsSync(rigCheckpoint) ? '' : 'models/checkpoints/rig-tiny-128.pt '}(a PyTorch twin cannot be rebuilt from ONNX).`);
}
if (process.env.PORTRAIT_RIG_RATIO_MODEL && process.env.PORTRAIT_RIG_RATIO_CHECKPOINT) {
  cases.push({ label: path.basename(process.env.PORTRAIT_RIG_RATIO_MODEL), dir: process.env.PORTRAIT_RIG_RATIO_MODEL,
    torch: { checkpoint: process.env.PORTRAIT_RIG_RATIO_CHECKPOINT } });
}

// measured once, at collection time (vitest bench runs no beforeAll hooks): both sides, alternating, then printed
const rows: DecoderRatio[] = [];
for (const c of cases) rows.push(await measureDecoderRatio({ label: c.label, dir: c.dir, torch: c.torch, threads, runs }));
console.log(['', formatRatios(rows), ...notes, ''].join('\n'));

const decoders = new Map<string, Awaited<ReturnType<typeof prepareDecoder>>>();
for (const c of cases) decoders.set(c.label, await prepareDecoder(c.dir, threads));
afterAll(async () => {
  for (const d of decoders.values()) await d.dispose();
});

describe(`decoder in onnxruntime-node (${threads} thread(s); the PyTorch ratio is printed above)`, () => {
  for (const c of cases) {
    bench(`decode, ${c.label}`, async () => {
      await decoders.get(c.label)!.decode();
    }, { time: 1000, warmupIterations: 3 });
  }
});
