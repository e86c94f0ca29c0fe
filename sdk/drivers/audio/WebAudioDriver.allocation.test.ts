import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FakeAudioContext, fakeMediaElement } from '../../../test/audio/fakeWebAudio.js';
import { concat, hiss, silence, vowel } from '../../../test/audio/signals.js';
import { WebAudioDriver } from './WebAudioDriver.js';

const RATE = 48_000;

/** Plays `frames` frames at 60 fps, looping the signal; a plain function so that no number lives in a generator. */
function run(context: FakeAudioContext, driver: WebAudioDriver, out: Float64Array, frames: number): void {
  for (let i = 0; i < frames; i++) {
    context.playhead = (context.playhead + 800) % context.signal.length;
    driver.update(1 / 60, out);
  }
}

describe('WebAudioDriver allocation', () => {
  it('update() allocates no buffers per frame (analysis, mapping, visemes, prosody, delay line): under 128 bytes of boxed numbers', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const context = new FakeAudioContext(RATE);
    context.signal = concat(vowel([750, 1200, 2600], 0.4, RATE), silence(0.2, RATE), hiss(0.2, RATE), vowel([320, 900, 2400], 0.4, RATE, { pitchHz: 150 }), silence(0.3, RATE));
    const driver = new WebAudioDriver(fakeMediaElement() as unknown as HTMLMediaElement, {
      context: context as unknown as AudioContext, prosody: true, visemeChannels: true, latencyMs: 50,
    });
    const out = new Float64Array(driver.channels.length);
    run(context, driver, out, 3000); // warm up the JIT
    // Windows of 500 frames with pauses between them, so that optimized code compiled on a background thread (slow on
    // a busy machine) gets installed; the smallest window is the steady state.
    const frames = 500;
    const windows: number[] = [];
    for (let w = 0; w < 10; w++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
      const before = process.memoryUsage().heapUsed;
      run(context, driver, out, frames);
      windows.push((process.memoryUsage().heapUsed - before) / frames);
    }
    const perFrame = Math.min(...windows);
    console.log(`[audio] WebAudioDriver.update heap growth: ${perFrame.toFixed(2)} bytes per frame (best of ${windows.length} windows of ${frames}; ` +
      `all: ${windows.map((x) => x.toFixed(0)).join(', ')})`);
    expect(driver.mapper.prosody!.accentCount).toBeGreaterThan(0);
    // No typed array or object is created per frame (the smallest, a 512-sample window, would be over 2 kB); what
    // remains is V8 boxing a few fractional numbers that cross calls it does not inline (≈ 40–90 B on Node 20).
    expect(perFrame).toBeLessThan(128);
  });
});
