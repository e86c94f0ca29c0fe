/**
 * `portrait-rig render --audio`: end to end on the random-weight fixture model (64², CPU). The lip sync's own
 * quality is measured in test/audio; here: duration, muxing, layering and errors.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, encodeWav, silence, vowel } from '../../../../test/audio/signals.js';
import { fixtureDir } from '../../../../test/runtime/fixtureModels.js';
import { runCliInProcess, type CliRun } from '../../../../test/support/runCliInProcess.js';
import { hasTool } from '../../../../test/support/hasTool.js';

const MODEL = fixtureDir('liax-tiny');
const RATE = 22_050;
let dir = '';
let source = '';
const file = (name: string): string => path.join(dir, name);

const hasFfmpeg = hasTool('ffmpeg') && hasTool('ffprobe');
const hasEspeak = hasTool('espeak-ng');

const cli = (argv: string[]): Promise<CliRun> => runCliInProcess(argv, dir);

interface Probe { streams: { codec_type: string; codec_name: string; nb_read_frames?: string; duration?: string }[]; format: { duration: string } }
function probe(output: string): Probe {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries',
    'stream=codec_type,codec_name,nb_read_frames,duration:format=duration', '-of', 'json', output], { encoding: 'utf8' })) as Probe;
}

function wavDuration(wav: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav], { encoding: 'utf8' }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-render-audio-'));
  source = file('face.png');
  await sharp({ create: { width: 80, height: 80, channels: 3, background: { r: 180, g: 120, b: 90 } } }).png().toFile(source);
  // 0.6 s of silence, then two vowels: the first frames must not move the mouth.
  writeFileSync(file('vowels.wav'), encodeWav([concat(silence(0.6, RATE), vowel([750, 1200, 2600], 0.5, RATE), silence(0.2, RATE),
    vowel([320, 900, 2400], 0.4, RATE), silence(0.3, RATE))], RATE, 'pcm-16'));
  // A clip without mouth tracks, so that frames differ only where the speech moves the mouth.
  writeFileSync(file('turn.clip.json'), JSON.stringify({ format: 'portrait-rig-clip', version: 1, name: 'turn', duration: 1, loop: 'loop',
    tracks: [{ channel: 'head.yaw', interpolation: 'smooth', keys: [{ time: 0, value: 0 }, { time: 0.5, value: 10 }, { time: 1, value: 0 }] }] }));
  if (hasEspeak) execFileSync('espeak-ng', ['-w', file('speech.wav'), 'Hello there. Who sees the moon?']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portrait-rig render --audio', () => {
  it.skipIf(!hasFfmpeg || !hasEspeak)('writes an mp4 as long as the speech (ffprobe), with an AAC audio stream', async () => {
    const out = file('talk.mp4');
    const fps = 10;
    const run = await cli(['render', '--source', source, '--model', MODEL, '--audio', file('speech.wav'), '--fps', String(fps), '--out', out, '--threads', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/mp4 \(ffmpeg libx264 \+ aac audio\)/);
    const audioSeconds = wavDuration(file('speech.wav'));
    const info = probe(out);
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    const audio = info.streams.find((s) => s.codec_type === 'audio');
    expect(audio?.codec_name).toBe('aac');
    expect(Number(video.nb_read_frames)).toBe(Math.round(audioSeconds * fps));
    const duration = Number(info.format.duration);
    console.log(`[audio] render --audio: speech ${audioSeconds.toFixed(3)} s → mp4 ${duration.toFixed(3)} s ` +
      `(video ${Number(video.duration).toFixed(3)} s, audio ${Number(audio!.duration).toFixed(3)} s)`);
    expect(Math.abs(duration - audioSeconds)).toBeLessThan(1 / fps + 0.05);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it.skipIf(!hasFfmpeg)('--duration wins over the audio: the video and its sound are cut to it', async () => {
    const out = file('short.mp4');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--audio', file('vowels.wav'), '--fps', '10', '--duration', '1', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const info = probe(out);
    expect(Number(info.streams.find((s) => s.codec_type === 'video')!.nb_read_frames)).toBe(10);
    expect(Number(info.format.duration)).toBeLessThan(1.1);
    expect(info.streams.some((s) => s.codec_type === 'audio')).toBe(true);
  });

  it('drives the mouth over the clip: frames in the leading silence equal the clip alone, frames in the vowels differ', async () => {
    const withAudio = file('with/') ;
    const without = file('without/');
    const common = ['--source', source, '--model', MODEL, '--clip', file('turn.clip.json'), '--fps', '10', '--duration', '1.6'];
    const a = await cli(['render', ...common, '--audio', file('vowels.wav'), '--out', withAudio]);
    const b = await cli(['render', ...common, '--out', without]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stderr).toMatch(/a folder of PNG frames cannot carry sound, so the audio ".*vowels\.wav" is ignored; write \.mp4/);
    const pixels = async (folder: string, i: number): Promise<Buffer> => sharp(readFileSync(path.join(folder, `frame_${String(i).padStart(5, '0')}.png`))).raw().toBuffer();
    for (const i of [0, 2, 4]) expect((await pixels(withAudio, i)).equals(await pixels(without, i)), `frame ${i} (silence)`).toBe(true);
    let differing = 0;
    for (const i of [7, 8, 9, 10]) if (!(await pixels(withAudio, i)).equals(await pixels(without, i))) differing++;
    expect(differing).toBeGreaterThanOrEqual(3);
  });

  it('a gif ignores the audio with a note; its length still follows the audio', async () => {
    const out = file('talk.gif');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--audio', file('vowels.wav'), '--fps', '5', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/an animated gif cannot carry sound, so the audio ".*vowels\.wav" is ignored/);
    const seconds = (0.6 + 0.5 + 0.2 + 0.4 + 0.3);
    expect((await sharp(out, { animated: true }).metadata()).pages).toBe(Math.round(seconds * 5));
  });

  it('bad audio fails before rendering, naming the file and the problem, and writes nothing', async () => {
    writeFileSync(file('notes.txt'), 'not audio');
    const run = await cli(['render', '--source', source, '--model', MODEL, '--audio', file('notes.txt'), '--out', file('bad.mp4')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/portrait-rig render: PortraitRig: ".*notes\.txt" (is not an audio file ffmpeg can read|is not a WAV file, and decoding other formats needs ffmpeg)/);
    expect(existsSync(file('bad.mp4'))).toBe(false);
    const missing = await cli(['render', '--source', source, '--model', MODEL, '--audio', file('nope.wav'), '--out', file('bad.mp4')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the audio file ".*nope\.wav": it does not exist/);
    const offset = await cli(['render', '--source', source, '--audio', file('vowels.wav'), '--audio-offset', 'soon']);
    expect(offset.code).toBe(2);
    expect(offset.stderr).toMatch(/--audio-offset must be a number between -5000 and 5000 \(got "soon"\)/);
  });
});
