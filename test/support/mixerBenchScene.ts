import {
  BlinkBehavior, BreathingBehavior, KeyframeTrack, LookAtBehavior, MotionClip, MotionMixer, SeededRandom, SwayBehavior,
} from '../../sdk/motion/index.js';

/** Which procedural sources {@link mixerBenchScene} adds on layer 3 (none by default). */
export interface MixerBenchSources {
  readonly blink?: boolean;
  readonly breathing?: boolean;
  readonly sway?: boolean;
  readonly lookAt?: boolean;
}

/**
 * The motion engine's benchmark scene (issue #2): 3 clip layers of 16 tracks × 1,000 keys (smooth, with easing and
 * linear per-key overrides, 50 markers per clip): layer 0 override, 1 additive, 2 override at half weight in
 * ping-pong; plus the chosen procedural sources. Seeded: the same scene every time. `events()` counts the marker and
 * loop events fired so far.
 */
export function mixerBenchScene(sources: MixerBenchSources = {}): { mixer: MotionMixer; events: () => number } {
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
  const additive = { blendMode: 'additive', layer: 3 } as const;
  if (sources.blink) mixer.sourceAction(new BlinkBehavior({ seed: 1 }), additive).play();
  if (sources.breathing) mixer.sourceAction(new BreathingBehavior({ seed: 1 }), additive).play();
  if (sources.sway) mixer.sourceAction(new SwayBehavior({ seed: 1 }), additive).play();
  if (sources.lookAt) {
    const look = new LookAtBehavior();
    look.setTargetAngles(20, 5);
    mixer.sourceAction(look, additive).play();
  }
  let count = 0;
  mixer.addEventListener('marker', () => { count++; });
  mixer.addEventListener('loop', () => { count++; });
  return { mixer, events: () => count };
}
