import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../../../../test/support/runCliInProcess.js';

const cli = (argv: string[], cwd: string): Promise<CliRun> => runCliInProcess(argv, cwd);

const valid = {
  format: 'portrait-rig-clip', version: 1, name: 'wave', duration: 2, loop: 'loop',
  tracks: [
    { channel: 'head.yaw', interpolation: 'smooth', keys: [{ time: 0, value: 0 }, { time: 1, value: 15 }, { time: 2, value: 0 }] },
    { channel: 'eyes.blink', keys: [{ time: 0.5, value: 0 }, { time: 0.6, value: 1 }] },
  ],
  markers: [{ name: 'peak', time: 1 }],
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-clip-'));
  writeFileSync(path.join(dir, 'wave.clip.json'), JSON.stringify(valid, null, 2));
  const broken = structuredClone(valid);
  broken.tracks[0]!.keys = [{ time: 0, value: 0 }, { time: 2, value: 1 }, { time: 1.5, value: 0 }];
  broken.tracks[1]!.channel = 'eyes.blnk';
  writeFileSync(path.join(dir, 'broken.clip.json'), JSON.stringify(broken));
  writeFileSync(path.join(dir, 'future.clip.json'), JSON.stringify({ ...valid, version: 2 }));
  writeFileSync(path.join(dir, 'syntax.clip.json'), '{ "format": "portrait-rig-clip", ');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portrait-rig clip validate', () => {
  it('exits 0 with a one-line summary for a valid clip (paths relative to cwd)', async () => {
    const run = await cli(['clip', 'validate', 'wave.clip.json'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'wave.clip.json: ok: clip "wave", 2 s, loop loop, 2 tracks (head.yaw, eyes.blink), 5 keys, 1 marker\n',
    );
  });

  it('exits 1 and lists every problem, naming clip, track, key and fix', async () => {
    const run = await cli(['clip', 'validate', 'broken.clip.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('broken.clip.json: invalid, 2 problems:');
    expect(lines[1]).toBe('  PortraitRig: clip "wave" (broken.clip.json) track "head.yaw" key 2: keyframe times must increase (1.5 after 2.0); '
      + 'sort the keys by time and give each key its own time');
    expect(lines[2]).toContain('track "eyes.blnk": unknown channel "eyes.blnk", probably a typo: did you mean "eyes.blink"?');
  });

  it('says which versions are supported and reports JSON syntax errors', async () => {
    const future = await cli(['clip', 'validate', 'future.clip.json'], dir);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('clip format version 2 is not supported; this SDK reads version 1');
    const syntax = await cli(['clip', 'validate', 'syntax.clip.json'], dir);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain('clip file syntax.clip.json: not valid JSON');
  });

  it('exits 1 for a missing or unreadable file and still checks the others', async () => {
    const run = await cli(['clip', 'validate', 'missing.clip.json', 'wave.clip.json', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing.clip.json: cannot read it: no such file');
    expect(run.stderr).toContain('.: cannot read it: it is a directory, not a clip file');
    expect(run.stdout).toContain('wave.clip.json: ok');
  });

  it('exits 2 without a file or with an unknown option, and prints usage on --help', async () => {
    const none = await cli(['clip', 'validate'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('portrait-rig clip validate: needs at least one clip file');
    const option = await cli(['clip', 'validate', '--strict', 'wave.clip.json'], dir);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--strict'");
    const help = await cli(['clip', 'validate', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: portrait-rig clip validate <file>');
    const list = await cli(['--help'], dir);
    expect(list.stdout).toContain('clip validate');
  });
});
