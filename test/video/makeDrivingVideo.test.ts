/**
 * models/tools/make_driving_video.py renders avatar driving videos with their ground-truth parameters; the committed
 * fixtures in test/fixtures/driving were made with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../runtime/fixtureModels.js';

const python = process.env.PORTRAIT_RIG_PYTHON ?? '/usr/bin/python3';
const script = path.join(repoRoot, 'models/tools/make_driving_video.py');
const FIELDS = ['yaw', 'pitch', 'roll', 'mouth_open', 'mouth_smile', 'mouth_round', 'mouth_pout', 'blink_left', 'blink_right', 'brow_raise', 'gaze_x', 'gaze_y'];
let dir = '';

interface Params { format: string; fps: number; size: number; frames: number; motion: string; identitySplit: string; fields: string[]; channels: Record<string, string | null>; params: number[][]; video: string }

function make(...args: string[]): void {
  const run = spawnSync('nice', ['-n', '15', python, script, ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  expect(run.status, run.stderr).toBe(0);
}
const frames = (file: string): number => Number(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
  '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());

beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-make-driving-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(python))('make_driving_video.py', () => {
  it('writes an mp4 and its params JSON: one row of the 12 avatar fields per frame, tied to the rig channels', () => {
    const out = path.join(dir, 'talk.mp4');
    make('--out', out, '--frames', '8', '--size', '64', '--motion-seed', '5');
    const params = JSON.parse(readFileSync(path.join(dir, 'talk.params.json'), 'utf8')) as Params;
    expect(params).toMatchObject({ format: 'portrait-rig-driving-params', fps: 25, size: 64, frames: 8, motion: 'talk', identitySplit: 'test', video: 'talk.mp4' });
    expect(params.fields).toEqual(FIELDS);
    expect(params.channels).toMatchObject({ yaw: 'head.yaw', mouth_open: 'mouth.open', blink_left: 'eyes.blinkLeft', gaze_y: 'gaze.y' });
    expect(params.params).toHaveLength(8);
    expect(new Set(params.params.map((row) => row.join())).size).toBeGreaterThan(1);
    expect(frames(out)).toBe(8);
  });

  it('still motion repeats one pose; sweep moves one field at a time; .y4m and .png outputs work', () => {
    make('--out', path.join(dir, 'still.y4m'), '--frames', '5', '--size', '64', '--motion', 'still');
    const still = JSON.parse(readFileSync(path.join(dir, 'still.params.json'), 'utf8')) as Params;
    expect(new Set(still.params.map((row) => row.join())).size).toBe(1);
    expect(frames(path.join(dir, 'still.y4m'))).toBe(5);
    make('--out', path.join(dir, 'sweep.mkv'), '--frames', '48', '--size', '64', '--motion', 'sweep', '--sweep-seconds', '0.16', '--codec', 'ffv1');
    const sweep = JSON.parse(readFileSync(path.join(dir, 'sweep.params.json'), 'utf8')) as Params;
    for (const row of sweep.params) expect(row.filter((v) => v !== 0).length).toBeLessThanOrEqual(1);
    expect(new Set(sweep.params.flatMap((row) => row.flatMap((v, f) => (v !== 0 ? [f] : [])))).size).toBe(12);
    make('--out', path.join(dir, 'portrait.png'), '--frames', '1', '--size', '64', '--motion', 'neutral');
    expect(readFileSync(path.join(dir, 'portrait.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('the committed fixtures agree with their params files (frames, rate, size)', () => {
    for (const name of ['talk-128', 'sweep-128']) {
      const params = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/driving', `${name}.params.json`), 'utf8')) as Params;
      expect(params).toMatchObject({ fps: 25, size: 128, video: `${name}.mp4` });
      expect(params.params).toHaveLength(params.frames);
      expect(frames(path.join(repoRoot, 'test/fixtures/driving', `${name}.mp4`))).toBe(params.frames);
    }
  });
});
