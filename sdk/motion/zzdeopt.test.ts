import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { it } from 'vitest';
import { BreathingBehavior, ClipAction, KeyframeTrack, LookAtBehavior, MotionClip, MotionMixer, SeededRandom, SwayBehavior } from './index.js';
function runFrames(mixer: MotionMixer, frames: number, channel: number, sink: Float64Array): void {
  for (let i = 0; i < frames; i++) sink[0] = sink[0]! + mixer.update(1 / 60).values[channel]!;
}
it('deopt', async () => {
  const random = new SeededRandom(12345);
  const mixer = new MotionMixer();
  for (let layer = 0; layer < 3; layer++) {
    const tracks = Array.from({ length: 16 }, (_, k) => {
      const times = Array.from({ length: 1000 }, (_, i) => i * 0.05);
      return new KeyframeTrack(`dict.${k}`, times, times.map(() => random.range(-10, 10)), { interpolation: 'smooth',
        keyInterpolations: times.map((_, i) => (i % 7 === 0 ? 'easeInOutCubic' : i % 11 === 0 ? 'linear' : undefined)) });
    });
    const clip = new MotionClip({ name: `layer${layer}`, duration: 999 * 0.05, loop: layer === 2 ? 'ping-pong' : 'loop', tracks,
      markers: Array.from({ length: 50 }, (_, i) => ({ name: 'beat', time: i })) });
    mixer.clipAction(clip, { layer, blendMode: layer === 1 ? 'additive' : 'override', weight: layer === 2 ? 0.5 : 1 }).play();
  }
  mixer.sourceAction(new BreathingBehavior({ seed: 1 }), { blendMode: 'additive', layer: 3 }).play();
  mixer.sourceAction(new SwayBehavior({ seed: 1 }), { blendMode: 'additive', layer: 3 }).play();
  const look = new LookAtBehavior(); look.setTargetAngles(20, 5);
  mixer.sourceAction(look, { blendMode: 'additive', layer: 3 }).play();
  let count = 0;
  mixer.addEventListener('marker', () => { count++; });
  const sink = new Float64Array(1);
  const seekAll = (s: number) => { for (const a of mixer.actions) if (a instanceof ClipAction) a.time = s; };
  runFrames(mixer, 20000, 3, sink);
  for (const s of [5, 40, 12, 33, 1, 48, 25, 20, 30]) { seekAll(s); runFrames(mixer, 2000, 3, sink); }
  const ws: number[] = [];
  for (let w = 0; w < 60; w++) { seekAll(25); const b = process.memoryUsage().heapUsed; runFrames(mixer, 100, 3, sink); ws.push(process.memoryUsage().heapUsed - b); }
  console.log('windows', ws.join(','));
  v8.setFlagsFromString('--allow-natives-syntax');
  const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
  const a = mixer.actions[0] as any;
  const protoC = Object.getPrototypeOf(a);
  const mixProto = Object.getPrototypeOf(mixer);
  const interp = a.interpolants[0];
  const fns: Record<string, unknown> = { _evaluate: protoC._evaluate, _advance: protoC._advance, _update: Object.getPrototypeOf(protoC)._update,
    evaluateInPlace: Object.getPrototypeOf(interp).evaluateInPlace, mix: mixProto.mix, step: mixProto.step, update: mixProto.update, runFrames,
    smooth: a.clip.tracks[0].segments[1].interpolate, firePass: protoC.firePass };
  console.log('status', Object.entries(fns).map(([k, f]) => `${k}=${status(f).toString(2)}`).join(' '));
  if (ws[ws.length - 1]! > 10000) {
    v8.setFlagsFromString('--no-turbo-inlining');
    const session = new Session(); session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (let w = 0; w < 20; w++) { seekAll(25); runFrames(mixer, 100, 3, sink); }
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const totals = new Map<string, number>();
    const walk = (node: any, stack: string[]) => {
      const name = `${node.callFrame.functionName || '(anon)'}:${node.callFrame.lineNumber + 1}`;
      const key = [...stack.slice(-2), name].join(' > ');
      if (node.selfSize > 0) totals.set(key, (totals.get(key) ?? 0) + node.selfSize);
      for (const c of node.children) walk(c, [...stack, name]);
    };
    walk(profile.head, []);
    console.log([...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${v} B  ${k}`).join('\n'));
  }
  console.log('--- done', count);
});
