import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, fixtureDir, repoRoot } from '../../../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../../animator/PortraitAnimator.js';
import { defaultModelDir } from '../../defaultModelDir.js';
import { readImage } from '../../io/readImage.js';
import { readPortrait } from '../../io/readPortrait.js';
import { loadModelFromFolder } from '../../loadModelFromFolder.js';
import { OrtNodeBackend } from '../../OrtNodeBackend.js';
import { runCliInProcess, type CliRun } from '../../../../test/support/runCliInProcess.js';

const MODEL = fixtureDir('liax-tiny');
let dir = '';
let source = '';

/** Runs the CLI in-process in the test folder; `onStderr` sees every stderr chunk (to abort mid-render). */
const cli = (argv: string[], options: { signal?: AbortSignal; onStderr?: (text: string) => void } = {}): Promise<CliRun> =>
  runCliInProcess(argv, dir, options);

function probe(file: string): { frames: number; width: number; height: number; duration: number } {
  const json = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries',
    'stream=nb_read_frames,width,height,duration', '-of', 'json', file], { encoding: 'utf8' });
  const stream = (JSON.parse(json) as { streams: { nb_read_frames: string; width: number; height: number; duration: string }[] }).streams[0]!;
  return { frames: Number(stream.nb_read_frames), width: stream.width, height: stream.height, duration: Number(stream.duration) };
}

const leftovers = (folder: string): string[] => readdirSync(folder).filter((n) => n.includes('.partial'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-cli-'));
  source = path.join(dir, 'face.png');
  // odd size on purpose: pasted-back mp4 output must come out even
  const width = 101;
  const height = 75;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i += 1) {
    raw[i * 3] = (i * 7) % 256;
    raw[i * 3 + 1] = 120 + ((i / width) % 100);
    raw[i * 3 + 2] = 60;
  }
  await sharp(raw, { raw: { width, height, channels: 3 } }).png().toFile(source);
});

afterEach(() => {
  delete process.env.PORTRAIT_RIG_FFMPEG;
});

describe('portrait-rig render', () => {
  it('writes an mp4 with fps × duration frames at the model resolution, with progress on stderr', async () => {
    const out = path.join(dir, 'clip.mp4');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '10', '--duration', '1.5', '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote ${out} (15 frames, 1.50 s at 10 fps, 64×64`);
    expect(run.stderr).toMatch(/15\/15 frames 100%/);
    expect(probe(out)).toMatchObject({ frames: 15, width: 64, height: 64, duration: 1.5 });
    expect(leftovers(dir)).toEqual([]);
  });

  it('pastes back into the source size, cropped to even dimensions for mp4', async () => {
    const out = path.join(dir, 'full.mp4');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '5', '--duration', '1', '--size', 'source', '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(probe(out)).toMatchObject({ frames: 5, width: 100, height: 74 });
  });

  it('uses the bundled default clip without --clip (its 4 s duration)', async () => {
    const out = path.join(dir, 'default.gif');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '4', '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta.pages).toBe(16);
    expect([meta.width, meta.pageHeight]).toEqual([64, 64]);
  });

  it('writes an animated webp and a folder of PNG frames', async () => {
    const webp = path.join(dir, 'anim.webp');
    expect((await cli(['render', '--source', source, '--model', MODEL, '--fps', '6', '--duration', '0.5', '--out', webp])).code).toBe(0);
    expect((await sharp(webp, { animated: true }).metadata()).pages).toBe(3);
    const frames = path.join(dir, 'frames') + '/';
    const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '6', '--duration', '0.5', '--out', frames]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(frames).sort()).toEqual(['frame_00000.png', 'frame_00001.png', 'frame_00002.png']);
  });

  it('falls back to an animated webp with a clear message when ffmpeg is missing', async () => {
    process.env.PORTRAIT_RIG_FFMPEG = path.join(dir, 'no-such-ffmpeg');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '4', '--duration', '0.5', '--out', path.join(dir, 'noff.mp4')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ffmpeg was not found.*writing an animated WebP to ".*noff\.webp" instead\. Install ffmpeg/);
    expect(existsSync(path.join(dir, 'noff.mp4'))).toBe(false);
    expect((await sharp(path.join(dir, 'noff.webp'), { animated: true }).metadata()).pages).toBe(2);
  });

  it('Ctrl-C mid-render (aborted signal) exits 130 and leaves no file, partial or final', async () => {
    for (const name of ['cancel.mp4', 'cancel.webp', 'cancelled-frames/']) {
      const out = path.join(dir, name);
      const controller = new AbortController();
      const run = await cli(['render', '--source', source, '--model', MODEL, '--fps', '25', '--duration', '8', '--out', out, '--threads', '1'], {
        signal: controller.signal,
        onStderr: (text) => { if (/^[1-9]\d*\/200 frames/m.test(text)) controller.abort(new Error('cancelled by the user')); },
      });
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toContain('cancelled; nothing was written');
      expect(existsSync(out.replace(/\/$/, '')) && readdirSync(out).length > 0 ? readdirSync(out) : [], name).toEqual([]);
      if (!name.endsWith('/')) expect(existsSync(out)).toBe(false);
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it('a corrupt source image fails with BAD_IMAGE naming the file, writing nothing', async () => {
    const bad = path.join(dir, 'corrupt.png');
    writeFileSync(bad, Buffer.from('\x89PNG\r\n\x1a\nthis is not really a png'));
    const run = await cli(['render', '--source', bad, '--model', MODEL, '--out', path.join(dir, 'bad.mp4')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/portrait-rig render: PortraitRig: image ".*corrupt\.png" /);
    expect(existsSync(path.join(dir, 'bad.mp4'))).toBe(false);
  });

  it('a model folder missing a file fails with MODEL_FILE_MISSING', async () => {
    const broken = copyFixture('liax-tiny');
    rmSync(path.join(broken, 'encoder.onnx'));
    const run = await cli(['render', '--source', source, '--model', broken, '--out', path.join(dir, 'x.mp4')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('file "encoder.onnx" listed in manifest.json is missing');
  });

  it('usage errors exit 2 with the fix', async () => {
    expect((await cli(['render', '--model', MODEL])).stderr).toContain('--source <image> is required');
    const bogus = await cli(['render', '--source', source, '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/Unknown option '--bogus'.*portrait-rig render --help/);
    expect((await cli(['render', '--source', source, '--model', MODEL, '--fps', '0'])).stderr).toContain('--fps must be a number between 1 and 240');
    expect((await cli(['render', '--source', source, '--model', MODEL, '--set', 'head.yaw'])).stderr).toContain('--set expects channel=value');
    expect((await cli(['render', '--source', source, '--model', MODEL, '--out', 'x.png'])).stderr).toContain('unknown extension ".png"; use .mp4');
  });
});

describe('portrait-rig edit', () => {
  it('with no or neutral values writes exactly the decode of the source (the reconstruction)', async () => {
    const backend = new OrtNodeBackend({ threads: 1 });
    const model = await loadModelFromFolder(MODEL, { backend });
    const animator = new PortraitAnimator(model);
    await animator.setSource((await readPortrait(source, { resolution: model.resolution })).input);
    const expected = await animator.renderFrame({});
    await animator.dispose();
    await model.dispose();
    for (const [name, extra] of [['plain.png', []], ['neutral.png', ['--set', 'head.yaw=0', '--set', 'mouth.open=0']]] as const) {
      const out = path.join(dir, name);
      const run = await cli(['edit', '--source', source, '--model', MODEL, '--out', out, ...extra]);
      expect(run.code, run.stderr).toBe(0);
      const written = await readImage(out);
      expect(written.data).toEqual(expected.data);
    }
  });

  it('a channel value changes the pixels; --size source keeps the source size', async () => {
    const out = path.join(dir, 'turned.png');
    const run = await cli(['edit', '--source', source, '--model', MODEL, '--set', 'head.yaw=0.5', '--set', 'mouth.open=0.3', '--out', out, '--size', 'source']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('101×75; 2 channel(s) set');
    const plain = await readImage(path.join(dir, 'plain.png'));
    const turned = await readImage(out, { size: 64 });
    expect(turned.width).toBe(64);
    expect((await readImage(out)).width).toBe(101);
    expect(turned.data).not.toEqual(plain.data);
  });

  it('an unknown channel warns once and is skipped; --strict makes it an error', async () => {
    const lenient = await cli(['edit', '--source', source, '--model', MODEL, '--set', 'tail.wag=1', '--out', path.join(dir, 'w.png')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/has no channel "tail\.wag"; it is skipped/);
    const strict = await cli(['edit', '--source', source, '--model', MODEL, '--set', 'tail.wag=1', '--strict', '--out', path.join(dir, 's.png')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/has no channel "tail\.wag"/);
    expect(existsSync(path.join(dir, 's.png'))).toBe(false);
  });
});

describe('portrait-rig info', () => {
  it('lists channels with units, ranges and verified flags, and the devices', async () => {
    const run = await cli(['info', '--model', MODEL]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/head\.yaw\s+pose\s+coefficient\s+\[-1, 0\.5\]\s+0\s+no/);
    expect(run.stdout).toMatch(/onnxruntime-node\s+devices: auto, .*cpu/);
    const json = JSON.parse((await cli(['info', '--model', MODEL, '--json'])).stdout) as {
      model: { id: string; motionDim: number }; channels: { name: string }[]; freeDirections: { name: string }[];
    };
    expect(json.model).toMatchObject({ id: 'liax-tiny', motionDim: 40 });
    expect(json.channels).toHaveLength(14);
    expect(json.freeDirections.map((d) => d.name)).toContain('dict.0');
  });

  it('says when the folder is not a model folder', async () => {
    const run = await cli(['info', '--model', repoRoot]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a model folder: manifest.json is missing');
  });
});

// Activates once the bundled model (models/rig-tiny) is in the repository.
describe.skipIf(!existsSync(path.join(defaultModelDir(), 'manifest.json')))('the CLI on the bundled default model', () => {
  const photo = path.join(repoRoot, '..', 'shared', 'data', 'astronaut-portrait.png');

  it('render without --model and --clip writes the default clip (4 s) as a valid mp4', async () => {
    const out = path.join(dir, 'default-model.mp4');
    const run = await cli(['render', '--source', existsSync(photo) ? photo : source, '--fps', '10', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const info = probe(out);
    expect(info.frames).toBe(40);
    expect(info.duration).toBeCloseTo(4, 1);
    expect(info.width % 2).toBe(0);
  });

  it('info without --model describes the bundled model', async () => {
    const run = await cli(['info', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { model: { id: string } }).model.id).toBe('rig-tiny');
  });
});
