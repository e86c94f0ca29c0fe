/**
 * Reading driving videos through ffmpeg: probing, frame-exact streaming decode, and clear failures for bad files.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/runtime/fixtureModels.js';
import { openVideo } from './openVideo.js';
import { probeVideo } from './probeVideo.js';

const TALK = path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4');
let dir = '';
const ffmpeg = (...args: string[]): void => { execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]); };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-video-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeVideo / openVideo', () => {
  it('reads size, rate and frame count of the fixture (128², 25 fps, 100 frames, 4 s)', async () => {
    const video = await openVideo(TALK, { label: 'talk-128.mp4' });
    expect(video.info).toEqual({ label: 'talk-128.mp4', width: 128, height: 128, fps: 25, frameCount: 100, duration: 4, live: false });
    expect(video.probe.codec).toBe('h264');
  });

  it('streams every frame, bit-identical to ffmpeg\'s own RGBA decode, with times i / fps', async () => {
    const expected = execFileSync('ffmpeg', ['-v', 'error', '-i', TALK, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 28 });
    const hash = createHash('sha256');
    const times: number[] = [];
    const video = await openVideo(TALK);
    for await (const frame of video.frames()) {
      hash.update(frame.image.data);
      times.push(frame.time);
    }
    expect(times).toHaveLength(100);
    expect(times[99]).toBeCloseTo(99 / 25, 12);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(video.stats.bytesRead).toBe(100 * 128 * 128 * 4);
  });

  it('can be read again from the first frame, and resampled to another frame rate', async () => {
    const video = await openVideo(TALK);
    let first = 0;
    for await (const frame of video.frames()) { first = frame.index; break; }
    let count = 0;
    for await (const _ of video.frames()) count += 1;
    expect([first, count]).toEqual([0, 100]);
    const slow = await openVideo(TALK, { fps: 10 });
    expect(slow.info).toMatchObject({ fps: 10, frameCount: 40 });
    let resampled = 0;
    for await (const _ of slow.frames()) resampled += 1;
    expect(resampled).toBe(40);
  });

  it('applies the container\'s rotation: a 160×96 video tagged as rotated 90° decodes as 96×160 frames', async () => {
    const plain = path.join(dir, 'plain.mp4');
    const rotated = path.join(dir, 'rotated.mp4');
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x96:rate=10', '-frames:v', '5', '-pix_fmt', 'yuv420p', plain);
    ffmpeg('-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated);
    const video = await openVideo(rotated);
    expect([video.info.width, video.info.height, Math.abs(video.probe.rotation)]).toEqual([96, 160, 90]);
    for await (const frame of video.frames()) expect([frame.image.width, frame.image.height, frame.image.data.length]).toEqual([96, 160, 96 * 160 * 4]);
  });

  it('stops ffmpeg and rejects with ABORTED when the signal fires mid-stream', async () => {
    const video = await openVideo(TALK);
    const controller = new AbortController();
    let seen = 0;
    await expect((async () => {
      for await (const _ of video.frames({ signal: controller.signal })) {
        seen += 1;
        if (seen === 3) controller.abort(new Error('cancelled by the user'));
      }
    })()).rejects.toMatchObject({ code: 'ABORTED', message: expect.stringMatching(/reading ".*talk-128\.mp4" was cancelled: cancelled by the user/) });
    expect(seen).toBe(3);
  });
});

describe('bad videos fail clearly, naming the file and the fix', () => {
  const cases: { name: string; make: (file: string) => void; code: string; message: RegExp }[] = [
    {
      name: 'a corrupt file (random bytes with a video extension)', code: 'video/unreadable',
      make: (file) => writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))),
      message: /video "corrupt\.mp4" cannot be read \(ffprobe: .*Invalid data.*\): the file is corrupt, truncated or not a video\. .*re-encode it: ffmpeg -i "corrupt\.mp4" -c:v libx264/,
    },
    {
      name: 'a truncated mp4 (header and the first bytes of the picture data)', code: 'video/no-frames',
      make: (file) => writeFileSync(file, readFileSync(TALK).subarray(0, 3000)),
      message: /video "truncated\.mp4" has no decodable frame .*the file is empty, truncated or corrupt\. Export it again, or re-encode it/,
    },
    {
      name: 'a video stream with zero frames (y4m header only)', code: 'video/no-frames',
      make: (file) => writeFileSync(file, 'YUV4MPEG2 W128 H128 F25:1 Ip A1:1 C420jpeg\n'),
      message: /video "zero\.y4m" has no decodable frame; the file is empty, truncated or corrupt/,
    },
    {
      name: 'not a video at all (a text file)', code: 'video/unreadable',
      make: (file) => writeFileSync(file, 'just some notes, not a video\n'),
      message: /video "notes\.txt" cannot be read .*not a video/,
    },
    {
      name: 'audio only', code: 'video/no-video-stream',
      make: (file) => ffmpeg('-f', 'lavfi', '-i', 'sine=duration=0.5', file),
      message: /"voice\.m4a" has no video stream \(container mov,mp4.*\)\. Pass a video file with a picture track/,
    },
    {
      name: 'a still image', code: 'video/not-a-video',
      make: (file) => copyFileSync(path.join(repoRoot, 'test/fixtures/driving/source-128.png'), file),
      message: /"still\.png" is a still image \(png_pipe\), not a video\. Use it as the --source portrait/,
    },
  ];
  const files = ['corrupt.mp4', 'truncated.mp4', 'zero.y4m', 'notes.txt', 'voice.m4a', 'still.png'];

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = cases[i]!;
    const file = path.join(dir, files[i]!);
    c.make(file);
    const error = await openVideo(file, { label: files[i] }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: c.code, message: expect.stringMatching(c.message) });
  });

  it('a missing file or a folder', async () => {
    await expect(probeVideo(path.join(dir, 'nope.mp4'), { label: 'nope.mp4' })).rejects.toMatchObject({
      code: 'video/not-found', message: expect.stringMatching(/video "nope\.mp4" does not exist; check the path/),
    });
    await expect(probeVideo(dir, { label: 'folder' })).rejects.toMatchObject({ code: 'video/not-found', message: expect.stringMatching(/is a folder, not a file/) });
  });

  it('ffmpeg missing: a clear message with the install commands', async () => {
    const saved = { ff: process.env.PORTRAIT_RIG_FFMPEG, fp: process.env.PORTRAIT_RIG_FFPROBE };
    process.env.PORTRAIT_RIG_FFPROBE = path.join(dir, 'no-ffprobe');
    try {
      await expect(openVideo(TALK, { label: 'talk.mp4' })).rejects.toMatchObject({
        code: 'video/decoder-missing', message: expect.stringMatching(/"talk\.mp4" needs ffprobe, which was not found\. Install ffmpeg .*PORTRAIT_RIG_FFPROBE/),
      });
    } finally {
      if (saved.fp === undefined) delete process.env.PORTRAIT_RIG_FFPROBE; else process.env.PORTRAIT_RIG_FFPROBE = saved.fp;
    }
  });
});
