import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BlinkBehavior, KeyframeTrack, LookAtBehavior, MotionClip, MotionMixer, SeededRandom, SwayBehavior } from '../index.js';

/** The benchmark scene (same as mixer.bench.ts): 3 layers × 16 tracks × 1,000 keys, plus procedural sources. */
function scene(withSources: boolean): { mixer: MotionMixer; markers: () => number } {
  const random = new SeededRandom(12345);
  const mixer = new MotionMixer();
  for (let layer = 0; layer < 3; layer++) {
    const tracks = Array.from({ length: 16 }, (_, k) => {
      const times = Array.from({ length: 1000 }, (_, i) => i * 0.05);
      return new KeyframeTrack(`dict.${k}`, times, times.map(() => random.range(-10, 10)), {
        interpolation: 'smooth',
        keyInterpolations: times.map((_, i) => (i % 7 === 0 ? 'easeInOutCubic' : i % 11 === 0 ? 'linear' : undefined)),
      });
    });
    const clip = new MotionClip({
      name: `layer${layer}`, duration: 999 * 0.05, loop: layer === 2 ? 'ping-pong' : 'loop', tracks,
      markers: Array.from({ length: 50 }, (_, i) => ({ name: 'beat', time: i })),
    });
    mixer.clipAction(clip, { layer, blendMode: layer === 1 ? 'additive' : 'override', weight: layer === 2 ? 0.5 : 1 }).play();
  }
  if (withSources) {
    mixer.sourceAction(new BlinkBehavior({ seed: 1 }), { blendMode: 'additive', layer: 3 }).play();
    mixer.sourceAction(new SwayBehavior({ seed: 1 }), { blendMode: 'additive', layer: 3 }).play();
    const look = new LookAtBehavior();
    look.setTargetAngles(20, 5);
    mixer.sourceAction(look, { blendMode: 'additive', layer: 3 }).play();
  }
  let count = 0;
  mixer.addEventListener('marker', () => { count++; });
  mixer.addEventListener('loop', () => { count++; });
  return { mixer, markers: () => count };
}

/**
 * Runs `frames` updates at 60 fps. A plain synchronous function whose running sum lives in a Float64Array: a
 * fractional local of the async test body would live in its generator object, boxed on every assignment.
 */
function runFrames(mixer: MotionMixer, frames: number, channel: number, sink: Float64Array): void {
  for (let i = 0; i < frames; i++) sink[0] = sink[0]! + mixer.update(1 / 60).values[channel]!;
}

describe('MotionMixer allocation', () => {
  it.each([false, true])('allocates nothing per frame over 100k frames at 60 fps (procedural sources: %s)', async (withSources) => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const { mixer, markers } = scene(withSources);
    const yaw = mixer.frame.indexOf('dict.3');
    const sink = new Float64Array(1);
    runFrames(mixer, 20_000, yaw, sink); // warm up: let the JIT optimize
    let collections = 0;
    const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
    observer.observe({ entryTypes: ['gc'] });
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    collections = 0;
    const before = process.memoryUsage().heapUsed;
    const frames = 100_000;
    runFrames(mixer, frames, yaw, sink);
    const after = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 10));
    observer.disconnect();
    const growth = after - before;
    console.log(`[motion] heap growth over ${frames} frames (sources: ${withSources}): ${growth} bytes `
      + `(${(growth / frames).toFixed(3)} B/frame), garbage collections during the run: ${collections}, markers fired: ${markers()}`);
    expect(Number.isFinite(sink[0])).toBe(true);
    expect(markers()).toBeGreaterThan(100); // the event path ran
    // The steady state allocates nothing. Rare events may box a few numbers: a loop wrap (every 50 s of clip time
    // here) and a new blink (every 2–6 s), together well under 1 B per frame on average. One 16-byte number per
    // frame would already be 1.6 MB, so this bound fails on any per-frame allocation.
    expect(growth).toBeLessThan(256 * 1024);
    expect(collections).toBe(0);
  });
});
