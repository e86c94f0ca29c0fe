import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';

// `npm run demo` = build, then scripts/demo.mjs (the README's main-job command). Runs the built CLI (dist/, made by
// `npm install`'s prepare script).
const script = path.join(repoRoot, 'scripts', 'demo.mjs');
const out = mkdtempSync(path.join(tmpdir(), 'portrait-rig-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const demo = (args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('npm run demo (scripts/demo.mjs)', () => {
  it('with a model folder given, renders a portrait with the bundled clip into the requested file', () => {
    const target = path.join(out, 'fixture.mp4');
    const run = demo(['--model', 'test/fixtures/models/liax-tiny', '--source', 'test/fixtures/driving/source-128.png',
      '--out', target, '--duration', '0.4', '--fps', '10']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote ${target} (4 frames`);
    expect(existsSync(target)).toBe(true);
  });

  it('says where the bundled model is and how to render with another, and exits 1, when the model folder is missing', () => {
    const run = demo(['--model', path.join(out, 'no-such-model')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`portrait-rig demo: no model at ${path.join(out, 'no-such-model')}.`);
    expect(run.stderr).toContain('npm run demo -- --model <folder> --source <portrait image>');
  });

  it.runIf(existsSync(path.join(repoRoot, 'models', 'rig-tiny', 'manifest.json')))(
    'without a model, renders a held-out avatar of the bundled rig-tiny with the bundled clip (the README\'s main job)', () => {
      const target = path.join(out, 'default.mp4');
      const run = demo(['--out', target, '--fps', '10']);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`wrote ${target} (40 frames`);
      expect(run.stdout).toContain('rig-tiny');
      expect(existsSync(target)).toBe(true);
    }, 120_000);
});
