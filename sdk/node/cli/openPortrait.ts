import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PortraitAnimator } from '../../animator/PortraitAnimator.js';
import { isDevice, type Device } from '../../runtime/Device.js';
import type { PortraitModel } from '../../runtime/PortraitModel.js';
import { defaultModelDir } from '../defaultModelDir.js';
import { readPortrait, type Portrait } from '../io/readPortrait.js';
import { loadModelFromFolder } from '../loadModelFromFolder.js';
import { OrtNodeBackend } from '../OrtNodeBackend.js';
import { CliUsageError, type CliContext } from './CliCommand.js';
import { numberOption, parseFaceBox } from './parseCliArgs.js';

/** Options every rendering command shares. @internal */
export const PORTRAIT_OPTIONS = {
  source: { type: 'string' },
  model: { type: 'string' },
  device: { type: 'string' },
  threads: { type: 'string' },
  face: { type: 'string' },
  size: { type: 'string' },
  strict: { type: 'boolean' },
} as const;

/** Usage lines of {@link PORTRAIT_OPTIONS}. @internal */
export const PORTRAIT_USAGE = [
  '  --source <image>        the portrait (PNG, JPEG, WebP, …; any size)              (required)',
  '  --model <dir>           model folder (default: the bundled models/rig-tiny)',
  '  --device <name>         auto | cpu | cuda | dml | coreml | webgpu (default auto)',
  '  --threads <n>           CPU threads for inference (default: all cores)',
  '  --face <x,y,w,h>        face box in source pixels: frame the crop around it (default: centred square)',
  '  --size model|source     output at the model resolution, or pasted back into the source size (default model)',
  '  --strict                unknown channels are an error instead of a warning',
].join('\n');

/** What a command opened; `close()` releases it. @internal */
export interface OpenPortrait {
  model: PortraitModel;
  animator: PortraitAnimator;
  portrait: Portrait;
  pasteBack: boolean;
  close(): Promise<void>;
}

/**
 * Resolves the model folder, loads it, reads and crops the portrait, and encodes it as the animator's source.
 * @internal
 */
export async function openPortrait(
  command: string,
  values: { source?: string; model?: string; device?: string; threads?: string; face?: string; size?: string; strict?: boolean },
  ctx: CliContext,
): Promise<OpenPortrait> {
  if (!values.source) throw new CliUsageError(`--source <image> is required. See \`portrait-rig ${command} --help\`.`);
  const device = values.device ?? 'auto';
  if (!isDevice(device)) throw new CliUsageError(`--device must be one of auto, cpu, cuda, dml, coreml, webgpu (got "${device}").`);
  const size = values.size ?? 'model';
  if (size !== 'model' && size !== 'source') throw new CliUsageError(`--size must be "model" or "source" (got "${size}").`);
  const threads = numberOption('threads', values.threads, 1, 256, true);
  const faceBox = parseFaceBox(values.face);
  const modelDir = values.model ? resolve(ctx.cwd, values.model) : defaultModelDir();
  if (!values.model && !existsSync(modelDir)) {
    throw new CliUsageError(`the bundled model is not installed at ${modelDir}; pass --model <dir> with a model folder.`, 1);
  }
  const backend = new OrtNodeBackend(threads ? { threads } : {});
  const model = await loadModelFromFolder(modelDir, {
    backend, device: device as Device, signal: ctx.signal,
    onFallback: (e) => ctx.stderr.write(`portrait-rig ${command}: ${e.from} is not usable (${e.reason.split('\n')[0]}); using ${e.to}.\n`),
  });
  try {
    const portrait = await readPortrait(resolve(ctx.cwd, values.source), {
      resolution: model.resolution, label: values.source, ...(faceBox ? { faceBox } : {}),
    });
    const animator = new PortraitAnimator(model, {
      strict: values.strict === true, maxBatch: 4,
      onWarning: (w) => ctx.stderr.write(`portrait-rig ${command}: ${w.message.replace(/^PortraitRig: /, '')}\n`),
    });
    await animator.setSource(portrait.input, { signal: ctx.signal });
    return {
      model, animator, portrait, pasteBack: size === 'source',
      close: async () => {
        await animator.dispose();
        await model.dispose();
      },
    };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
