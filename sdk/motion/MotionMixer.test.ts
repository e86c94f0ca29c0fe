import { describe, expect, it } from 'vitest';
import {
  BlinkBehavior, KeyframeTrack, LookAtBehavior, MotionClip, MotionMixer, PortraitRigError, SeededRandom, SwayBehavior,
  type ClipMarker, type LoopMode, type MotionSource,
} from '../index.js';

/** A looping clip holding each channel at a constant value. */
function constant(name: string, values: Record<string, number>, duration = 1): MotionClip {
  return new MotionClip({
    name, duration, loop: 'loop',
    tracks: Object.entries(values).map(([channel, value]) => new KeyframeTrack(channel, [0], [value])),
  });
}

/** head.yaw goes linearly 0 → 10·duration over the clip (value = 10 · time). */
function ramp(duration = 1, loop: LoopMode = 'once', markers: ClipMarker[] = []): MotionClip {
  return new MotionClip({
    name: 'ramp', duration, loop, markers,
    tracks: [new KeyframeTrack('head.yaw', [0, duration], [0, 10 * duration])],
  });
}

describe('MotionMixer frame', () => {
  it('starts with the preset channels at neutral and adds clip channels when an action is created', () => {
    const mixer = new MotionMixer();
    expect(mixer.frame.names).toContain('head.yaw');
    expect(mixer.frame.get('head.yaw')).toBe(0);
    const yaw = mixer.frame.indexOf('head.yaw');
    const version = mixer.frame.layoutVersion;
    mixer.clipAction(constant('c', { 'custom.cheekPuff': 0.5, 'dict.9': 0.2 })).play();
    expect(mixer.frame.layoutVersion).toBeGreaterThan(version);
    expect(mixer.frame.indexOf('head.yaw')).toBe(yaw);
    mixer.update(0.1);
    expect(mixer.frame.get('custom.cheekPuff')).toBeCloseTo(0.5, 6);
    expect(mixer.frame.values[mixer.frame.indexOf('dict.9')]).toBeCloseTo(0.2, 6);
    expect(mixer.frame.get('nope', -1)).toBe(-1);
  });

  it('honours a custom channel list and neutral values', () => {
    const mixer = new MotionMixer({ channels: ['head.yaw'], neutralOf: (c) => (c === 'head.yaw' ? 5 : 0) });
    expect(mixer.frame.names).toEqual(['head.yaw']);
    mixer.update(0);
    expect(mixer.frame.get('head.yaw')).toBe(5);
  });
});

describe('MotionMixer blending', () => {
  it('an override action at weight w lerps from neutral to its value', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(constant('c', { 'head.yaw': 20 })).play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(20, 5);
    action.weight = 0.25;
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(5, 5);
  });

  it('additive adds weight × (value − neutral); override on a higher layer replaces', () => {
    const mixer = new MotionMixer({ neutralOf: (c) => (c === 'mouth.open' ? 0.1 : 0) });
    mixer.clipAction(constant('base', { 'head.yaw': 10, 'mouth.open': 0.5 })).play();
    const add = mixer.clipAction(constant('add', { 'head.yaw': 4, 'mouth.open': 0.3 }), { layer: 1, blendMode: 'additive', weight: 0.5 }).play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(10 + 0.5 * 4, 5);
    expect(mixer.frame.get('mouth.open')).toBeCloseTo(0.5 + 0.5 * (0.3 - 0.1), 5);
    add.blendMode = 'override';
    add.weight = 1;
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(4, 5);
    add.weight = 0.5;
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(7, 5);
  });

  it('orders layers by index, not by creation, and re-sorts when a layer changes', () => {
    const mixer = new MotionMixer();
    const top = mixer.clipAction(constant('top', { 'head.yaw': 30 }), { layer: 2 }).play();
    mixer.clipAction(constant('bottom', { 'head.yaw': -30 }), { layer: 0 }).play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(30, 5);
    top.layer = -1;
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(-30, 5);
    expect(mixer.actions.map((a) => a.layer)).toEqual([-1, 0]);
  });

  it('override actions on one layer average by weight', () => {
    const mixer = new MotionMixer();
    mixer.clipAction(constant('a', { 'head.yaw': 10 }), { weight: 0.6 }).play();
    mixer.clipAction(constant('b', { 'head.yaw': 20 }), { weight: 0.4 }).play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(14, 5);
  });

  it('cross-fade: fade weights sum to 1 and the frame is the weighted sum throughout', () => {
    const mixer = new MotionMixer();
    const a = mixer.clipAction(constant('a', { 'head.yaw': 10 })).play();
    const b = mixer.clipAction(constant('b', { 'head.yaw': 20 }));
    mixer.update(0.1);
    a.crossFadeTo(b, 0.5);
    let steps = 0;
    for (let i = 0; i < 40; i++) {
      mixer.update(1 / 60);
      const wa = a.getEffectiveWeight();
      const wb = b.getEffectiveWeight();
      if (a.isFading) {
        steps++;
        expect(wa + wb).toBeCloseTo(1, 12);
        expect(mixer.frame.get('head.yaw')).toBeCloseTo(10 * wa + 20 * wb, 4);
      }
    }
    expect(steps).toBeGreaterThan(20);
    expect(a.enabled).toBe(false);
    expect(a.getEffectiveWeight()).toBe(0);
    expect(b.getEffectiveWeight()).toBe(1);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(20, 5);
  });

  it('fadeIn ramps linearly in mixer time; fadeOut disables; play() afterwards plays at full weight', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(constant('a', { 'head.yaw': 10 })).fadeIn(1).play();
    mixer.update(0.25);
    expect(action.fadeWeight).toBeCloseTo(0.25, 12);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(2.5, 5);
    mixer.timeScale = 2;
    mixer.update(0.25);
    expect(action.fadeWeight).toBeCloseTo(0.75, 12);
    mixer.timeScale = 1;
    mixer.update(1);
    action.fadeOut(0.5);
    mixer.update(0.25);
    expect(action.getEffectiveWeight()).toBeCloseTo(0.5, 12);
    mixer.update(0.25);
    expect(action.enabled).toBe(false);
    expect(mixer.frame.get('head.yaw')).toBe(0);
    action.play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(10, 5);
  });

  it('rejects invalid arguments with PortraitRigError', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(ramp());
    expect(() => mixer.update(Number.NaN)).toThrow(PortraitRigError);
    expect(() => action.fadeIn(-1)).toThrow(/fade duration/);
    expect(() => { action.weight = -0.5; }).toThrow(/weight/);
    expect(() => { action.timeScale = Infinity; }).toThrow(/timeScale/);
    expect(() => { action.layer = 0.5; }).toThrow(/layer/);
    expect(() => { action.blendMode = 'multiply' as never; }).toThrow(/blend mode/);
    expect(() => { action.repetitions = 0; }).toThrow(/repetitions/);
    expect(() => action.seek(Number.NaN)).toThrow(/seek/);
  });
});

describe('MotionMixer masks', () => {
  const both = () => constant('both', { 'head.yaw': 10, 'mouth.open': 0.5, 'dict.31': 1 });

  it('a pose mask drives pose channels only; expression the rest', () => {
    const mixer = new MotionMixer();
    mixer.clipAction(both(), { mask: 'pose' }).play();
    mixer.update(0.01);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(10, 5);
    expect(mixer.frame.get('mouth.open')).toBe(0);
    expect(mixer.frame.get('dict.31')).toBe(0);
    const other = new MotionMixer();
    const action = other.clipAction(both(), { mask: 'expression' }).play();
    other.update(0.01);
    expect(other.frame.get('head.yaw')).toBe(0);
    expect(other.frame.get('mouth.open')).toBeCloseTo(0.5, 6);
    expect(action.boundChannels).toEqual(['mouth.open', 'dict.31']);
  });

  it('a group resolver (e.g. from a model manifest) reclassifies channels', () => {
    const mixer = new MotionMixer({ groupOf: (c) => (c === 'dict.31' || c.startsWith('head.') ? 'pose' : 'expression') });
    mixer.clipAction(both(), { mask: 'pose' }).play();
    mixer.update(0.01);
    expect(mixer.frame.get('dict.31')).toBe(1);
    expect(mixer.groupOf('dict.31')).toBe('pose');
  });

  it('lists of groups and channel names, and predicates', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(both(), { mask: ['mouth.open', 'pose'] });
    expect(action.boundChannels).toEqual(['head.yaw', 'mouth.open']);
    action.mask = (channel) => channel.startsWith('dict.');
    expect(action.boundChannels).toEqual(['dict.31']);
  });

  it('rejects invalid masks and keeps the previous one', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(both(), { mask: 'pose' });
    expect(() => { action.mask = 'face' as never; }).toThrow(/is not a mask/);
    expect(() => { action.mask = ['head.yew']; }).toThrow(/did you mean "head.yaw"/);
    expect(action.mask).toBe('pose');
    expect(action.boundChannels).toEqual(['head.yaw']);
  });
});

describe('ClipAction playback', () => {
  it('advances by delta × mixer timeScale × action timeScale; pause freezes but contributes; stop rewinds', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(ramp(4)).play();
    mixer.update(0.5);
    expect(action.time).toBeCloseTo(0.5, 12);
    action.timeScale = 2;
    mixer.update(0.5);
    expect(action.time).toBeCloseTo(1.5, 12);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(15, 4);
    action.paused = true;
    mixer.update(1);
    expect(action.time).toBeCloseTo(1.5, 12);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(15, 4);
    action.stop();
    mixer.update(0.1);
    expect(action.time).toBe(0);
    expect(mixer.frame.get('head.yaw')).toBe(0);
    expect(action.isScheduled()).toBe(false);
  });

  it('once: finishes at the end, fires finished, stops contributing (or holds with clampWhenFinished)', () => {
    const mixer = new MotionMixer();
    const finished: string[] = [];
    mixer.addEventListener('finished', (e) => finished.push(`${e.action.clip.name}:${e.direction}`));
    const action = mixer.clipAction(ramp(1)).play();
    mixer.update(0.9);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(9, 4);
    mixer.update(0.2);
    expect(finished).toEqual(['ramp:1']);
    expect(action.time).toBe(1);
    expect(action.isFinished).toBe(true);
    expect(mixer.frame.get('head.yaw')).toBe(0);
    action.clampWhenFinished = true;
    action.play();
    expect(action.time).toBe(0);
    mixer.update(2);
    expect(finished).toHaveLength(2);
    expect(mixer.frame.get('head.yaw')).toBeCloseTo(10, 5);
    expect(action.paused).toBe(true);
  });

  it('loop wraps time and counts loops; repetitions finish it', () => {
    const mixer = new MotionMixer();
    const loops: number[] = [];
    mixer.addEventListener('loop', (e) => loops.push(e.loopCount));
    const action = mixer.clipAction(ramp(1, 'loop')).play();
    mixer.update(2.25);
    expect(action.time).toBeCloseTo(0.25, 12);
    expect(action.loopCount).toBe(2);
    expect(loops).toEqual([1, 2]);
    action.reset();
    action.repetitions = 3;
    mixer.update(5);
    expect(action.isFinished).toBe(true);
    expect(action.loopCount).toBe(2);
  });

  it('ping-pong plays forwards then backwards', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(ramp(1, 'ping-pong')).play();
    mixer.update(1.25);
    expect(action.time).toBeCloseTo(0.75, 12);
    mixer.update(0.5);
    expect(action.time).toBeCloseTo(0.25, 12);
    mixer.update(0.5);
    expect(action.time).toBeCloseTo(0.25, 12);
    expect(action.loopCount).toBe(2);
  });

  it('a negative time scale plays backwards', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(ramp(1, 'loop'), { timeScale: -1 }).play();
    action.time = 0.5;
    mixer.update(0.75);
    expect(action.time).toBeCloseTo(0.75, 12);
  });

  it('seek scrubs: update(0) shows the frame at the new time', () => {
    const mixer = new MotionMixer();
    const action = mixer.clipAction(ramp(2)).play();
    action.paused = true;
    for (const t of [1.5, 0.2, 2, 0]) {
      action.time = t;
      mixer.update(0);
      expect(mixer.frame.get('head.yaw')).toBeCloseTo(10 * t, 4);
    }
    action.time = 99;
    expect(action.time).toBe(2);
  });

  it('clipAction returns one action per clip and applies options; removeAction forgets it', () => {
    const mixer = new MotionMixer();
    const clip = ramp();
    const action = mixer.clipAction(clip);
    expect(mixer.clipAction(clip, { weight: 0.3 })).toBe(action);
    expect(action.weight).toBe(0.3);
    expect(mixer.existingAction(clip)).toBe(action);
    mixer.removeAction(action);
    expect(mixer.existingAction(clip)).toBeUndefined();
    expect(mixer.clipAction(clip)).not.toBe(action);
  });
});

describe('markers', () => {
  const markers = [{ name: 'start', time: 0 }, { name: 'mid', time: 0.5 }, { name: 'end', time: 1 }];

  function record(mixer: MotionMixer): string[] {
    const fired: string[] = [];
    mixer.addEventListener('marker', (e) => fired.push(`${e.marker.name}${e.direction > 0 ? '+' : '-'}`));
    return fired;
  }

  it('fire once per pass with small steps, across loop wraps', () => {
    const mixer = new MotionMixer();
    const fired = record(mixer);
    mixer.clipAction(ramp(1, 'loop', markers)).play();
    for (let i = 0; i < 20; i++) mixer.update(0.125); // 2.5 s, exactly representable
    expect(fired).toEqual(['start+', 'mid+', 'end+', 'start+', 'mid+', 'end+', 'start+']);
  });

  it('fire in order within one large step spanning several loops', () => {
    const mixer = new MotionMixer();
    const fired = record(mixer);
    const action = mixer.clipAction(ramp(1, 'loop', markers)).play();
    action.time = 0.25;
    mixer.update(2.5);
    // 0.25 → 2.75: [0.25, 1], [0, 1], [0, 0.75).
    expect(fired).toEqual(['mid+', 'end+', 'start+', 'mid+', 'end+', 'start+', 'mid+']);
  });

  it('fire both ways in ping-pong, the turning point once', () => {
    const mixer = new MotionMixer();
    const fired = record(mixer);
    mixer.clipAction(ramp(1, 'ping-pong', markers)).play();
    for (let i = 0; i < 20; i++) mixer.update(0.125);
    // 0 → 1 → 0 → 0.5: the step that lands exactly on 0.5 does not include it (half-open), the next would.
    expect(fired).toEqual(['start+', 'mid+', 'end+', 'mid-', 'start-']);
    mixer.update(0.125);
    expect(fired.at(-1)).toBe('mid+');
  });

  it('fire at the end of a once clip and backwards with a negative time scale', () => {
    const mixer = new MotionMixer();
    const fired = record(mixer);
    mixer.clipAction(ramp(1, 'once', markers)).play();
    mixer.update(5);
    expect(fired).toEqual(['start+', 'mid+', 'end+']);
    const back = new MotionMixer();
    const firedBack = record(back);
    back.clipAction(ramp(1, 'once', markers), { timeScale: -1 }).play().seek(1);
    for (let i = 0; i < 10; i++) back.update(0.25);
    expect(firedBack).toEqual(['end-', 'mid-', 'start-']);
  });

  it('seeking fires nothing; payloads reach listeners; the event object is reused', () => {
    const mixer = new MotionMixer();
    const events: object[] = [];
    const payloads: unknown[] = [];
    mixer.addEventListener('marker', (e) => { events.push(e); payloads.push(e.marker.payload); });
    const action = mixer.clipAction(ramp(1, 'loop', [{ name: 'a', time: 0.3, payload: { n: 1 } }, { name: 'b', time: 0.6 }])).play();
    action.seek(0.9);
    mixer.update(0);
    expect(events).toHaveLength(0);
    mixer.update(0.8);
    expect(payloads).toEqual([{ n: 1 }, undefined]);
    expect(events[0]).toBe(events[1]);
  });

  it('a listener may seek the action; the rest of that step is dropped', () => {
    const mixer = new MotionMixer();
    const fired: string[] = [];
    const action = mixer.clipAction(ramp(1, 'loop', [{ name: 'jump', time: 0.5 }, { name: 'after', time: 0.7 }])).play();
    mixer.addEventListener('marker', (e) => {
      fired.push(e.marker.name);
      if (e.marker.name === 'jump') action.seek(0);
    });
    mixer.update(0.9);
    expect(fired).toEqual(['jump']);
    expect(action.time).toBe(0);
  });

  it('listeners can be removed, also while dispatching', () => {
    const mixer = new MotionMixer();
    let count = 0;
    const once = (): void => {
      count++;
      mixer.removeEventListener('marker', once);
    };
    mixer.addEventListener('marker', once);
    expect(mixer.hasEventListener('marker', once)).toBe(true);
    mixer.clipAction(ramp(1, 'loop', markers)).play();
    mixer.update(3);
    expect(count).toBe(1);
    expect(mixer.hasEventListener('marker', once)).toBe(false);
  });
});

describe('continuity', () => {
  function randomLoopClip(random: SeededRandom, loop: LoopMode, mode: string): MotionClip {
    const n = 3 + random.int(6);
    const duration = random.range(0.5, 3);
    const times = Array.from({ length: n }, (_, i) => (duration * i) / (n - 1));
    const values = times.map(() => random.range(-20, 20));
    if (loop === 'loop') values[n - 1] = values[0]!;
    return new MotionClip({ name: 'r', duration, loop, tracks: [new KeyframeTrack('head.yaw', times, values, { interpolation: mode })] });
  }

  /** Largest jump between consecutive frames at small steps, near the end of the clip vs anywhere else. */
  function jumps(clip: MotionClip, dt: number): { atWrap: number; elsewhere: number } {
    const mixer = new MotionMixer({ channels: ['head.yaw'] });
    const action = mixer.clipAction(clip).play();
    action.seek(clip.duration - 50 * dt);
    mixer.update(0);
    let previous = mixer.frame.values[0]!;
    let atWrap = 0;
    let elsewhere = 0;
    for (let i = 0; i < 100; i++) {
      const before = action.time;
      mixer.update(dt);
      const value = mixer.frame.values[0]!;
      const jump = Math.abs(value - previous);
      if (action.time < before) atWrap = Math.max(atWrap, jump);
      else elsewhere = Math.max(elsewhere, jump);
      previous = value;
    }
    return { atWrap, elsewhere };
  }

  it.each(['linear', 'smooth', 'easeInOutSine'])('property: looping clips whose ends match are continuous at the wrap (%s)', (mode) => {
    const random = new SeededRandom(5);
    for (let trial = 0; trial < 30; trial++) {
      const clip = randomLoopClip(random, 'loop', mode);
      const { atWrap, elsewhere } = jumps(clip, 1e-3);
      expect(atWrap).toBeLessThanOrEqual(elsewhere * 2 + 1e-4);
    }
  });

  it('control: a looping clip whose ends differ jumps at the wrap (the check above can fail)', () => {
    const clip = new MotionClip({
      name: 'jump', duration: 1, loop: 'loop', tracks: [new KeyframeTrack('head.yaw', [0, 1], [0, 5])],
    });
    const { atWrap, elsewhere } = jumps(clip, 1e-3);
    expect(atWrap).toBeGreaterThan(4);
    expect(elsewhere).toBeLessThan(0.01);
  });

  it.each(['linear', 'smooth', 'bezier'])('property: ping-pong is continuous at the turns (%s)', (mode) => {
    const random = new SeededRandom(9);
    for (let trial = 0; trial < 30; trial++) {
      const clip = randomLoopClip(random, 'ping-pong', mode);
      const mixer = new MotionMixer({ channels: ['head.yaw'] });
      mixer.clipAction(clip).play();
      const dt = 1e-3;
      let previous = 0;
      let maxJump = 0;
      const slope = Math.max(...Array.from({ length: 200 }, (_, i) => {
        const t = (clip.duration * i) / 200;
        return Math.abs(clip.evaluate(t + 1e-4)[0]! - clip.evaluate(t)[0]!) / 1e-4;
      }));
      mixer.update(0);
      previous = mixer.frame.values[0]!;
      for (let i = 0; i < (2.2 * clip.duration) / dt; i++) {
        mixer.update(dt);
        maxJump = Math.max(maxJump, Math.abs(mixer.frame.values[0]! - previous));
        previous = mixer.frame.values[0]!;
      }
      // No frame-to-frame change larger than the steepest slope allows (float32 frame: + 1e-5).
      expect(maxJump).toBeLessThanOrEqual(slope * dt * 1.5 + 1e-5);
    }
  });
});

describe('determinism', () => {
  function build(): MotionMixer {
    const mixer = new MotionMixer();
    const random = new SeededRandom(99);
    const times = Array.from({ length: 40 }, (_, i) => i * 0.1);
    const clip = new MotionClip({
      name: 'd', duration: 4, loop: 'ping-pong',
      tracks: ['head.yaw', 'head.pitch', 'mouth.open'].map((channel) => new KeyframeTrack(channel, times, times.map(() => random.range(-10, 10)), { interpolation: 'smooth' })),
    });
    mixer.clipAction(clip, { timeScale: 1.3 }).play();
    mixer.sourceAction(new BlinkBehavior({ seed: 4 }), { blendMode: 'additive', layer: 1 }).play();
    mixer.sourceAction(new SwayBehavior({ seed: 4 }), { blendMode: 'additive', layer: 1 }).play();
    const look = new LookAtBehavior();
    look.setTargetAngles(20, -5);
    mixer.sourceAction(look, { blendMode: 'additive', layer: 2 }).play();
    return mixer;
  }

  it('two mixers fed the same deltas produce bit-identical frames', () => {
    const a = build();
    const b = build();
    const random = new SeededRandom(1);
    for (let i = 0; i < 3000; i++) {
      const dt = random.range(0, 0.05);
      expect(Array.from(a.update(dt).values)).toEqual(Array.from(b.update(dt).values));
    }
  });

  it('setTime replays from zero deterministically', () => {
    const mixer = build();
    const first = Array.from(mixer.setTime(3.7).values);
    for (let i = 0; i < 100; i++) mixer.update(1 / 60);
    expect(Array.from(mixer.setTime(3.7).values)).toEqual(first);
  });
});

describe('SourceAction', () => {
  it('plays a procedural source additively and keeps its output while paused', () => {
    const source: MotionSource & { time: number } = {
      channels: ['head.roll'], time: 0,
      update(dt, out) { this.time += dt; out[0] = this.time; },
      reset() { this.time = 0; },
    };
    const mixer = new MotionMixer();
    mixer.clipAction(constant('base', { 'head.roll': 1 })).play();
    const action = mixer.sourceAction(source, { blendMode: 'additive' }).play();
    mixer.update(0.5);
    expect(mixer.frame.get('head.roll')).toBeCloseTo(1.5, 6);
    action.paused = true;
    mixer.update(0.5);
    expect(mixer.frame.get('head.roll')).toBeCloseTo(1.5, 6);
    action.timeScale = -1;
    action.paused = false;
    mixer.update(0.5);
    expect(source.time).toBe(0.5); // never backwards
    action.stop();
    expect(source.time).toBe(0);
    expect(mixer.sourceAction(source)).toBe(action);
  });
});
