import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The model tools are Python (PyTorch 1.13 from Debian, /usr/bin/python3). Their unittest suites run here so that
// `npm test` — the one command CI runs — covers them too.
const toolsDir = fileURLToPath(new URL('../../models/tools/', import.meta.url));
const python = process.env.PORTRAIT_RIG_PYTHON ?? '/usr/bin/python3';

const suites = [
  { name: 'procedural avatars', start: 'avatars' },
  { name: 'LIA / LIA-X toolkit (models, checkpoints, export)', start: 'portrait_rig_tools/tests' },
  { name: 'rig-tiny training', start: 'training' },
  { name: 'rig-tiny evaluation', start: 'evaluation' },
];

describe('Python model tools', () => {
  it('has a Python with torch, onnx and numpy (install: apt-get install python3-torch python3-onnx)', () => {
    expect(existsSync(python), `${python} is missing`).toBe(true);
    const probe = spawnSync(python, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' });
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
  });

  for (const suite of suites) {
    it(`passes the ${suite.name} unittest suite`, () => {
      const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', suite.start, '-t', '.', '-p', 'test_*.py'], {
        cwd: toolsDir,
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
      });
      const tail = `${run.stdout}\n${run.stderr}`.slice(-4000);
      expect(run.status, tail).toBe(0);
      // unittest prints "Ran N tests"; a suite that found nothing would pass vacuously.
      const ran = /Ran (\d+) tests?/.exec(run.stderr);
      expect(Number(ran?.[1] ?? 0), tail).toBeGreaterThan(0);
    }, 600_000);
  }
});
