import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { captureMotion } from '../../../drivers/video/captureMotion.js';
import { DEFAULT_CAPTURE_TOLERANCE, type CaptureTolerance } from '../../../drivers/video/CaptureTolerance.js';
import { frameVideo } from '../../../drivers/video/frameVideo.js';
import { MotionRecorder } from '../../../drivers/video/MotionRecorder.js';
import { MotionTransfer } from '../../../drivers/video/MotionTransfer.js';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { clipToJSON } from '../../../motion/clipToJSON.js';
import { RigCalibration } from '../../../rig/RigCalibration.js';
import { atomicPath } from '../../io/atomicPath.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';
import { numberOption, parseFaceBox } from '../parseCliArgs.js';
import { ProgressBar } from '../ProgressBar.js';
import {
  describeFraming, describeSmooth, loadCliModel, MOTION_USAGE, openDrivingVideo, parseMode, parseOnly, parseSmooth,
} from './drive.js';

const USAGE = `Usage: portrait-rig capture <video> [--out motion.clip.json] [options]

Motion capture: measures the face's pose and expression in every frame of a video with the model's encoder and writes
them as an editable clip file (keyframes thinned to a tolerance), in the model's channels (head.yaw in degrees,
mouth.open …) and dict.<i> for directions the model does not name. Play it with \`portrait-rig render --clip\`.

Options:
  --out <file>             clip file to write (default: <video name>.clip.json)
  --model <dir>            model folder (default: the bundled models/rig-tiny)
  --device <name>          auto | cpu | cuda | dml | coreml | webgpu (default auto)
  --threads <n>            CPU threads for inference (default: all cores)
  --face <x,y,w,h>         face box in video pixels: one crop for the whole video, framed around it
                           (default: the centred square of the video)
${MOTION_USAGE}
  --tolerance <spec>       keyframe thinning: a factor for the defaults (0 keeps every frame, 2 doubles them), or
                           unit=value pairs, e.g. degrees=0.5,amount=0.02 (defaults: degrees=${DEFAULT_CAPTURE_TOLERANCE.degrees},
                           amount=${DEFAULT_CAPTURE_TOLERANCE.amount}, coefficient=${DEFAULT_CAPTURE_TOLERANCE.coefficient})
  --name <name>            clip name (default: the video's file name)

Progress goes to stderr. Ctrl-C cancels and writes nothing.`;

const OPTIONS = {
  out: { type: 'string' }, model: { type: 'string' }, device: { type: 'string' }, threads: { type: 'string' },
  face: { type: 'string' }, mode: { type: 'string' }, only: { type: 'string' }, smooth: { type: 'string' },
  fps: { type: 'string' }, batch: { type: 'string' }, tolerance: { type: 'string' }, name: { type: 'string' },
} as const;

/** `--tolerance`: a factor for the defaults, or unit=value pairs. */
function parseTolerance(value: string | undefined): CaptureTolerance {
  if (value === undefined) return DEFAULT_CAPTURE_TOLERANCE;
  const factor = Number(value);
  if (value.trim() !== '' && Number.isFinite(factor) && factor >= 0) {
    return { degrees: DEFAULT_CAPTURE_TOLERANCE.degrees * factor, amount: DEFAULT_CAPTURE_TOLERANCE.amount * factor,
      coefficient: DEFAULT_CAPTURE_TOLERANCE.coefficient * factor };
  }
  const tolerance: Record<string, number> = { ...DEFAULT_CAPTURE_TOLERANCE };
  for (const pair of value.split(',')) {
    const [unit, text] = pair.split('=').map((p) => p.trim());
    const number = Number(text);
    if (!unit || !(unit in DEFAULT_CAPTURE_TOLERANCE) || text === undefined || text === '' || !Number.isFinite(number) || number < 0) {
      throw new CliUsageError(`--tolerance expects a factor (e.g. 0 or 2) or unit=value pairs with units degrees, amount, coefficient, e.g. --tolerance degrees=0.5,amount=0.02 (got "${value}").`);
    }
    tolerance[unit] = number;
  }
  return tolerance as unknown as CaptureTolerance;
}

function parse(args: string[]): { video: string | undefined; values: Partial<Record<keyof typeof OPTIONS, string>> } {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
    if (positionals.length > 1) throw new CliUsageError(`capture takes one video, got ${positionals.length}: ${positionals.join(' ')}. See \`portrait-rig capture --help\`.`);
    return { video: positionals[0], values };
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`${message}. See \`portrait-rig capture --help\`.`);
  }
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { video: videoPath, values } = parse(args);
  const mode = parseMode(values.mode);
  const only = parseOnly(values.only);
  const smoothing = parseSmooth(values.smooth);
  const tolerance = parseTolerance(values.tolerance);
  const fps = numberOption('fps', values.fps, 1, 240);
  const batch = numberOption('batch', values.batch, 1, 64, true) ?? 8;
  const faceBox = parseFaceBox(values.face);
  if (!videoPath) throw new CliUsageError('give the video to capture: portrait-rig capture <video> [--out motion.clip.json]. See `portrait-rig capture --help`.');
  const stem = basename(videoPath, extname(videoPath)) || 'capture';
  const out = resolve(ctx.cwd, values.out ?? `${stem}.clip.json`);
  if (values.out !== undefined && extname(out).toLowerCase() !== '.json') {
    throw new CliUsageError(`--out "${values.out}": a clip is JSON; use a .json file name, e.g. ${stem}.clip.json.`);
  }

  const video = await openDrivingVideo(videoPath, '<video>', fps, ctx, 'capture');
  const model = await loadCliModel('capture', values, ctx);
  const temp = atomicPath(out);
  try {
    const calibration = new RigCalibration(model.manifest);
    const framing = await frameVideo(video, { resolution: model.resolution, signal: ctx.signal, ...(faceBox ? { faceBox } : {}) });
    const info = video.info;
    ctx.stderr.write(`portrait-rig capture: ${info.width}×${info.height}, ${info.fps} fps, ${info.frameCount ?? '?'} frames; ` +
      `crop: ${describeFraming(framing)}; mode ${mode}${only ? `, ${only} only` : ''}; smoothing ${describeSmooth(smoothing)}\n`);
    const transfer = new MotionTransfer(calibration, { mode, ...(only ? { only } : {}) });
    const recorder = new MotionRecorder(calibration, { tolerance });
    const motion = new Float32Array(calibration.motionDim);
    const bar = new ProgressBar(ctx.stderr, info.frameCount ?? 1, 'frames');
    const started = Date.now();
    bar.update(0);
    for await (const frame of captureMotion(model, video, { crop: framing.crop, smoothing, batchSize: batch, signal: ctx.signal })) {
      recorder.add(frame.time, transfer.motion(frame.alpha, motion));
      bar.update(recorder.frameCount);
    }
    if (ctx.signal.aborted) throw new PortraitRigError('ABORTED', 'capture was cancelled.');
    bar.finish();
    const frames = recorder.frameCount;
    const clip = recorder.toClip({
      name: values.name ?? stem, duration: frames / info.fps,
      meta: {
        source: basename(videoPath), fps: info.fps, mode, only: only ?? 'all', smoothing: describeSmooth(smoothing),
        crop: { x: framing.crop.x, y: framing.crop.y, size: framing.crop.width, method: framing.method },
      },
    });
    await writeFile(temp, `${JSON.stringify(clipToJSON(clip), null, 2)}\n`);
    if (ctx.signal.aborted) throw new PortraitRigError('ABORTED', 'capture was cancelled.');
    await rename(temp, out);
    const keys = clip.tracks.reduce((sum, track) => sum + track.keyCount, 0);
    const fpsDone = frames / Math.max((Date.now() - started) / 1000, 1e-3);
    ctx.stdout.write(`wrote ${out} (${frames} frames, ${clip.duration.toFixed(2)} s at ${info.fps} fps → ${clip.tracks.length} tracks, ${keys} keys: ` +
      `${clip.tracks.map((t) => `${t.name} ${t.keyCount}`).join(', ') || 'no motion'}; model ${model.manifest.id} on ${model.device}, mode ${mode}, ` +
      `${fpsDone.toFixed(1)} fps)\n`);
    return 0;
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof PortraitRigError && error.code === 'ABORTED') {
      ctx.stderr.write('\nportrait-rig capture: cancelled; nothing was written.\n');
      return 130;
    }
    throw error;
  } finally {
    await model.dispose();
  }
}

/** `portrait-rig capture`: motion capture from a video into an editable clip file. */
export const captureCommand: CliCommand = {
  name: 'capture',
  summary: 'Capture the motion of a face video into an editable clip file (motion capture)',
  usage: USAGE,
  run,
};
