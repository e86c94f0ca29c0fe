/**
 * Long driving videos stream: a 30-second 1280×720 video (2.8 GB of RGBA frames if held) is generated with ffmpeg's
 * testsrc2 at test time and run through motion capture with the liax-tiny fixture model. The process's resident
 * memory must stay bounded (far below the video's decoded size) and ffmpeg must not run ahead of the consumer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMotion } from '../../sdk/drivers/video/captureMotion.js';
import { loadModelFromFolder } from '../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../sdk/node/OrtNodeBackend.js';
import { openVideo } from '../../sdk/node/video/openVideo.js';
import { fixtureDir } from '../runtime/fixtureModels.js';

const WIDTH = 1280;
const HEIGHT = 720;
const SECONDS = 30;
const FPS = 25;
let dir = '';
let file = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-long-'));
  file = path.join(dir, 'long.mp4');
  execFileSync('nice', ['-n', '15', 'ffmpeg', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS}`,
    '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-pix_fmt', 'yuv420p', file]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('long videos stream with bounded memory', () => {
  it('captures 750 frames of 720p (2.8 GB decoded) with resident memory growing < 150 MB and ffmpeg held back by the pipe', async () => {
    const model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend: new OrtNodeBackend({ threads: 1 }) });
    const video = await openVideo(file);
    const frameBytes = WIDTH * HEIGHT * 4;
    const total = SECONDS * FPS;
    expect(video.info).toMatchObject({ width: WIDTH, height: HEIGHT, frameCount: total });
    let baseline = 0;
    let peak = 0;
    let frames = 0;
    let bytesAtFirstFrame = 0;
    const started = performance.now();
    for await (const captured of captureMotion(model, video, { batchSize: 8 })) {
      frames += 1;
      if (frames === 1) bytesAtFirstFrame = video.stats.bytesRead;
      const rss = process.memoryUsage.rss();
      if (frames === 16) baseline = rss;           // after the first batches: model, buffers and pipes are warm
      if (frames > 16) peak = Math.max(peak, rss);
      expect(captured.alpha).toHaveLength(model.manifest.motionDim);
    }
    const seconds = (performance.now() - started) / 1000;
    await model.dispose();
    const growthMb = (peak - baseline) / 2 ** 20;
    console.log(`[long video] ${frames} frames ${WIDTH}×${HEIGHT} in ${seconds.toFixed(1)} s (${(frames / seconds).toFixed(0)} fps); ` +
      `decoded ${(video.stats.bytesRead / 2 ** 30).toFixed(2)} GiB; RSS baseline ${(baseline / 2 ** 20).toFixed(0)} MiB, ` +
      `growth ${growthMb.toFixed(1)} MiB; peak buffered ${(video.stats.peakBufferedBytes / 2 ** 20).toFixed(2)} MiB; ` +
      `read ahead at first frame ${(bytesAtFirstFrame / frameBytes).toFixed(2)} frames`);
    expect(frames).toBe(total);
    expect(video.stats.bytesRead).toBe(total * frameBytes);
    expect(growthMb).toBeLessThan(150);
    // at most one frame being assembled plus one pipe chunk is held, never the video
    expect(video.stats.peakBufferedBytes).toBeLessThan(frameBytes + (1 << 20));
    // streaming: when the first result comes out, ffmpeg has delivered one encoder batch (8 frames), not the file
    expect(bytesAtFirstFrame).toBeLessThan(10 * frameBytes);
  }, 300_000);
});
