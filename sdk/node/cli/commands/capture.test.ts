/**
 * `portrait-rig capture`: motion capture from the committed avatar driving video into a clip file, with the liax-tiny
 * fixture model (random weights: the clip's values are meaningless, its format, round trip and replay are not).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../../test/support/runCliInProcess.js';
import { fixtureDir, repoRoot } from '../../../../test/runtime/fixtureModels.js';
import type { ClipJson } from '../../../motion/ClipJson.js';
import { clipToJSON } from '../../../motion/clipToJSON.js';
import { loadClip } from '../../../motion/loadClip.js';

const MODEL = fixtureDir('liax-tiny');
const TALK = path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4');
const SOURCE = path.join(repoRoot, 'test/fixtures/driving/source-128.png');
let dir = '';
const cli = (argv: string[], options?: Parameters<typeof runCliInProcess>[2]) => runCliInProcess(argv, dir, options);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-capture-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portrait-rig capture', () => {
  it('writes a clip file that the clip loader reads and that round-trips exactly, named after the video', async () => {
    const run = await cli(['capture', TALK, '--model', MODEL, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    const out = path.join(dir, 'talk-128.clip.json');
    expect(run.stdout).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(100 frames, 4\\.00 s at 25 fps → \\d+ tracks, \\d+ keys: head\\.yaw \\d+`));
    expect(run.stderr).toMatch(/100\/100 frames 100%/);
    const text = readFileSync(out, 'utf8');
    const json = JSON.parse(text) as ClipJson;
    const clip = loadClip(text, { source: 'talk-128.clip.json' });
    expect(clipToJSON(clip)).toEqual(json);
    expect(json).toMatchObject({ format: 'portrait-rig-clip', version: 1, name: 'talk-128', duration: 4, loop: 'once' });
    expect(json.meta).toMatchObject({ tool: 'portrait-rig capture', model: 'liax-tiny', frames: 100, source: 'talk-128.mp4', fps: 25, mode: 'relative', only: 'all' });
    // channels where the manifest names them (coefficient units for the official LIA-X map), dict.<i> otherwise
    const channels = json.tracks.map((t) => t.channel);
    expect(channels).toContain('head.yaw');
    expect(channels.some((c) => /^dict\.\d+$/.test(c))).toBe(true);
    // relative capture starts from zero motion; keys are thinned
    for (const track of json.tracks) expect(track.keys[0]).toEqual({ time: 0, value: 0 });
    expect(Math.max(...json.tracks.map((t) => t.keys.length))).toBeLessThan(100);
  });

  it('--tolerance 0 keeps every frame as a key; the captured clip plays with `render --clip` for its full length', async () => {
    const out = path.join(dir, 'dense.clip.json');
    const run = await cli(['capture', TALK, '--model', MODEL, '--out', out, '--tolerance', '0', '--smooth', 'off', '--name', 'dense', '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as ClipJson;
    expect(json.name).toBe('dense');
    expect(Math.max(...json.tracks.map((t) => t.keys.length))).toBe(100);
    const video = path.join(dir, 'replay.mp4');
    const render = await cli(['render', '--source', SOURCE, '--model', MODEL, '--clip', out, '--fps', '25', '--out', video, '--threads', '1']);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toContain('(100 frames, 4.00 s at 25 fps');
  });

  it('a still video captures no motion in relative mode (an empty, valid clip); --only pose keeps only pose channels', async () => {
    const still = path.join(dir, 'still.mkv');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-framerate', '25', '-i', SOURCE, '-t', '0.6', '-c:v', 'ffv1', still]);
    const run = await cli(['capture', still, '--model', MODEL, '--out', path.join(dir, 'still.clip.json'), '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('→ 0 tracks, 0 keys: no motion; model liax-tiny on cpu, mode relative');
    expect(loadClip(readFileSync(path.join(dir, 'still.clip.json'), 'utf8')).tracks).toEqual([]);
    const pose = await cli(['capture', TALK, '--model', MODEL, '--out', path.join(dir, 'pose.clip.json'), '--only', 'pose', '--threads', '1']);
    expect(pose.code, pose.stderr).toBe(0);
    const poseClip = JSON.parse(readFileSync(path.join(dir, 'pose.clip.json'), 'utf8')) as ClipJson;
    const poseChannels = new Set(['head.yaw', 'head.yawBody', 'head.pitch', 'head.roll', 'head.rollAlt', 'head.shift']);
    expect(poseClip.tracks.length).toBeGreaterThan(0);
    for (const track of poseClip.tracks) expect(poseChannels.has(track.channel), track.channel).toBe(true);
  });

  it('Ctrl-C mid-capture exits 130 and writes nothing', async () => {
    const out = path.join(dir, 'cancelled.clip.json');
    const controller = new AbortController();
    const run = await cli(['capture', TALK, '--model', MODEL, '--out', out, '--batch', '2', '--threads', '1'], {
      signal: controller.signal,
      onStderr: (text) => { if (/^[1-9]\d*\/100 frames/m.test(text)) controller.abort(new Error('cancelled by the user')); },
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('cancelled; nothing was written');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('bad videos and usage errors fail with the fix', async () => {
    const bad = await cli(['capture', SOURCE, '--model', MODEL]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/portrait-rig capture: PortraitRig: ".*source-128\.png" is a still image/);
    expect((await cli(['capture'])).stderr).toContain('give the video to capture: portrait-rig capture <video>');
    expect((await cli(['capture', TALK, TALK])).stderr).toContain('capture takes one video, got 2');
    expect((await cli(['capture', TALK, '--out', 'x.mp4'])).stderr).toContain('a clip is JSON; use a .json file name');
    expect((await cli(['capture', TALK, '--tolerance', 'pixels=3'])).stderr).toContain('--tolerance expects a factor');
    const unknown = await cli(['capture', TALK, '--bogus']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/Unknown option '--bogus'.*portrait-rig capture --help/)]);
  });
});
