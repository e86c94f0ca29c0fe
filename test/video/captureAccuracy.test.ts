/**
 * Motion capture against ground truth: the committed driving videos (test/fixtures/driving/*-128.mp4, rendered by
 * models/tools/make_driving_video.py) come with the exact avatar parameters of every frame. The captured channels are
 * compared with them per channel: Pearson correlation and mean absolute error (channel units: degrees, amounts).
 *
 * - On the liax-tiny fixture (random weights) the numbers are meaningless; that suite only proves the measurement
 *   runs end to end, frame-aligned, and prints the table.
 * - On the trained rig-tiny (models/rig-tiny, or PORTRAIT_RIG_CAPTURE_MODEL=<folder> for another rig-family export)
 *   the thresholds below apply; the table is written to test/artifacts/capture-accuracy.md. Without the model that
 *   suite is skipped, saying so in its name.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMotion } from '../../sdk/drivers/video/captureMotion.js';
import { DEFAULT_ONE_EURO, type OneEuroFilterOptions } from '../../sdk/drivers/video/OneEuroFilter.js';
import { MotionTransfer } from '../../sdk/drivers/video/MotionTransfer.js';
import { selectCaptureChannels } from '../../sdk/drivers/video/selectCaptureChannels.js';
import type { TransferMode } from '../../sdk/drivers/video/TransferMode.js';
import { loadModelFromFolder } from '../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../sdk/node/OrtNodeBackend.js';
import { openVideo } from '../../sdk/node/video/openVideo.js';
import { RigCalibration } from '../../sdk/rig/RigCalibration.js';
import type { PortraitModel } from '../../sdk/runtime/PortraitModel.js';
import { fixtureDir, repoRoot } from '../runtime/fixtureModels.js';

interface DrivingParams {
  format: string; fps: number; frames: number; fields: string[]; units: string[]; ranges: [number, number][];
  channels: Record<string, string | null>; params: number[][];
}

/** One row of the accuracy table. */
interface Row { video: string; mode: TransferMode; smoothing: string; field: string; channel: string; unit: string; truthStd: number; corr: number; mae: number }

const RIG_DIR = process.env.PORTRAIT_RIG_CAPTURE_MODEL ?? path.join(repoRoot, 'models', 'rig-tiny');
const HAS_RIG = existsSync(path.join(RIG_DIR, 'manifest.json'));
const VIDEOS = ['talk-128', 'sweep-128'] as const;

/**
 * Thresholds for rig-tiny (absolute mode, no smoothing, both videos pooled): the DESIGN feasibility run reached
 * correlations of 0.99 (yaw, pitch) and 0.95 (mouth, blink) after minutes of training at 64².
 */
const THRESHOLDS: Record<string, { corr: number; mae?: number }> = {
  'head.yaw': { corr: 0.95, mae: 4 }, 'head.pitch': { corr: 0.9, mae: 4 }, 'head.roll': { corr: 0.9, mae: 3 },
  'mouth.open': { corr: 0.85, mae: 0.12 }, 'eyes.blinkLeft': { corr: 0.8, mae: 0.15 }, 'eyes.blinkRight': { corr: 0.8, mae: 0.15 },
  'mouth.smile': { corr: 0.6 }, 'mouth.round': { corr: 0.6 }, 'mouth.pout': { corr: 0.5 }, 'brows.raise': { corr: 0.6 },
  'gaze.x': { corr: 0.5 }, 'gaze.y': { corr: 0.5 },
};

/**
 * Channels where the bundled rig-tiny still misses the target above (tracked in issue #5 while this set is not empty;
 * the numbers are in test/artifacts/capture-accuracy.md and models/rig-tiny/REPORT.md). They are checked the other way
 * round, like a strict expected failure: once one meets its target the test fails until it leaves this set. Another
 * model folder (PORTRAIT_RIG_CAPTURE_MODEL) is held to every target.
 */
const RIG_TINY_SHORTFALLS: ReadonlySet<string> = new Set<string>(); // none since step 17,400 (gaze.y: 0.50 → 0.83)

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0; let aa = 0; let bb = 0;
  for (let i = 0; i < n; i += 1) { ab += (a[i]! - ma) * (b[i]! - mb); aa += (a[i]! - ma) ** 2; bb += (b[i]! - mb) ** 2; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
}
const std = (a: number[]): number => { const m = a.reduce((s, v) => s + v, 0) / a.length; return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length); };

function readParams(video: string): DrivingParams {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/driving', `${video}.params.json`), 'utf8')) as DrivingParams;
}

/** Captures `video` and returns per-frame channel values (named channels, solved per frame) next to the truth. */
async function measure(model: PortraitModel, video: string, mode: TransferMode, smoothing: OneEuroFilterOptions | false):
  Promise<{ rows: Row[]; frames: number; series: Map<string, { got: number[]; expected: number[] }> }> {
  const truth = readParams(video);
  const calibration = new RigCalibration(model.manifest);
  const solver = calibration.createSolver({ channels: selectCaptureChannels(calibration), residuals: 'none' });
  const transfer = new MotionTransfer(calibration, { mode });
  const source = await openVideo(path.join(repoRoot, 'test/fixtures/driving', `${video}.mp4`));
  const captured: Float32Array[] = [];
  const motion = new Float32Array(calibration.motionDim);
  for await (const frame of captureMotion(model, source, { smoothing })) {
    expect(frame.index).toBe(captured.length);
    captured.push(solver.solve(transfer.motion(frame.alpha, motion)));
  }
  const rows: Row[] = [];
  const series = new Map<string, { got: number[]; expected: number[] }>();
  truth.fields.forEach((field, f) => {
    const channel = truth.channels[field];
    const c = channel ? solver.channels.indexOf(channel) : -1;
    if (!channel || c < 0) return;
    const expected = truth.params.map((p) => p[f]! - (mode === 'relative' ? truth.params[0]![f]! : 0));
    const got = captured.map((values) => values[c]!);
    series.set(channel, { got, expected });
    rows.push({
      video, mode, smoothing: smoothing === false ? 'off' : 'default', field, channel, unit: truth.units[f]!,
      truthStd: std(expected), corr: pearson(got, expected), mae: got.reduce((s, v, i) => s + Math.abs(v - expected[i]!), 0) / got.length,
    });
  });
  return { rows, frames: captured.length, series };
}

function table(rows: Row[]): string {
  const lines = ['| video | mode | smoothing | channel | unit | truth σ | correlation | mean abs error |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.video} | ${r.mode} | ${r.smoothing} | ${r.channel} | ${r.unit} | ${r.truthStd.toFixed(3)} | ${Number.isNaN(r.corr) ? '–' : r.corr.toFixed(3)} | ${r.mae.toFixed(3)} |`);
  }
  return lines.join('\n');
}

describe('capture accuracy plumbing (liax-tiny: random weights, numbers not meaningful)', () => {
  let model: PortraitModel;
  beforeAll(async () => { model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend: new OrtNodeBackend({ threads: 1 }) }); });
  afterAll(async () => { await model?.dispose(); });

  it('captures every frame of both ground-truth videos and reports correlation / error for each tied channel the model names', async () => {
    const all: Row[] = [];
    for (const video of VIDEOS) {
      const { rows, frames } = await measure(model, video, 'absolute', false);
      expect(frames).toBe(readParams(video).frames);
      all.push(...rows);
    }
    // the official LIA-X map names these of the avatar's parameters (per-lid blinks it does not have)
    expect([...new Set(all.map((r) => r.channel))].sort()).toEqual(
      ['brows.raise', 'gaze.x', 'gaze.y', 'head.pitch', 'head.roll', 'head.yaw', 'mouth.open', 'mouth.pout', 'mouth.round', 'mouth.smile']);
    for (const row of all) {
      expect(Number.isFinite(row.mae), `${row.video} ${row.channel}`).toBe(true);
      expect(row.truthStd, `${row.video} ${row.channel}`).toBeGreaterThan(0);
    }
    console.log(`[capture accuracy, liax-tiny (random weights)]\n${table(all)}`);
  }, 120_000);
});

const skipReason = HAS_RIG ? '' : ` [skipped: no trained model at ${path.relative(repoRoot, RIG_DIR)}; package rig-tiny (models/tools/package_rig_tiny.py) or set PORTRAIT_RIG_CAPTURE_MODEL]`;

describe(`captured channels track the true avatar parameters (rig-tiny)${skipReason}`, () => {
  let model: PortraitModel;
  beforeAll(async () => { if (HAS_RIG) model = await loadModelFromFolder(RIG_DIR, { backend: new OrtNodeBackend({ threads: 2 }) }); }, 120_000);
  afterAll(async () => { await model?.dispose(); });

  it.skipIf(!HAS_RIG)('absolute capture: per-channel correlation and mean abs error within the thresholds (both videos pooled)', async () => {
    const rows: Row[] = [];
    const pooled = new Map<string, { got: number[]; expected: number[] }>();
    for (const video of VIDEOS) {
      for (const mode of ['absolute', 'relative'] as const) {
        for (const smoothing of [false, DEFAULT_ONE_EURO] as const) {
          const measured = await measure(model, video, mode, smoothing);
          rows.push(...measured.rows);
          if (mode !== 'absolute' || smoothing !== false) continue;
          // the thresholds apply to absolute capture without smoothing, both videos pooled
          for (const [channel, { got, expected }] of measured.series) {
            const entry = pooled.get(channel) ?? { got: [], expected: [] };
            entry.got.push(...got);
            entry.expected.push(...expected);
            pooled.set(channel, entry);
          }
        }
      }
    }
    for (const [channel, { got, expected }] of pooled) {
      rows.push({ video: 'both', mode: 'absolute', smoothing: 'off', field: channel, channel, unit: '', truthStd: std(expected),
        corr: pearson(got, expected), mae: got.reduce((sum, v, i) => sum + Math.abs(v - expected[i]!), 0) / got.length });
    }
    const report = table(rows);
    mkdirSync(path.join(repoRoot, 'test/artifacts'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'test/artifacts/capture-accuracy.md'),
      `# Motion capture accuracy (${path.relative(repoRoot, RIG_DIR)}, ${model.manifest.id})\n\n${report}\n`);
    console.log(`[capture accuracy, ${model.manifest.id}]\n${report}`);
    const failures: string[] = [];
    const shortfalls = process.env.PORTRAIT_RIG_CAPTURE_MODEL ? new Set<string>() : RIG_TINY_SHORTFALLS;
    for (const [channel, limit] of Object.entries(THRESHOLDS)) {
      const row = rows.find((r) => r.video === 'both' && r.channel === channel);
      if (!row) { failures.push(`${channel}: not captured (the model does not name it)`); continue; }
      const misses: string[] = [];
      if (!(row.corr >= limit.corr)) misses.push(`${channel}: correlation ${row.corr.toFixed(3)} < ${limit.corr}`);
      if (limit.mae !== undefined && !(row.mae <= limit.mae)) misses.push(`${channel}: mean abs error ${row.mae.toFixed(3)} > ${limit.mae}`);
      if (!shortfalls.has(channel)) failures.push(...misses);
      else if (misses.length === 0) failures.push(`${channel}: now meets its target: remove it from RIG_TINY_SHORTFALLS`);
      else console.log(`[capture accuracy] known shortfall ${misses.join('; ')}`);
    }
    const steps = (model.manifest.provenance as { trainingSteps?: number } | undefined)?.trainingSteps;
    expect(failures, `model ${model.manifest.id} from ${path.relative(repoRoot, RIG_DIR)} (training steps: ${steps ?? 'unknown'}); table in test/artifacts/capture-accuracy.md`).toEqual([]);
  }, 600_000);

  it.skipIf(!HAS_RIG)('relative capture of the talking video follows the change of head pose since the first frame', async () => {
    const { rows } = await measure(model, 'talk-128', 'relative', false);
    for (const channel of ['head.yaw', 'head.pitch']) {
      const row = rows.find((r) => r.channel === channel)!;
      expect(row.corr, channel).toBeGreaterThan(0.9);
    }
  }, 300_000);
});
