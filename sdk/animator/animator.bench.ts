/**
 * Animator benchmarks (vitest bench): encode, decode per frame (single and batched), and the per-frame TypeScript
 * overhead around the runtime (channels → α → z, decoder tensor → RGBA; target < 1 ms); the process's peak RSS is
 * printed at the end.
 *
 * Models: the fixture models (1 thread) and the bundled rig-tiny (2 threads, the setting of its 30 fps target) when
 * models/rig-tiny is there; PORTRAIT_RIG_BENCH_MODEL=<model folder> measures another one instead, and
 * PORTRAIT_RIG_BENCH_THREADS sets onnxruntime's threads for all.
 *
 *   npx vitest bench --run sdk/animator/animator.bench.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { fixtureDir, repoRoot } from '../../test/runtime/fixtureModels.js';
import { createRgbaImage } from '../image/createRgbaImage.js';
import { tensorToRgba } from '../image/tensorToRgba.js';
import { loadModelFromFolder } from '../node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../node/OrtNodeBackend.js';
import type { PortraitModel } from '../runtime/PortraitModel.js';
import { PortraitAnimator } from './PortraitAnimator.js';

const override = process.env.PORTRAIT_RIG_BENCH_THREADS ? Number(process.env.PORTRAIT_RIG_BENCH_THREADS) : undefined;
const bundled = path.join(repoRoot, 'models', 'rig-tiny');
const folders: { dir: string; threads: number }[] = process.env.PORTRAIT_RIG_BENCH_MODEL
  ? [{ dir: path.resolve(process.env.PORTRAIT_RIG_BENCH_MODEL), threads: override ?? 1 }]
  : [
    { dir: fixtureDir('lia-tiny'), threads: override ?? 1 },
    { dir: fixtureDir('liax-tiny'), threads: override ?? 1 },
    ...(existsSync(path.join(bundled, 'manifest.json')) ? [{ dir: bundled, threads: override ?? 2 }] : []),
  ];
const backends = new Map<number, OrtNodeBackend>();
const opened: { model: PortraitModel; animator: PortraitAnimator }[] = [];
afterAll(async () => {
  for (const { animator, model } of opened) {
    await animator.dispose();
    await model.dispose();
  }
  for (const backend of backends.values()) await backend.dispose();
  console.log(`[animator bench] peak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
});

for (const { dir, threads } of folders) {
  const backend = backends.get(threads) ?? new OrtNodeBackend({ threads });
  backends.set(threads, backend);
  const model = await loadModelFromFolder(dir, { backend, device: 'cpu' });
  const animator = new PortraitAnimator(model, { onWarning: () => undefined });
  opened.push({ model, animator });
  const r = model.resolution;
  const source = createRgbaImage(r, r);
  for (let i = 0; i < source.data.length; i += 1) source.data[i] = (i * 13) % 256;
  await animator.setSource(source);
  // a channel frame with every named channel (and one raw direction), as a clip would drive it
  const channels: Record<string, number> = { 'dict.0': 0.1 };
  for (const [name, c] of Object.entries(model.manifest.channels)) channels[name] = (c.range[0] + c.range[1]) / 2;
  const out = new Uint8ClampedArray(r * r * 4);
  const z = new Float32Array(model.manifest.styleDim);
  const pixels = new Float32Array(3 * r * r).map((_, i) => Math.sin(i));
  const batch = Array.from({ length: 8 }, () => channels);
  let t = 0;

  describe(`${model.manifest.id} (${r}², styleDim ${model.manifest.styleDim}, motionDim ${model.manifest.motionDim}, ${threads} thread(s))`, () => {
    bench('encode: setSource', async () => {
      await animator.setSource(source);
    }, { iterations: 20 });
    bench('decode: renderFrame (one frame, RGBA into a reused buffer)', async () => {
      t += 0.04;
      channels['dict.0'] = Math.sin(t) * 0.5;
      await animator.renderFrame(channels, { out });
    }, { iterations: 100 });
    bench('decode: renderBatch of 8 (time per call; divide by 8 per frame)', async () => {
      await animator.renderBatch(batch);
    }, { iterations: 20 });
    bench('TS overhead: channels → α → z (composeLatent)', () => {
      animator.composeLatent(channels, z);
    }, { iterations: 2000 });
    bench('TS overhead: decoder tensor → RGBA (tensorToRgba)', () => {
      tensorToRgba(pixels, r, r, out);
    }, { iterations: 2000 });
  });
}
