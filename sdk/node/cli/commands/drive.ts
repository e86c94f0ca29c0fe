import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { driveAnimator } from '../../../drivers/video/driveAnimator.js';
import { frameVideo, type VideoFraming } from '../../../drivers/video/frameVideo.js';
import { DEFAULT_ONE_EURO, type OneEuroFilterOptions } from '../../../drivers/video/OneEuroFilter.js';
import type { TransferMode } from '../../../drivers/video/TransferMode.js';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { pastePortrait } from '../../../image/pastePortrait.js';
import type { RgbaImage } from '../../../image/RgbaImage.js';
import type { ChannelGroup } from '../../../rig/channels.js';
import { isDevice, type Device } from '../../../runtime/Device.js';
import type { PortraitModel } from '../../../runtime/PortraitModel.js';
import { defaultModelDir } from '../../defaultModelDir.js';
import { loadModelFromFolder } from '../../loadModelFromFolder.js';
import { OrtNodeBackend } from '../../OrtNodeBackend.js';
import { createFrameSink } from '../../video/createFrameSink.js';
import type { FfmpegVideoSource } from '../../video/FfmpegVideoSource.js';
import type { FrameSink } from '../../video/FrameSink.js';
import { openVideo } from '../../video/openVideo.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';
import { openPortrait, PORTRAIT_OPTIONS, PORTRAIT_USAGE } from '../openPortrait.js';
import { numberOption, parseCliArgs, parseFaceBox, parseSetOptions } from '../parseCliArgs.js';
import { ProgressBar } from '../ProgressBar.js';

/** Usage lines of the options `drive` and `capture` share. @internal */
export const MOTION_USAGE = [
  '  --mode relative|absolute relative (default): the change since the first driving frame, added to the portrait\'s',
  '                           own pose and expression; absolute: the driving face\'s measured pose and expression',
  '  --only pose|expression   transfer only the head pose, or only the expression (default: both)',
  `  --smooth <spec>          1 € filter against jitter: off, or minCutoff[,beta[,derivativeCutoff]] in Hz`,
  `                           (default ${DEFAULT_ONE_EURO.minCutoff},${DEFAULT_ONE_EURO.beta},${DEFAULT_ONE_EURO.derivativeCutoff})`,
  '  --fps <n>                resample the video to n frames per second (default: every frame at its own rate)',
  '  --batch <n>              frames per encoder/decoder call (default 8)',
].join('\n');

/** `--mode`. @internal */
export function parseMode(value: string | undefined): TransferMode {
  if (value === undefined || value === 'relative' || value === 'absolute') return value ?? 'relative';
  throw new CliUsageError(`--mode must be "relative" or "absolute" (got "${value}").`);
}

/** `--only`. @internal */
export function parseOnly(value: string | undefined): ChannelGroup | undefined {
  if (value === undefined || value === 'pose' || value === 'expression') return value;
  throw new CliUsageError(`--only must be "pose" or "expression" (got "${value}"); leave it out to transfer both.`);
}

/** `--smooth off | minCutoff[,beta[,derivativeCutoff]]`. @internal */
export function parseSmooth(value: string | undefined): OneEuroFilterOptions | false {
  if (value === undefined) return DEFAULT_ONE_EURO;
  if (['off', 'none', 'false', '0'].includes(value.trim().toLowerCase())) return false;
  const parts = value.split(',').map((p) => Number(p.trim()));
  const ok = parts.length >= 1 && parts.length <= 3 && parts.every(Number.isFinite) && parts[0]! > 0 && (parts[1] ?? 0) >= 0 && (parts[2] ?? 1) > 0;
  if (!ok) {
    throw new CliUsageError(`--smooth expects "off" or minCutoff[,beta[,derivativeCutoff]] (Hz, Hz per coefficient/s, Hz), e.g. --smooth 1.5,0.5 (got "${value}").`);
  }
  return { minCutoff: parts[0]!, beta: parts[1] ?? DEFAULT_ONE_EURO.beta, derivativeCutoff: parts[2] ?? DEFAULT_ONE_EURO.derivativeCutoff };
}

/** Describes the smoothing for messages and clip metadata. @internal */
export function describeSmooth(smooth: OneEuroFilterOptions | false): string {
  return smooth === false ? 'off' : `1 € filter minCutoff ${smooth.minCutoff} Hz, beta ${smooth.beta}, derivativeCutoff ${smooth.derivativeCutoff} Hz`;
}

/** Describes a framing for the log line. @internal */
export function describeFraming(framing: VideoFraming): string {
  const { crop } = framing;
  const box = `${crop.width}×${crop.height} at (${crop.x}, ${crop.y})`;
  return framing.method === 'center' ? `centred square ${box}` : `around the face box, ${box}${crop.padded ? ', padded' : ''}`;
}

/** Opens the driving video (probe + first frame) before any model work, so bad files fail fast. @internal */
export async function openDrivingVideo(path: string | undefined, option: string, fps: number | undefined, ctx: CliContext, command: string): Promise<FfmpegVideoSource> {
  if (!path) throw new CliUsageError(`${option} <video> is required. See \`portrait-rig ${command} --help\`.`);
  return openVideo(resolve(ctx.cwd, path), { label: path, signal: ctx.signal, ...(fps !== undefined ? { fps } : {}) });
}

/** Loads `--model` (default the bundled rig-tiny) with `--device`/`--threads`. @internal */
export async function loadCliModel(command: string, values: { model?: string; device?: string; threads?: string }, ctx: CliContext): Promise<PortraitModel> {
  const device = values.device ?? 'auto';
  if (!isDevice(device)) throw new CliUsageError(`--device must be one of auto, cpu, cuda, dml, coreml, webgpu (got "${device}").`);
  const threads = numberOption('threads', values.threads, 1, 256, true);
  const modelDir = values.model ? resolve(ctx.cwd, values.model) : defaultModelDir();
  if (!values.model && !existsSync(modelDir)) {
    throw new CliUsageError(`the bundled model is not installed at ${modelDir}; pass --model <dir> with a model folder.`, 1);
  }
  return loadModelFromFolder(modelDir, {
    backend: new OrtNodeBackend(threads ? { threads } : {}), device: device as Device, signal: ctx.signal,
    onFallback: (e) => ctx.stderr.write(`portrait-rig ${command}: ${e.from} is not usable (${e.reason.split('\n')[0]}); using ${e.to}.\n`),
  });
}

const USAGE = `Usage: portrait-rig drive --source <image> --driving <video> [options]

Animates a portrait with the motion of a driving video (LIA-style motion transfer: the portrait receives the driving
face's change of pose and expression since the first frame) and writes a video, an animated image or PNG frames.

Options:
${PORTRAIT_USAGE}
  --driving <video>        the driving video: mp4, mov, mkv, webm, … (read with ffmpeg)          (required)
  --driving-face <x,y,w,h> face box in driving-video pixels: one crop for the whole video, framed around it
                           (default: the centred square of the video)
${MOTION_USAGE}
  --set <channel=value>    edit applied to every frame before the motion, repeatable (e.g. --set mouth.smile=0.3)
  --out <path>             .mp4/.webm/.mov/.mkv (ffmpeg), .webp/.gif (animated), or a folder ending in "/"
                           (default: <source name>.driven.mp4); frame rate: the driving video's

Progress goes to stderr. Ctrl-C cancels and leaves no partial output.`;

const OUTPUT_EXTENSIONS = ['.mp4', '.webm', '.mov', '.mkv', '.m4v', '.webp', '.gif'];

async function run(args: string[], ctx: CliContext): Promise<number> {
  const values = parseCliArgs('drive', args, {
    ...PORTRAIT_OPTIONS,
    driving: { type: 'string' }, 'driving-face': { type: 'string' }, mode: { type: 'string' }, only: { type: 'string' },
    smooth: { type: 'string' }, fps: { type: 'string' }, batch: { type: 'string' }, set: { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (!values.source) throw new CliUsageError('--source <image> is required. See `portrait-rig drive --help`.');
  const mode = parseMode(values.mode);
  const only = parseOnly(values.only);
  const smoothing = parseSmooth(values.smooth);
  const fps = numberOption('fps', values.fps, 1, 240);
  const batch = numberOption('batch', values.batch, 1, 64, true) ?? 8;
  const edit = parseSetOptions(values.set);
  const drivingFace = parseFaceBox(values['driving-face']);
  const source = values.source;
  const out = resolve(ctx.cwd, values.out ?? `${basename(source, extname(source)) || 'portrait'}.driven.mp4`);
  const ext = extname(out).toLowerCase();
  if (!values.out?.endsWith('/') && ext !== '' && !OUTPUT_EXTENSIONS.includes(ext)) {
    throw new CliUsageError(`--out "${values.out}": unknown extension "${ext}"; use ${OUTPUT_EXTENSIONS.join(', ')} or a folder ending in "/".`);
  }

  const video = await openDrivingVideo(values.driving, '--driving', fps, ctx, 'drive');
  const opened = await openPortrait('drive', values, ctx);
  let sink: FrameSink | undefined;
  try {
    const { animator, portrait, model } = opened;
    if (Object.keys(edit).length > 0) animator.setEdit(edit);
    const framing = await frameVideo(video, { resolution: model.resolution, signal: ctx.signal, ...(drivingFace ? { faceBox: drivingFace } : {}) });
    const info = video.info;
    ctx.stderr.write(`portrait-rig drive: driving video ${info.width}×${info.height}, ${info.fps} fps, ${info.frameCount ?? '?'} frames; ` +
      `crop: ${describeFraming(framing)}; mode ${mode}${only ? `, ${only} only` : ''}; smoothing ${describeSmooth(smoothing)}\n`);
    const width = opened.pasteBack ? portrait.image.width : model.resolution;
    const height = opened.pasteBack ? portrait.image.height : model.resolution;
    sink = await createFrameSink(out + (values.out?.endsWith('/') ? '/' : ''), {
      width, height, fps: info.fps,
      onNotice: (message) => ctx.stderr.write(`portrait-rig drive: ${message}\n`),
    });
    const bar = new ProgressBar(ctx.stderr, info.frameCount ?? 1, 'frames');
    const pasted = opened.pasteBack ? new Uint8ClampedArray(width * height * 4) : undefined;
    const started = Date.now();
    let written = 0;
    bar.update(0);
    for await (const driven of driveAnimator(animator, video, {
      crop: framing.crop, mode, smoothing, batchSize: batch, signal: ctx.signal, ...(only ? { only } : {}),
    })) {
      const image: RgbaImage = pasted ? pastePortrait(portrait.image, driven.frame, portrait.crop, { out: pasted, feather: 2 }) : driven.frame;
      await sink.write(image);
      written += 1;
      bar.update(written);
    }
    if (ctx.signal.aborted) throw new PortraitRigError('ABORTED', 'drive was cancelled.');
    await sink.finish();
    bar.finish();
    const seconds = (Date.now() - started) / 1000;
    ctx.stdout.write(`wrote ${sink.path} (${written} frames, ${(written / info.fps).toFixed(2)} s at ${info.fps} fps, ${width}×${height}, ` +
      `${sink.description}; model ${model.manifest.id} on ${model.device}, ${(written / Math.max(seconds, 1e-3)).toFixed(1)} fps)\n`);
    return 0;
  } catch (error) {
    await sink?.abort();
    if (error instanceof PortraitRigError && error.code === 'ABORTED') {
      ctx.stderr.write('\nportrait-rig drive: cancelled; nothing was written.\n');
      return 130;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

/** `portrait-rig drive`: animate a portrait with a driving video (motion transfer). */
export const driveCommand: CliCommand = {
  name: 'drive',
  summary: 'Animate a portrait with the motion of a driving video (relative/absolute, pose or expression only)',
  usage: USAGE,
  run,
};
