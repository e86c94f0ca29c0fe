/**
 * `portrait-rig drive`: a portrait animated by a driving video (the committed avatar fixture), with the liax-tiny
 * fixture model (random weights: these tests prove the plumbing and the exact properties, not the look).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../../test/support/runCliInProcess.js';
import { fixtureDir, repoRoot } from '../../../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../../animator/PortraitAnimator.js';
import { readImage } from '../../io/readImage.js';
import { readPortrait } from '../../io/readPortrait.js';
import { loadModelFromFolder } from '../../loadModelFromFolder.js';
import { OrtNodeBackend } from '../../OrtNodeBackend.js';

const MODEL = fixtureDir('liax-tiny');
const SOURCE = path.join(repoRoot, 'test/fixtures/driving/source-128.png');
const TALK = path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4');
let dir = '';
const cli = (argv: string[], options?: Parameters<typeof runCliInProcess>[2]) => runCliInProcess(argv, dir, options);
const leftovers = (folder: string): string[] => readdirSync(folder).filter((n) => n.includes('.partial'));

function probe(file: string): { frames: number; width: number; height: number; fps: string } {
  const json = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries',
    'stream=nb_read_frames,width,height,r_frame_rate', '-of', 'json', file], { encoding: 'utf8' });
  const s = (JSON.parse(json) as { streams: { nb_read_frames: string; width: number; height: number; r_frame_rate: string }[] }).streams[0]!;
  return { frames: Number(s.nb_read_frames), width: s.width, height: s.height, fps: s.r_frame_rate };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-drive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portrait-rig drive', () => {
  it('writes one output frame per driving frame at the driving frame rate, with the framing and progress on stderr', async () => {
    const out = path.join(dir, 'driven.mp4');
    const run = await cli(['drive', '--source', SOURCE, '--driving', TALK, '--model', MODEL, '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('driving video 128×128, 25 fps, 100 frames; crop: centred square 128×128 at (0, 0); mode relative; smoothing 1 € filter');
    expect(run.stderr).toMatch(/100\/100 frames 100%/);
    expect(run.stdout).toContain(`wrote ${out} (100 frames, 4.00 s at 25 fps, 64×64`);
    expect(probe(out)).toEqual({ frames: 100, width: 64, height: 64, fps: '25/1' });
    expect(leftovers(dir)).toEqual([]);
  });

  it('relative transfer of a still driving video writes the source decode in every frame', async () => {
    const still = path.join(dir, 'still.mkv');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', TALK, '-vf', 'select=eq(n\\,40)', '-frames:v', '1', path.join(dir, 'frame.png')]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-framerate', '25', '-i', path.join(dir, 'frame.png'), '-t', '0.4', '-c:v', 'ffv1', still]);
    const frames = path.join(dir, 'still-frames') + '/';
    const run = await cli(['drive', '--source', SOURCE, '--driving', still, '--model', MODEL, '--out', frames, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    const model = await loadModelFromFolder(MODEL, { backend: new OrtNodeBackend({ threads: 1 }) });
    const animator = new PortraitAnimator(model);
    await animator.setSource((await readPortrait(SOURCE, { resolution: 64 })).input);
    const expected = await animator.renderFrame({});
    await animator.dispose();
    await model.dispose();
    const written = readdirSync(frames).sort();
    expect(written).toHaveLength(10);
    for (const name of written) expect((await readImage(path.join(frames, name))).data, name).toEqual(expected.data);
  });

  it('takes --only, --mode, --set, --smooth, --fps, --driving-face and --size source together', async () => {
    const out = path.join(dir, 'options.gif');
    const run = await cli(['drive', '--source', SOURCE, '--driving', TALK, '--model', MODEL, '--out', out, '--only', 'pose', '--mode', 'absolute',
      '--set', 'mouth.smile=0.3', '--smooth', '3,0.8', '--fps', '10', '--driving-face', '40,30,50,60', '--size', 'source', '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('driving video 128×128, 10 fps, 40 frames');
    expect(run.stderr).toContain('crop: around the face box');
    expect(run.stderr).toContain('mode absolute, pose only; smoothing 1 € filter minCutoff 3 Hz, beta 0.8');
    expect(run.stdout).toContain('(40 frames, 4.00 s at 10 fps, 128×128');
  });

  it('Ctrl-C mid-drive (aborted signal) exits 130 and leaves no file, partial or final', async () => {
    for (const name of ['cancel.mp4', 'cancel-frames/']) {
      const out = path.join(dir, name);
      const controller = new AbortController();
      const run = await cli(['drive', '--source', SOURCE, '--driving', TALK, '--model', MODEL, '--out', out, '--threads', '1', '--batch', '2'], {
        signal: controller.signal,
        onStderr: (text) => { if (/^[1-9]\d*\/100 frames/m.test(text)) controller.abort(new Error('cancelled by the user')); },
      });
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toContain('cancelled; nothing was written');
      expect(existsSync(out.replace(/\/$/, '')) ? readdirSync(out) : [], name).toEqual([]);
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it('a bad driving video fails before the model is loaded, naming the file and the fix, and writes nothing', async () => {
    const out = path.join(dir, 'bad.mp4');
    const run = await cli(['drive', '--source', SOURCE, '--driving', SOURCE, '--model', path.join(dir, 'no-model'), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/portrait-rig drive: PortraitRig: ".*source-128\.png" is a still image \(png_pipe\), not a video/);
    const missing = await cli(['drive', '--source', SOURCE, '--driving', 'missing.mp4', '--model', MODEL, '--out', out]);
    expect(missing.stderr).toMatch(/video "missing\.mp4" does not exist; check the path/);
    expect(existsSync(out)).toBe(false);
  });

  it('usage errors exit 2 with the fix', async () => {
    const base = ['drive', '--source', SOURCE, '--model', MODEL];
    expect((await cli(base)).stderr).toContain('--driving <video> is required');
    expect((await cli(['drive', '--driving', TALK])).stderr).toContain('--source <image> is required');
    const mode = await cli([...base, '--driving', TALK, '--mode', 'sideways']);
    expect([mode.code, mode.stderr]).toEqual([2, expect.stringContaining('--mode must be "relative" or "absolute" (got "sideways")')]);
    expect((await cli([...base, '--driving', TALK, '--only', 'hands'])).stderr).toContain('--only must be "pose" or "expression"');
    expect((await cli([...base, '--driving', TALK, '--smooth', 'fast'])).stderr).toContain('--smooth expects "off" or minCutoff[,beta[,derivativeCutoff]]');
    expect((await cli([...base, '--driving', TALK, '--driving-face', '1,2'])).stderr).toContain('--face expects x,y,width,height');
    expect((await cli([...base, '--driving', TALK, '--out', 'x.png'])).stderr).toContain('unknown extension ".png"');
  });
});
