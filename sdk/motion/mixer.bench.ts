import { bench, describe } from 'vitest';
import { BlinkBehavior, KeyframeTrack, LookAtBehavior, MotionClip, MotionMixer, SeededRandom, SwayBehavior } from '../index.js';

/**
 * A mixer with `layers` clip actions of 16 tracks × 1,000 keys each (smooth, with easing and linear overrides,
 * 50 markers per clip): layer 0 override, 1 additive, 2 override at half weight in ping-pong.
 */
function scene(withSources: boolean): MotionMixer {
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
  mixer.addEventListener('marker', () => {});
  return mixer;
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
