import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { pastePortrait } from '../../../image/pastePortrait.js';
import type { RgbaImage } from '../../../image/RgbaImage.js';
import { loadClip } from '../../../motion/loadClip.js';
import { MotionMixer } from '../../../motion/MotionMixer.js';
import { audioFileToClip } from '../../audio/audioFileToClip.js';
import { packageRoot } from '../../packageRoot.js';
import { createFrameSink } from '../../video/createFrameSink.js';
import type { FrameSink } from '../../video/FrameSink.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';
import { openPortrait, PORTRAIT_OPTIONS, PORTRAIT_USAGE } from '../openPortrait.js';
import { numberOption, parseCliArgs, parseSetOptions } from '../parseCliArgs.js';
import { ProgressBar } from '../ProgressBar.js';

const USAGE = `Usage: portrait-rig render --source <image> [options]

Animates a portrait with a clip and writes a video, an animated image or a folder of frames.

Options:
${PORTRAIT_USAGE}
  --clip <file.clip.json>  motion clip (default: the bundled models/clips/hello.clip.json)
  --fps <n>               frames per second (default 25)
  --duration <seconds>    length (default: the clip's duration, or the audio's with --audio)
  --audio <file>          speech (WAV, or any format ffmpeg reads) that drives the mouth over the clip
                          (lip sync on a layer above it) and is muxed into video outputs
  --audio-offset <ms>     move the mouth later (+) or earlier (−) than the sound (default 0)
  --audio-prosody         add subtle nods and brow raises on stressed syllables
  --set <channel=value>   edit applied to every frame before the motion, repeatable (e.g. --set mouth.smile=0.3)
  --out <path>            .mp4/.webm/.mov/.mkv (ffmpeg), .webp/.gif (animated), or a folder ending in "/"
                          (default: <source name>.mp4 in the working directory; without ffmpeg an animated .webp)

Ctrl-C cancels and leaves no partial output.`;

const OUTPUT_EXTENSIONS = ['.mp4', '.webm', '.mov', '.mkv', '.m4v', '.webp', '.gif'];

/** The bundled default clip. */
function defaultClipPath(): string {
  return join(packageRoot(), 'models', 'clips', 'hello.clip.json');
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const values = parseCliArgs('render', args, {
    ...PORTRAIT_OPTIONS,
    clip: { type: 'string' }, fps: { type: 'string' }, duration: { type: 'string' }, out: { type: 'string' },
    set: { type: 'string', multiple: true },
    audio: { type: 'string' }, 'audio-offset': { type: 'string' }, 'audio-prosody': { type: 'boolean' },
  });
  const fps = numberOption('fps', values.fps, 1, 240) ?? 25;
  const durationArg = numberOption('duration', values.duration, 0.001, 3600);
  const edit = parseSetOptions(values.set);
  const clipPath = values.clip ? resolve(ctx.cwd, values.clip) : defaultClipPath();
  let clipText: string;
  try {
    clipText = await readFile(clipPath, 'utf8');
  } catch {
    throw new CliUsageError(`cannot read the clip "${values.clip ?? clipPath}"; check the path.`, 1);
  }
  const clip = loadClip(clipText, { source: values.clip ?? basename(clipPath) });
  const audioPath = values.audio ? resolve(ctx.cwd, values.audio) : undefined;
  const audioOffset = numberOption('audio-offset', values['audio-offset'], -5000, 5000);
  const speech = audioPath ? (await audioFileToClip(audioPath, {
    fps, source: values.audio, latencyMs: audioOffset, prosody: values['audio-prosody'] === true, signal: ctx.signal,
    onWarning: (warning) => ctx.stderr.write(`portrait-rig render: ${warning.message.replace(/^PortraitRig: /, '')}\n`),
  })).clip : undefined;
  const duration = durationArg ?? speech?.duration ?? clip.duration;
  const frameCount = Math.max(1, Math.round(duration * fps));
  const source = values.source ?? '';
  const out = resolve(ctx.cwd, values.out ?? `${basename(source, extname(source)) || 'portrait'}.mp4`);

  const ext = extname(out).toLowerCase();
  if (!values.out?.endsWith('/') && ext !== '' && !OUTPUT_EXTENSIONS.includes(ext)) {
    throw new CliUsageError(`--out "${values.out}": unknown extension "${ext}"; use ${OUTPUT_EXTENSIONS.join(', ')} or a folder ending in "/".`);
  }

  const opened = await openPortrait('render', values, ctx);
  let sink: FrameSink | undefined;
  try {
    const { animator, portrait, model } = opened;
    if (Object.keys(edit).length > 0) animator.setEdit(edit);
    const width = opened.pasteBack ? portrait.image.width : model.resolution;
    const height = opened.pasteBack ? portrait.image.height : model.resolution;
    sink = await createFrameSink(out + (values.out?.endsWith('/') ? '/' : ''), {
      width, height, fps, audio: audioPath,
      onNotice: (message) => ctx.stderr.write(`portrait-rig render: ${message}\n`),
    });
    const manifest = model.manifest;
    const mixer = new MotionMixer({ channels: [], neutralOf: (c) => manifest.channels[c]?.neutral ?? 0 });
    // Speech owns the jaw: the clip's mouth.open/mouth.round are masked, the lip sync adds on the layer above.
    mixer.clipAction(clip, speech ? { mask: (channel) => channel !== 'mouth.open' && channel !== 'mouth.round' } : {}).play();
    if (speech) mixer.clipAction(speech, { layer: 1, blendMode: 'additive' }).play();
    const frame = mixer.frame;
    const bar = new ProgressBar(ctx.stderr, frameCount, 'frames');
    const started = Date.now();
    const chunk = 4;
    const pasted = opened.pasteBack ? new Uint8ClampedArray(width * height * 4) : undefined;
    let written = 0;
    // One α buffer per batch slot, reused for every chunk.
    const alphas = Array.from({ length: chunk }, () => new Float32Array(animator.motionDim));
    bar.update(0);
    for (let start = 0; start < frameCount; start += chunk) {
      if (ctx.signal.aborted) throw new PortraitRigError('ABORTED', 'render was cancelled.');
      const count = Math.min(chunk, frameCount - start);
      for (let i = 0; i < count; i += 1) {
        mixer.setTime((start + i) / fps);
        animator.calibration.toAlpha(frame, alphas[i]);
      }
      const frames = await animator.renderBatch(count === chunk ? alphas : alphas.slice(0, count), { signal: ctx.signal });
      for (const rendered of frames) {
        const image: RgbaImage = pasted ? pastePortrait(portrait.image, rendered, portrait.crop, { out: pasted, feather: 2 }) : rendered;
        await sink.write(image);
        written += 1;
        bar.update(written);
      }
    }
    if (ctx.signal.aborted) throw new PortraitRigError('ABORTED', 'render was cancelled.');
    await sink.finish();
    bar.finish();
    const seconds = (Date.now() - started) / 1000;
    ctx.stdout.write(`wrote ${sink.path} (${frameCount} frames, ${(frameCount / fps).toFixed(2)} s at ${fps} fps, ${width}×${height}, ` +
      `${sink.description}; model ${manifest.id} on ${model.device}, ${(frameCount / Math.max(seconds, 1e-3)).toFixed(1)} fps)\n`);
    return 0;
  } catch (error) {
    await sink?.abort();
    if (error instanceof PortraitRigError && error.code === 'ABORTED') {
      ctx.stderr.write('\nportrait-rig render: cancelled; nothing was written.\n');
      return 130;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

/** `portrait-rig render`: animate a portrait with a clip into a video, animated image or frames. */
export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Animate a portrait with a clip into .mp4/.webm (ffmpeg), .webp/.gif or a folder of PNG frames',
  usage: USAGE,
  run,
};
