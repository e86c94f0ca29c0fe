import { execFile } from 'node:child_process';
import { PortraitRigError } from '../../errors/PortraitRigError.js';

/** A Python interpreter that can run the model tools (PyTorch and onnx import). */
export interface PythonInfo {
  /** Command or path that was probed (e.g. `python3`, `/usr/bin/python3`). */
  readonly command: string;
  /** Python version, e.g. `3.11.2`. */
  readonly version: string;
  /** `torch.__version__`. */
  readonly torch: string;
  /** `onnx.__version__`. */
  readonly onnx: string;
}

/** Options for {@link findPython}. */
export interface FindPythonOptions {
  /** Environment to read `PORTRAIT_RIG_PYTHON` and `PATH` from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Seconds one probe may take (importing torch is slow on a busy machine); default 120. */
  readonly timeoutSeconds?: number;
}

/**
 * What to install when no usable Python is found, as printed by {@link findPython}'s error (Debian's packages put
 * PyTorch into `/usr/bin/python3`, which is probed even when another `python3` comes first on `PATH`).
 */
export const PYTHON_INSTALL_HINT = [
  'Install PyTorch (>= 1.13) and onnx for Python 3:',
  '  Debian/Ubuntu:  sudo apt-get install python3-torch python3-onnx   (installs into /usr/bin/python3)',
  '  pip:            pip install torch onnx',
  'or set PORTRAIT_RIG_PYTHON to a Python that has both.',
].join('\n');

const found = new Map<string, PythonInfo>();

const PROBE = [
  'import json, sys',
  'import torch, onnx',
  'print(json.dumps({"version": sys.version.split()[0], "torch": torch.__version__, "onnx": onnx.__version__}))',
].join('\n');

/** The candidates in search order: `PORTRAIT_RIG_PYTHON` alone when set, else `python3` on PATH, then `/usr/bin/python3`. */
function candidates(env: NodeJS.ProcessEnv): { command: string; label: string }[] {
  const explicit = env.PORTRAIT_RIG_PYTHON?.trim();
  if (explicit) return [{ command: explicit, label: `PORTRAIT_RIG_PYTHON=${explicit}` }];
  return [{ command: 'python3', label: 'python3 on PATH' }, { command: '/usr/bin/python3', label: '/usr/bin/python3' }];
}

function atLeast113(version: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return true; // unusual version strings (builds from source): let the tools decide
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || (major === 1 && minor >= 13);
}

function probe(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PythonInfo | string> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE], { env: { ...env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve('not found');
          if (code === 'EACCES') return resolve('not executable');
          if ((error as { killed?: boolean }).killed) return resolve(`did not answer within ${Math.round(timeoutMs / 1000)} s`);
          const missing = /No module named '([^']+)'/.exec(stderr);
          if (missing) return resolve(`has no module "${missing[1]}"`);
          const last = stderr.trim().split('\n').pop() ?? error.message;
          return resolve(`failed: ${last}`);
        }
        try {
          const info = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { version: string; torch: string; onnx: string };
          if (!atLeast113(info.torch)) return resolve(`has PyTorch ${info.torch}; the tools need >= 1.13`);
          return resolve({ command, version: info.version, torch: info.torch, onnx: info.onnx });
        } catch {
          return resolve(`printed something unexpected: ${stdout.slice(0, 200)}`);
        }
      });
  });
}

/**
 * Finds a Python 3 that has PyTorch (>= 1.13) and onnx, for the model tools (`portrait-rig convert`). Searches
 * `PORTRAIT_RIG_PYTHON` when it is set (and only it: an explicit choice is never silently replaced), otherwise
 * `python3` on `PATH`, then `/usr/bin/python3`; each is probed by importing `torch` and `onnx`.
 *
 * @throws PortraitRigError `convert/python-missing` listing every candidate with why it was not usable, followed by
 *   {@link PYTHON_INSTALL_HINT}.
 * @example
 * ```ts
 * const python = await findPython();
 * console.log(`${python.command}: Python ${python.version}, torch ${python.torch}, onnx ${python.onnx}`);
 * ```
 */
export async function findPython(options: FindPythonOptions = {}): Promise<PythonInfo> {
  const env = options.env ?? process.env;
  const timeoutMs = (options.timeoutSeconds ?? 120) * 1000;
  const reasons: string[] = [];
  const list = candidates(env);
  // a Python that worked is remembered for this process (probing imports torch: seconds), keyed by what was searched
  const key = JSON.stringify([list.map((c) => c.command), env.PATH ?? '']);
  const known = found.get(key);
  if (known) return known;
  for (const candidate of list) {
    const result = await probe(candidate.command, env, timeoutMs);
    if (typeof result !== 'string') {
      found.set(key, result);
      return result;
    }
    reasons.push(`  - ${candidate.label}: ${result}`);
  }
  throw new PortraitRigError('convert/python-missing',
    `converting a checkpoint needs Python 3 with PyTorch (>= 1.13) and onnx, and none was found:\n${reasons.join('\n')}\n` +
    PYTHON_INSTALL_HINT);
}
