import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { ModelManifest } from '../../rig/ModelManifest.js';
import { parseModelManifest } from '../../rig/parseModelManifest.js';
import type { Device } from '../../runtime/Device.js';
import type { ConvertProgressCallback, ConvertProgressEvent } from './ConvertProgressEvent.js';
import { findPython, type PythonInfo } from './findPython.js';
import { pythonToolsDir } from './pythonToolsDir.js';
import { smokeTestModelFolder, type SmokeTestResult } from './smokeTestModelFolder.js';

/** Model families whose checkpoints {@link convertCheckpoint} reads. */
export const CHECKPOINT_FAMILIES = ['lia', 'lia-x'] as const;
/** `lia` (LIA, ICLR 2022: `vox.pt`, `taichi.pt`, `ted.pt`) or `lia-x` (LIA-X: `lia-x.pt`). */
export type CheckpointFamily = (typeof CHECKPOINT_FAMILIES)[number];

/** When ONNX weights go to a separate `<graph>.onnx.data` file: above ~1.9 GB per graph (`auto`), always, never. */
export type ExternalDataMode = 'auto' | 'always' | 'never';

/** Options for {@link convertCheckpoint}. */
export interface ConvertCheckpointOptions {
  /** The checkpoint file (a pickle: read with a restricted unpickler that refuses anything but weights). */
  readonly checkpoint: string;
  /** The model folder to create. Written only when everything succeeded (built in a hidden sibling, then renamed). */
  readonly out: string;
  /** The family the checkpoint must be; a checkpoint of the other family is refused with a message naming it. */
  readonly family: CheckpointFamily;
  /** float16 weights and feature maps (float32 graph inputs/outputs): half the size, for GPUs; default false. */
  readonly fp16?: boolean;
  /** Default `auto`. */
  readonly externalData?: ExternalDataMode;
  /** Replace `out` when it exists; default false (an existing `out` is an error). */
  readonly overwrite?: boolean;
  /** Model id in the manifest (`[a-z0-9-]`); default from the checkpoint's file name. */
  readonly id?: string;
  /** Human-readable model name; default `<id> (<family>, <size>px)`. */
  readonly name?: string;
  /** JSON file with `channels`/`directionGroups` in the manifest format, replacing the family's default channel map. */
  readonly channels?: string;
  /** Threads for PyTorch and for onnxruntime during validation; default their own choice. */
  readonly threads?: number;
  /** Load the result in onnxruntime-node and run one encode/decode before installing it; default true. */
  readonly validate?: boolean;
  /** Device for the validation; default `cpu`. */
  readonly device?: Device;
  /** The Python to run (a command or path, or a {@link findPython} result); default: {@link findPython}. */
  readonly python?: string | PythonInfo;
  /** Environment for finding and running Python; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Cancels: the Python process is stopped (SIGTERM, then SIGKILL) and nothing is left behind. */
  readonly signal?: AbortSignal;
  /** Called at the start and end of every step. */
  readonly onProgress?: ConvertProgressCallback;
}

/** What {@link convertCheckpoint} produced. */
export interface ConvertResult {
  /** Absolute path of the model folder. */
  readonly outDir: string;
  /** Its manifest (license included: CC-BY-NC-4.0 for official weights). */
  readonly manifest: ModelManifest;
  /** The Python that ran the exporter. */
  readonly python: PythonInfo;
  /** Layout found in the checkpoint: `dict-with-gen` (LIA) or `state_dict` (LIA-X). */
  readonly layout: string;
  /** Generator parameters. */
  readonly parameters: number;
  /** `float32`, or `float16` with `fp16`. */
  readonly precision: 'float32' | 'float16';
  /** Every file of the folder with its size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  /** Seconds spent in the exporter (Python). */
  readonly exportSeconds: number;
  /** Seconds for the whole conversion. */
  readonly seconds: number;
  /** Peak resident memory of the Python exporter, in bytes. */
  readonly pythonPeakRssBytes: number;
  /** The validation's measurements (absent with `validate: false`). */
  readonly validation?: SmokeTestResult;
}

interface ExporterResult {
  id: string; family: string; layout: string; parameters: number; precision: 'float32' | 'float16';
  files: Record<string, number>; seconds: number; peakRssBytes: number;
}

const KILL_GRACE_MS = 3000;

function usage(message: string): PortraitRigError {
  return new PortraitRigError('INVALID_ARGUMENT', message);
}

function checkOptions(options: ConvertCheckpointOptions): void {
  if (!(CHECKPOINT_FAMILIES as readonly string[]).includes(options.family)) {
    throw usage(`family must be "lia" or "lia-x" (got "${String(options.family)}").`);
  }
  if (options.externalData !== undefined && !['auto', 'always', 'never'].includes(options.externalData)) {
    throw usage(`externalData must be "auto", "always" or "never" (got "${String(options.externalData)}").`);
  }
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw usage(`threads must be a positive integer (got ${options.threads}).`);
  }
  if (options.id !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(options.id)) {
    throw usage(`id "${options.id}" must match [a-z0-9][a-z0-9-]* (lower-case letters, digits, dashes).`);
  }
}

/** Runs the exporter; resolves when the process has exited (after a kill too), with its exit code and stderr. */
function runExporter(
  command: string, args: string[], env: NodeJS.ProcessEnv, signal: AbortSignal | undefined,
  onLine: (line: string) => void,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      child.kill('SIGTERM'); // export.py turns it into KeyboardInterrupt and removes its temp folder
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-64 * 1024);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', onLine);
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new PortraitRigError('convert/failed', `could not start ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolvePromise({ code, stderr });
    });
  });
}

function exporterError(checkpoint: string, code: number | null, stderr: string): PortraitRigError {
  const messages = stderr.split('\n').filter((l) => l.startsWith('export: ')).map((l) => l.slice('export: '.length));
  if (code === 2 && messages.length > 0) {
    return new PortraitRigError('convert/bad-checkpoint', `cannot convert "${checkpoint}": ${messages.join('; ')}`);
  }
  const tail = stderr.split('\n').filter((l) => l.trim() && !/UserWarning|^\s+(_C\.|params_dict)/.test(l)).slice(-15).join('\n');
  return new PortraitRigError('convert/failed',
    `converting "${checkpoint}" failed (exporter exit code ${code ?? 'none'}):\n${tail || '(no message)'}\n` +
    'If the checkpoint is an official LIA / LIA-X file, please report this with the message above.');
}

/**
 * Converts a LIA or LIA-X checkpoint into a PortraitRig model folder: finds a Python with PyTorch
 * ({@link findPython}), runs the shipped exporter (`models/tools/export.py`, which reads the checkpoint with a
 * restricted unpickler, infers the architecture from its shapes and writes `encoder.onnx`, `decoder.onnx`,
 * `dictionary.bin`, `manifest.json`), loads the result with the SDK in onnxruntime-node and runs one encode/decode,
 * and only then moves it to `out`. Everything is built in a hidden folder beside `out`; a failure or a cancellation
 * removes it and leaves `out` untouched.
 *
 * Official LIA / LIA-X weights are licensed CC BY-NC 4.0 (non-commercial use only); the converted model stays under
 * that license and its manifest says so (`manifest.license`).
 *
 * @throws PortraitRigError `convert/python-missing` (with what to install), `convert/bad-checkpoint` (not a
 *   checkpoint, truncated, the other family, a pickle that would run code, an unknown architecture),
 *   `convert/failed`, `convert/validation-failed`, `INVALID_ARGUMENT`, `ABORTED`, or a loading error of the result.
 * @example
 * ```ts
 * import { convertCheckpoint } from 'portrait-rig/node';
 * const result = await convertCheckpoint({
 *   checkpoint: 'lia-x.pt', out: 'models/lia-x', family: 'lia-x', fp16: true,
 *   onProgress: (e) => e.status === 'start' && console.log(`[${e.index}/${e.count}] ${e.message}`),
 * });
 * console.log(result.manifest.license.spdx, result.files);
 * ```
 */
export async function convertCheckpoint(options: ConvertCheckpointOptions): Promise<ConvertResult> {
  checkOptions(options);
  const started = performance.now();
  const checkpoint = resolve(options.checkpoint);
  const out = resolve(options.out);
  const signal = options.signal;
  const aborted = (): PortraitRigError => new PortraitRigError('ABORTED', 'the conversion was cancelled; nothing was written.');
  if (!existsSync(checkpoint) || !statSync(checkpoint).isFile()) {
    throw usage(`checkpoint "${options.checkpoint}" is not a file; give the path of the .pt file (e.g. vox.pt or lia-x.pt).`);
  }
  if (options.channels !== undefined && !existsSync(resolve(options.channels))) {
    throw usage(`channels file "${options.channels}" does not exist.`);
  }
  if (existsSync(out) && !options.overwrite) {
    throw usage(`"${options.out}" already exists; choose another output folder or replace it with overwrite (--overwrite).`);
  }
  const env = options.env ?? process.env;
  const python: PythonInfo = typeof options.python === 'object' ? options.python
    : typeof options.python === 'string' ? { command: options.python, version: 'unknown', torch: 'unknown', onnx: 'unknown' }
    : await findPython({ env });
  const tools = pythonToolsDir();
  if (signal?.aborted) throw aborted();

  await mkdir(dirname(out), { recursive: true });
  const work = await mkdtemp(join(dirname(out), `.${basename(out)}.convert-`));
  const staged = join(work, 'model');
  try {
    const validate = options.validate ?? true;
    const args = ['-u', join(tools, 'export.py'), checkpoint, staged, '--family', options.family, '--progress',
      '--external-data', options.externalData ?? 'auto'];
    if (options.fp16) args.push('--fp16');
    if (options.id) args.push('--id', options.id);
    if (options.name) args.push('--name', options.name);
    if (options.channels) args.push('--channels', resolve(options.channels));
    if (options.threads) args.push('--threads', String(options.threads));
    const childEnv: NodeJS.ProcessEnv = { ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
    if (options.threads) childEnv.OMP_NUM_THREADS = String(options.threads);

    let result: ExporterResult | undefined;
    let count = 0;
    const emit = (event: ConvertProgressEvent): void => {
      try {
        options.onProgress?.(event);
      } catch {
        // a failing progress callback must not break the conversion
      }
    };
    const run = await runExporter(python.command, args, childEnv, signal, (line) => {
      if (line.startsWith('PROGRESS ')) {
        const event = JSON.parse(line.slice(9)) as ConvertProgressEvent;
        count = event.count + (validate ? 1 : 0);
        emit({ stage: event.stage, status: event.status, index: event.index, count, message: event.message,
          ...(event.seconds !== undefined ? { seconds: event.seconds } : {}) });
      } else if (line.startsWith('RESULT ')) {
        result = JSON.parse(line.slice(7)) as ExporterResult;
      }
    });
    if (signal?.aborted) throw aborted();
    if (run.code !== 0 || !result) throw exporterError(options.checkpoint, run.code, run.stderr);

    const manifestPath = join(staged, 'manifest.json');
    const manifest = parseModelManifest(await readFile(manifestPath, 'utf8'), manifestPath);
    let validation: SmokeTestResult | undefined;
    if (validate) {
      const message = 'loading the model in onnxruntime-node and decoding a gray image';
      emit({ stage: 'validate', status: 'start', index: count, count, message });
      const t = performance.now();
      validation = await smokeTestModelFolder(staged, {
        ...(options.threads ? { threads: options.threads } : {}),
        ...(options.device ? { device: options.device } : {}),
        ...(signal ? { signal } : {}),
      });
      emit({ stage: 'validate', status: 'done', index: count, count, message, seconds: (performance.now() - t) / 1000 });
    }
    if (signal?.aborted) throw aborted();

    // install: rename into place (the previous folder, with overwrite, is moved aside first and restored on failure)
    if (existsSync(out)) {
      if (!options.overwrite) throw usage(`"${options.out}" appeared while converting; nothing was replaced.`);
      const previous = join(work, 'previous');
      await rename(out, previous);
      try {
        await rename(staged, out);
      } catch (error) {
        await rename(previous, out);
        throw error;
      }
    } else {
      await rename(staged, out);
    }
    return {
      outDir: out, manifest, python, layout: result.layout, parameters: result.parameters, precision: result.precision,
      files: result.files, exportSeconds: result.seconds, seconds: (performance.now() - started) / 1000,
      pythonPeakRssBytes: result.peakRssBytes, ...(validation ? { validation } : {}),
    };
  } catch (error) {
    if (signal?.aborted && !(error instanceof PortraitRigError && error.code === 'ABORTED')) throw aborted();
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
