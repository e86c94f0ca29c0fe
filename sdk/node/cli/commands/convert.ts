import { resolve } from 'node:path';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { isDevice } from '../../../runtime/Device.js';
import type { ConvertProgressEvent } from '../../convert/ConvertProgressEvent.js';
import { CHECKPOINT_FAMILIES, convertCheckpoint, type CheckpointFamily, type ExternalDataMode } from '../../convert/convertCheckpoint.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';
import { numberOption, parseCliArgs } from '../parseCliArgs.js';

const USAGE = `Usage: portrait-rig convert --family lia|lia-x --checkpoint <file.pt> --out <dir> [options]

Converts an official LIA (vox.pt, taichi.pt, ted.pt) or LIA-X (lia-x.pt) checkpoint into a PortraitRig model folder
(encoder.onnx, decoder.onnx, dictionary.bin, manifest.json), loads it with onnxruntime-node, decodes one image, and
only then writes it to --out. Needs Python 3 with PyTorch (>= 1.13) and onnx: PORTRAIT_RIG_PYTHON, else python3 on
PATH, else /usr/bin/python3 (Debian: apt-get install python3-torch python3-onnx; pip: pip install torch onnx).

Options:
  --family lia|lia-x          the checkpoint's family (a checkpoint of the other family is refused)
  --checkpoint <file.pt>      the checkpoint (read with a restricted unpickler: a pickle that would run code is refused)
  --out <dir>                 model folder to create
  --fp16                      float16 weights and feature maps (float32 inputs/outputs): half the size, for GPUs;
                              on a CPU float32 is faster
  --external-data auto|always|never
                              weights in <graph>.onnx.data beside the graph: above ~1.9 GB (auto, default), always, never
  --channels <file.json>      channel map {"channels", "directionGroups"} replacing the family default (manifest format)
  --id <id>  --name <text>    model id ([a-z0-9-]) and name in the manifest
  --threads <n>               threads for PyTorch and onnxruntime (default: all cores)
  --device cpu|cuda|…         device for the validation (default cpu)
  --no-validate               skip loading the result in onnxruntime-node
  --overwrite                 replace --out when it exists

License: official LIA / LIA-X weights are CC BY-NC 4.0 (non-commercial use only). The converted model stays under
that license; its manifest records it and \`portrait-rig info\` shows it.

Ctrl-C cancels: the Python exporter is stopped and nothing is left behind (exit code 130).`;

const LICENSE_NOTICE = 'License: official LIA / LIA-X weights are licensed CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): ' +
  'non-commercial use only, with attribution to the authors. The converted model stays under that license; its manifest records it.';

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

/** Renders conversion steps on stderr: a line redrawn every second on a terminal, start/done lines in logs. */
class StepDisplay {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #started = new Map<string, string>();
  #current: ConvertProgressEvent | undefined;
  #since = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  update(event: ConvertProgressEvent): void {
    if (event.status === 'start') this.#started.set(event.stage, event.message);
    const startMessage = this.#started.get(event.stage) ?? event.message;
    const label = `[${event.index}/${event.count}] ${startMessage}`;
    // a done event may carry what the step found (e.g. the architecture read from the checkpoint)
    const found = event.status === 'done' && event.message !== startMessage ? ` (${event.message})` : '';
    if (!this.#stream.isTTY) {
      this.#stream.write(event.status === 'start' ? `${label} …\n` : `${label}: done in ${(event.seconds ?? 0).toFixed(1)} s${found}\n`);
      return;
    }
    if (event.status === 'start') {
      this.#current = event;
      this.#since = Date.now();
      this.#draw();
      this.#timer ??= setInterval(() => this.#draw(), 1000);
      this.#timer.unref();
    } else {
      this.#current = undefined;
      this.#stream.write(`\r${label}: ${(event.seconds ?? 0).toFixed(1)} s${found}\x1b[K\n`);
    }
  }

  #draw(): void {
    if (!this.#current) return;
    const seconds = Math.round((Date.now() - this.#since) / 1000);
    this.#stream.write(`\r[${this.#current.index}/${this.#current.count}] ${this.#current.message} … ${seconds} s\x1b[K`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#current && this.#stream.isTTY) this.#stream.write('\n');
    this.#current = undefined;
  }
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const values = parseCliArgs('convert', args, {
    family: { type: 'string' }, checkpoint: { type: 'string' }, out: { type: 'string' }, fp16: { type: 'boolean' },
    'external-data': { type: 'string' }, channels: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' },
    threads: { type: 'string' }, device: { type: 'string' }, 'no-validate': { type: 'boolean' }, overwrite: { type: 'boolean' },
  });
  const family = values.family;
  if (!family || !(CHECKPOINT_FAMILIES as readonly string[]).includes(family)) {
    throw new CliUsageError(family === undefined
      ? '--family lia|lia-x is required (lia: vox.pt, taichi.pt, ted.pt; lia-x: lia-x.pt).'
      : `--family must be "lia" or "lia-x" (got "${family}"). See \`portrait-rig convert --help\`.`);
  }
  if (!values.checkpoint) throw new CliUsageError('--checkpoint <file.pt> is required.');
  if (!values.out) throw new CliUsageError('--out <dir> is required (the model folder to create).');
  const externalData = values['external-data'] ?? 'auto';
  if (!['auto', 'always', 'never'].includes(externalData)) {
    throw new CliUsageError(`--external-data must be auto, always or never (got "${externalData}").`);
  }
  const threads = numberOption('threads', values.threads, 1, 1024, true);
  const device = values.device;
  if (device !== undefined && !isDevice(device)) {
    throw new CliUsageError(`--device must be one of auto, cpu, cuda, dml, coreml, webgpu (got "${device}").`);
  }

  const display = new StepDisplay(ctx.stderr);
  ctx.stderr.write(`${LICENSE_NOTICE}\n`);
  try {
    const result = await convertCheckpoint({
      checkpoint: resolve(ctx.cwd, values.checkpoint), out: resolve(ctx.cwd, values.out), family: family as CheckpointFamily,
      externalData: externalData as ExternalDataMode, signal: ctx.signal, onProgress: (e) => display.update(e),
      ...(values.fp16 ? { fp16: true } : {}),
      ...(values.overwrite ? { overwrite: true } : {}),
      ...(values['no-validate'] ? { validate: false } : {}),
      ...(values.channels ? { channels: resolve(ctx.cwd, values.channels) } : {}),
      ...(values.id ? { id: values.id } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(threads ? { threads } : {}),
      ...(device ? { device } : {}),
    });
    display.stop();
    const m = result.manifest;
    const files = Object.entries(result.files);
    const total = files.reduce((sum, [, size]) => sum + size, 0);
    const named = Object.values(m.channels);
    const unverified = named.filter((c) => !c.verified).length;
    const lines = [
      `Converted ${values.checkpoint} → ${result.outDir} in ${result.seconds.toFixed(1)} s`,
      `  model       ${m.id}: ${m.family}, ${m.resolution}×${m.resolution}, styleDim ${m.styleDim}, motionDim ${m.motionDim}, ` +
        `${(result.parameters / 1e6).toFixed(2)} M parameters, ${result.precision} (checkpoint layout: ${result.layout})`,
      `  files       ${files.map(([n, s]) => `${n} ${megabytes(s)}`).join(', ')} (total ${megabytes(total)})`,
      `  channels    ${named.length === 0 ? `none named: drive the raw directions dict.0 … dict.${m.motionDim - 1}`
        : `${named.length} named${unverified > 0 ? `, ${unverified} unverified (official map: check signs and ranges; override ` +
          'with withChannelOverrides or --channels)' : ''}`}`,
      result.validation
        ? `  check       loaded with onnxruntime-node (${result.validation.device}) in ${(result.validation.loadMs / 1000).toFixed(1)} s; ` +
          `encode ${result.validation.encodeMs.toFixed(0)} ms, decode ${result.validation.decodeMs.toFixed(0)} ms; output finite ` +
          `[${result.validation.outputRange[0].toFixed(2)}, ${result.validation.outputRange[1].toFixed(2)}]`
        : '  check       skipped (--no-validate)',
      `  python      ${result.python.command} (torch ${result.python.torch}): export ${result.exportSeconds.toFixed(1)} s, ` +
        `peak memory ${megabytes(result.pythonPeakRssBytes)}; this process (validation) peak memory ` +
        `${megabytes(process.resourceUsage().maxRSS * 1024)}`,
      `  license     ${m.license.spdx}: ${m.license.notice}${m.license.url ? ` (${m.license.url})` : ''}`,
    ];
    ctx.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (error) {
    display.stop();
    if (error instanceof PortraitRigError && error.code === 'ABORTED') {
      ctx.stderr.write('portrait-rig convert: cancelled; nothing was written.\n');
      return 130;
    }
    if (error instanceof PortraitRigError && (error.code === 'INVALID_ARGUMENT' || error.code === 'convert/python-missing' ||
      error.code === 'convert/bad-checkpoint')) {
      throw new CliUsageError(error.message.replace(/^PortraitRig: /, ''), error.code === 'INVALID_ARGUMENT' ? 2 : 1);
    }
    throw error;
  }
}

/** `portrait-rig convert`: an official LIA / LIA-X checkpoint → a validated PortraitRig model folder. */
export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Convert an official LIA / LIA-X checkpoint (.pt) into a model folder (needs Python with PyTorch)',
  usage: USAGE,
  run,
};
