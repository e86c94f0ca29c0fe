import { describe, expect, it } from 'vitest';
import { computePortraitCrop } from '../../image/computePortraitCrop.js';
import { createRgbaImage } from '../../image/createRgbaImage.js';
import type { Rect } from '../../image/Rect.js';
import type { RgbaImage } from '../../image/RgbaImage.js';
import { combineFaceBoxes } from './combineFaceBoxes.js';
import type { DrivingFrame } from './DrivingFrame.js';
import type { FaceDetector } from './FaceDetector.js';
import { frameVideo } from './frameVideo.js';
import { memoryVideoSource } from './memoryVideoSource.js';
import type { VideoFrameSource } from './VideoFrameSource.js';

/** A 320×240 video whose frame i carries its index in pixel 0 (so a detector can tell frames apart). */
function video(count: number): { source: VideoFrameSource; decoded: () => number } {
  let decoded = 0;
  const inner = memoryVideoSource(Array.from({ length: count }, (_, i) => {
    const image = createRgbaImage(320, 240);
    image.data[0] = i;
    return image;
  }));
  return {
    decoded: () => decoded,
    source: {
      info: inner.info,
      async *frames(options) {
        for await (const frame of inner.frames(options)) { decoded += 1; yield frame; }
      },
    },
  };
}

/** A detector that sees a face drifting right by 1 px per frame, with an optional outlier on one frame. */
function drifting(seen: number[], outlierFrame = -1): FaceDetector {
  return {
    detect(frame: RgbaImage): Rect | null {
      const i = frame.data[0]!;
      seen.push(i);
      return i === outlierFrame ? { x: 0, y: 0, width: 300, height: 200 } : { x: 100 + i, y: 60, width: 80, height: 100 };
    },
  };
}

describe('combineFaceBoxes', () => {
  it('median ignores an outlier detection; union covers every box', () => {
    const boxes = [{ x: 100, y: 60, width: 80, height: 100 }, { x: 104, y: 62, width: 80, height: 100 }, { x: 0, y: 0, width: 300, height: 200 }];
    expect(combineFaceBoxes(boxes)).toEqual({ x: 104, y: 60, width: 80, height: 100 });
    expect(combineFaceBoxes(boxes, 'union')).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    expect(combineFaceBoxes(boxes.slice(0, 2), 'union')).toEqual({ x: 100, y: 60, width: 84, height: 102 });
    expect(() => combineFaceBoxes([])).toThrow(/no face boxes to combine/);
  });
});

describe('frameVideo', () => {
  it('a user face box is framed with the LIA-X rules (computePortraitCrop) and decodes nothing', async () => {
    const { source, decoded } = video(10);
    const faceBox = { x: 120, y: 70, width: 70, height: 90 };
    const framing = await frameVideo(source, { resolution: 64, faceBox });
    expect(framing.method).toBe('face-box');
    expect(framing.crop).toEqual(computePortraitCrop(320, 240, faceBox, { resolution: 64 }));
    expect(decoded()).toBe(0);
  });

  it('without a box or detector it is the centred square of the frame', async () => {
    const { source } = video(3);
    const framing = await frameVideo(source, { resolution: 64 });
    expect(framing).toMatchObject({ method: 'center', sampled: 0, crop: { x: 40, y: 0, width: 240, height: 240 } });
  });

  it('a detector runs on frames spread over the video, stops decoding after the last one, and one box frames the shot', async () => {
    const { source, decoded } = video(100);
    const seen: number[] = [];
    const framing = await frameVideo(source, { resolution: 64, detector: drifting(seen, 45), samples: 5 });
    expect(seen).toEqual([10, 30, 50, 70, 90]);
    expect(decoded()).toBe(91);
    expect(framing).toMatchObject({ method: 'detector', sampled: 5, detections: 5 });
    expect(framing.faceBox).toEqual({ x: 150, y: 60, width: 80, height: 100 });
    expect(framing.crop).toEqual(computePortraitCrop(320, 240, framing.faceBox!, { resolution: 64 }));
  });

  it('keeps the face size through an outlier detection with the median; with union the box holds every detection', async () => {
    const median = await frameVideo(video(100).source, { resolution: 64, detector: drifting([], 50), samples: 5 });
    expect(median.faceBox).toEqual({ x: 130, y: 60, width: 80, height: 100 });
    const union = await frameVideo(video(100).source, { resolution: 64, detector: drifting([], -1), samples: 5, combine: 'union' });
    expect(union.faceBox).toEqual({ x: 110, y: 60, width: 160, height: 100 });
  });

  it('falls back to the centred square with a note when the detector finds no face; async detectors work', async () => {
    const { source } = video(20);
    const framing = await frameVideo(source, { resolution: 64, detector: { detect: async () => null }, samples: 4 });
    expect(framing.method).toBe('center');
    expect(framing.note).toMatch(/found no face in 4 sampled frame\(s\) of "frames in memory"; using the centred square/);
  });

  it('on a live source it looks at the first frames only', async () => {
    const frames: DrivingFrame[] = [];
    const live: VideoFrameSource = {
      info: { label: 'camera', width: 320, height: 240, fps: 30, frameCount: undefined, duration: undefined, live: true },
      async *frames() {
        for (let i = 0; ; i += 1) {
          const image = createRgbaImage(320, 240);
          image.data[0] = i;
          const frame = { index: i, time: i / 30, image };
          frames.push(frame);
          yield frame;
        }
      },
    };
    const seen: number[] = [];
    await frameVideo(live, { resolution: 64, detector: drifting(seen), samples: 3 });
    expect(seen).toEqual([0, 1, 2]);
    expect(frames).toHaveLength(3);
  });
});
