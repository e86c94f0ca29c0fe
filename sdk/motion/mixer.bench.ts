import { bench, describe } from 'vitest';
import { mixerBenchScene } from '../../test/support/mixerBenchScene.js';
import type { MotionMixer } from '../index.js';

/** The benchmark scene (test/support/mixerBenchScene.ts); with sources: blink, sway and look-at. */
function scene(withSources: boolean): MotionMixer {
  return mixerBenchScene(withSources ? { blink: true, sway: true, lookAt: true } : {}).mixer;
}

describe('MotionMixer.update at 60 fps', () => {
  const clips = scene(false);
  const withSources = scene(true);
  const seek = scene(false);
  let seekTime = 0;

  bench('3 layers × 16 tracks × 1,000 keys', () => {
    clips.update(1 / 60);
  }, { time: 2000, warmupTime: 500 });

  bench('same + blink, sway and look-at sources', () => {
    withSources.update(1 / 60);
  }, { time: 2000, warmupTime: 500 });

  bench('3 layers × 16 tracks, random seek every frame (binary search)', () => {
    seekTime = (seekTime + 17.3) % 49.9;
    for (const action of seek.actions) (action as unknown as { time: number }).time = seekTime;
    seek.update(0);
  }, { time: 2000, warmupTime: 500 });
});
