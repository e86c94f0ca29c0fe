/**
 * Motion capture and transfer through a real model (the liax-tiny fixture: random weights, 64², official LIA-X
 * channel groups), on the committed avatar driving video and on still videos. These tests prove the exact,
 * by-construction properties; how well captured channels track the true parameters needs the trained rig-tiny
 * (test/video/captureAccuracy.test.ts).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, repoRoot } from '../../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../animator/PortraitAnimator.js';
import { centerSquareCrop } from '../../image/centerSquareCrop.js';
import { cropPortrait } from '../../image/cropPortrait.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { readImage } from '../../node/io/readImage.js';
import { loadModelFromFolder } from '../../node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../node/OrtNodeBackend.js';
import { openVideo } from '../../node/video/openVideo.js';
import type { PortraitModel } from '../../runtime/PortraitModel.js';
import { captureMotion } from './captureMotion.js';
import { driveAnimator } from './driveAnimator.js';
import { DrivingEncoder } from './DrivingEncoder.js';
import { memoryVideoSource } from './memoryVideoSource.js';
import type { VideoFrameSource } from './VideoFrameSource.js';

const DRIVING = path.join(repoRoot, 'test/fixtures/driving/talk-128.mp4');
const SOURCE = path.join(repoRoot, 'test/fixtures/driving/source-128.png');
let model: PortraitModel;
let animator: PortraitAnimator;
let talk: RgbaImage[] = [];
let source: RgbaImage;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}


beforeAll(async () => {
  model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend: new OrtNodeBackend({ threads: 1 }) });
  animator = new PortraitAnimator(model);
  source = await readImage(SOURCE);
  await animator.setSource(source);
  const video = await openVideo(DRIVING);
  talk = (await collect(video.frames())).slice(0, 30).map((frame) => frame.image);
  expect(new Set(talk.map((image) => image.data)).size).toBe(30);
});

afterAll(async () => {
  await animator?.dispose();
  await model?.dispose();
});

const poseDirections = (): number[] => [...animator.calibration.directionMask('pose').keys()].filter((i) => animator.calibration.directionGroup(i) === 'pose');

describe('DrivingEncoder', () => {
  it('measures in batches exactly what measureAlpha measures frame by frame, whatever the batch size (partial batches padded)', async () => {
    const frames = talk.slice(0, 10).map((image) => cropPortrait(image, centerSquareCrop(128, 128, 64)));
    const single = [];
    for (const frame of frames) single.push(Array.from(await animator.measureAlpha(frame)));
    for (const batchSize of [1, 3, 8]) {
      const encoder = new DrivingEncoder(model, { batchSize });
      const batched = (await encoder.encode(frames)).map((a) => Array.from(a));
      expect(batched, `batch ${batchSize}`).toEqual(single);
    }
  });

  it('serializes concurrent calls (they share the input buffers): each gets its own frames\' α', async () => {
    const encoder = new DrivingEncoder(model, { batchSize: 2 });
    const a = talk.slice(0, 3);
    const b = talk.slice(20, 23);
    const [first, second] = await Promise.all([encoder.encode(a), encoder.encode(b)]);
    expect(first!.map((x) => Array.from(x))).toEqual((await encoder.encode(a)).map((x) => Array.from(x)));
    expect(second!.map((x) => Array.from(x))).toEqual((await encoder.encode(b)).map((x) => Array.from(x)));
    expect(Array.from(first![0]!)).not.toEqual(Array.from(second![0]!));
  });

  it('measures a frame identical to the source as exactly α_src', async () => {
    const [alpha] = await new DrivingEncoder(model).encode([source]);
    expect(Array.from(alpha!)).toEqual(Array.from(animator.sourceAlpha!));
  });
});

describe('captureMotion', () => {
  it('yields every frame in order with its time; without smoothing α_t is the encoder\'s α of the cropped frame', async () => {
    const video = memoryVideoSource(talk.slice(0, 12), { fps: 25 });
    const captured = await collect(captureMotion(model, video, { smoothing: false, batchSize: 5 }));
    expect(captured.map((c) => c.index)).toEqual([...Array(12).keys()]);
    expect(captured[11]!.time).toBeCloseTo(11 / 25, 12);
    for (const c of captured) {
      expect(Array.from(c.alpha)).toEqual(Array.from(c.rawAlpha));
      expect(Array.from(c.alpha)).toEqual(Array.from(await animator.measureAlpha(cropPortrait(talk[c.index]!, centerSquareCrop(128, 128, 64)))));
    }
  });

  it('smooths with the 1 € filter by default: the first frame passes, later ones differ from the raw measurement', async () => {
    const captured = await collect(captureMotion(model, memoryVideoSource(talk.slice(0, 8))));
    expect(Array.from(captured[0]!.alpha)).toEqual(Array.from(captured[0]!.rawAlpha));
    expect(captured.slice(1).some((c) => c.alpha.some((v, i) => v !== c.rawAlpha[i]))).toBe(true);
  });

  it('rejects a crop made for another resolution, and stops with ABORTED when the signal fires', async () => {
    const video = memoryVideoSource(talk.slice(0, 4));
    await expect(collect(captureMotion(model, video, { crop: centerSquareCrop(128, 128, 128) }))).rejects.toThrow(/crop was made for resolution 128, the model "liax-tiny" takes 64/);
    const controller = new AbortController();
    const frames = captureMotion(model, memoryVideoSource(talk), { signal: controller.signal, batchSize: 2 });
    await frames.next();
    controller.abort(new Error('stop'));
    await expect(collect(frames)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('driveAnimator (motion transfer)', () => {
  it('relative transfer of a still driving video leaves the source unchanged: α = α_src exactly, frames = the source decode', async () => {
    const still: VideoFrameSource = memoryVideoSource(Array.from({ length: 12 }, () => talk[17]!));
    const sourceDecode = await animator.renderFrame({});
    const driven = await collect(driveAnimator(animator, still, { batchSize: 4 }));
    expect(driven).toHaveLength(12);
    for (const frame of driven) {
      expect(Array.from(frame.alpha)).toEqual(Array.from(animator.sourceAlpha!));
      expect(frame.frame.data).toEqual(sourceDecode.data);
    }
  });

  it('pose-only transfer leaves every expression coefficient at the source\'s exactly and moves the pose ones', async () => {
    const alphaSrc = animator.sourceAlpha!;
    const pose = poseDirections();
    expect(pose.length).toBeGreaterThan(0);
    const driven = await collect(driveAnimator(animator, memoryVideoSource(talk), { only: 'pose' }));
    let posesMoved = 0;
    for (const frame of driven) {
      for (let i = 0; i < alphaSrc.length; i += 1) {
        if (pose.includes(i)) { if (frame.alpha[i] !== alphaSrc[i]) posesMoved += 1; } else expect(frame.alpha[i], `direction ${i}`).toBe(alphaSrc[i]);
      }
    }
    expect(posesMoved).toBeGreaterThan(driven.length);
  });

  it('expression-only transfer leaves every pose coefficient at the source\'s exactly', async () => {
    const alphaSrc = animator.sourceAlpha!;
    const pose = poseDirections();
    for (const frame of await collect(driveAnimator(animator, memoryVideoSource(talk.slice(0, 10)), { only: 'expression' }))) {
      for (const i of pose) expect(frame.alpha[i]).toBe(alphaSrc[i]);
    }
  });

  it('relative transfer adds the edit and the change since the first frame: α = α_src + edit + (α_t − α_start)', async () => {
    animator.setEdit({ 'mouth.open': 0.2 });
    try {
      const edit = animator.editAlpha;
      const driven = await collect(driveAnimator(animator, memoryVideoSource(talk.slice(0, 9)), { smoothing: false }));
      const start = driven[0]!.drivingAlpha;
      for (const frame of driven) {
        for (let i = 0; i < frame.alpha.length; i += 1) {
          expect(frame.alpha[i]).toBeCloseTo(animator.sourceAlpha![i]! + edit[i]! + (frame.drivingAlpha[i]! - start[i]!), 5);
        }
      }
    } finally {
      animator.setEdit(undefined);
    }
  });

  it('absolute transfer renders the driving face\'s own α (plus the edit), from the first frame on', async () => {
    const driven = await collect(driveAnimator(animator, memoryVideoSource(talk.slice(0, 6)), { mode: 'absolute', smoothing: false }));
    for (const frame of driven) for (let i = 0; i < frame.alpha.length; i += 1) expect(frame.alpha[i]).toBeCloseTo(frame.drivingAlpha[i]!, 5);
  });

  it('renders exactly what renderBatch renders for the same motions', async () => {
    const driven = await collect(driveAnimator(animator, memoryVideoSource(talk.slice(0, 5)), { batchSize: 2 }));
    const frames = await animator.renderBatch(driven.map((d) => d.motion));
    driven.forEach((d, k) => expect(d.frame.data).toEqual(frames[k]!.data));
  });

  it('needs a source portrait first', async () => {
    const fresh = new PortraitAnimator(model);
    await expect(collect(driveAnimator(fresh, memoryVideoSource(talk.slice(0, 2))))).rejects.toThrow(/no source portrait: call `await animator.setSource\(image\)` first/);
    await fresh.dispose();
  });
});
