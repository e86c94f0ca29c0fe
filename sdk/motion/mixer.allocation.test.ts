import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { mixerBenchScene } from '../../test/support/mixerBenchScene.js';
import { ClipAction, MotionMixer } from '../index.js';

/** The benchmark scene (test/support/mixerBenchScene.ts), with every procedural source or none. */
function scene(withSources: boolean, blink = true): { mixer: MotionMixer; markers: () => number } {
  const { mixer, events } = mixerBenchScene(withSources ? { blink, breathing: true, sway: true, lookAt: true } : {});
  return { mixer, markers: events };
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
    // 10 consecutive windows of 10,000 frames: a per-frame allocation shows in every window, while a late JIT
    // optimization (slow on a busy machine) or a rare event shows in one or two.
    let collections = 0;
    const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
    observer.observe({ entryTypes: ['gc'] });
    const windows: number[] = [];
    const frames = 10_000;
    let total = 0;
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    collections = 0;
    let before = process.memoryUsage().heapUsed;
    for (let w = 0; w < 10; w++) {
      runFrames(mixer, frames, yaw, sink);
      const after = process.memoryUsage().heapUsed;
      windows.push(after - before);
      total += after - before;
      before = after;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(collections, 'garbage collections while mixing').toBe(0);
    observer.disconnect();
    const median = [...windows].sort((a, b) => a - b)[windows.length >> 1]!;
    // Baseline: the same window around a mixer with no actions (what measuring itself costs).
    const idle = new MotionMixer();
    runFrames(idle, 20_000, 0, sink);
    gc();
    gc();
    const idleBefore = process.memoryUsage().heapUsed;
    runFrames(idle, frames, 0, sink);
    const baseline = process.memoryUsage().heapUsed - idleBefore;
    console.log(`[motion] heap growth over ${10 * frames} frames (sources: ${withSources}): ${total} bytes in all `
      + `(${(total / (10 * frames)).toFixed(3)} B/frame); per 10,000-frame window: median ${median} bytes, `
      + `max ${Math.max(...windows)} (an empty mixer: ${baseline}); no garbage collection; markers fired: ${markers()}`);
    expect(Number.isFinite(sink[0])).toBe(true);
    expect(markers()).toBeGreaterThan(100); // the event path ran
    // One 16-byte number per frame would be 160,000 bytes per window; the steady state allocates nothing (see the
    // next test). Rare events box a few numbers: a loop wrap (every 50 s of clip time here, ~10 per window) and a new
    // blink (every 2–6 s, ~40 per window, a few hundred bytes each).
    expect(median).toBeLessThan((withSources ? 48 : 16) * 1024);
  });

  it('steady state: frames between loop wraps and blinks allocate nothing (markers, sway, breathing, look-at included)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const { mixer, markers } = scene(true, false);
    const channel = mixer.frame.indexOf('dict.3');
    const sink = new Float64Array(1);
    const seekAll = (seconds: number): void => {
      for (const action of mixer.actions) if (action instanceof ClipAction) action.time = seconds;
    };
    // Warm up every path the measured window takes, seeks included: a path V8 has not seen yet deoptimizes the
    // first time it runs, and until it is optimized again the code boxes numbers (that is JIT warm-up, not the
    // engine allocating).
    runFrames(mixer, 20_000, channel, sink);
    for (const seconds of [5, 40, 12, 33, 1, 48, 25, 20, 30]) {
      seekAll(seconds);
      runFrames(mixer, 2_000, channel, sink);
    }
    const fired = markers();
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // 12 windows of 100 frames. Right after seeks V8 may still be re-optimizing in the background (slow on a busy
    // machine), and code waiting for that boxes numbers; once it is optimized a window allocates nothing. A 16-byte
    // allocation per frame would show in every window (1,600 bytes).
    const measure = (): number => {
      const before = process.memoryUsage().heapUsed;
      runFrames(mixer, 100, channel, sink);
      return process.memoryUsage().heapUsed - before;
    };
    const overheads: number[] = [];
    for (let k = 0; k < 3; k++) {
      const before = process.memoryUsage().heapUsed;
      overheads.push(process.memoryUsage().heapUsed - before);
    }
    const overhead = Math.min(...overheads); // what reading memoryUsage itself costs
    // Windows of 100 frames from 25 s into every 49.95 s clip (no clip reaches either end, forwards or backwards),
    // until three in a row allocate nothing. Right after seeks V8 may still be re-optimizing in the background (slow
    // on a busy machine), and code waiting for that boxes numbers; a real per-frame allocation (16 bytes a frame,
    // 1,600 a window) would never reach zero.
    const windows: number[] = [];
    let clean = 0;
    while (clean < 3 && windows.length < 300) {
      seekAll(25);
      const growth = measure() - overhead;
      windows.push(growth);
      clean = growth < 100 ? clean + 1 : 0;
    }
    console.log(`[motion] steady state: ${windows.length} windows of 100 frames until three in a row allocated nothing; `
      + `the last: ${windows.slice(-3).join(', ')} bytes (first: ${windows[0]}; measurement overhead ${overhead} `
      + `bytes subtracted); ${markers() - fired} markers fired`);
    expect(markers() - fired).toBeGreaterThan(15);
    expect(clean).toBe(3);
  });
});
