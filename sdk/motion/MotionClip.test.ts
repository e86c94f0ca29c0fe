import { describe, expect, it } from 'vitest';
import { KeyframeTrack, MotionClip, MotionValidationError } from './index.js';

const yaw = new KeyframeTrack('head.yaw', [0, 1, 2], [0, 20, 0], { interpolation: 'smooth' });
const blink = new KeyframeTrack('eyes.blink', [0.5, 0.6, 0.7], [0, 1, 0]);

function issuesOf(fn: () => unknown): MotionValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MotionValidationError);
    return error as MotionValidationError;
  }
  throw new Error('expected a MotionValidationError');
}

describe('MotionClip', () => {
  it('holds tracks by channel, loop mode and markers sorted by time', () => {
    const clip = new MotionClip({
      name: 'nod', duration: 2, tracks: [yaw, blink], loop: 'ping-pong',
      markers: [{ name: 'late', time: 1.5 }, { name: 'early', time: 0.2, payload: { sound: 'tick' } }],
    });
    expect(clip.channels).toEqual(['head.yaw', 'eyes.blink']);
    expect(clip.track('eyes.blink')).toBe(blink);
    expect(clip.track('mouth.open')).toBeUndefined();
    expect(clip.loop).toBe('ping-pong');
    expect(clip.markers.map((m) => m.name)).toEqual(['late', 'early']);
    expect(clip.markersByTime.map((m) => m.name)).toEqual(['early', 'late']);
    expect(clip.markersByTime[0]!.payload).toEqual({ sound: 'tick' });
  });

  it('evaluates every track at a time', () => {
    const clip = new MotionClip({ name: 'nod', duration: 2, tracks: [yaw, blink] });
    expect(Array.from(clip.evaluate(1))).toEqual([20, 0]);
    expect(Array.from(clip.evaluate(0.6))).toEqual([yaw.evaluate(0.6), 1]);
    expect(clip.loop).toBe('once');
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects a duration of %s', (duration) => {
    const error = issuesOf(() => new MotionClip({ name: 'wave', duration, tracks: [] }));
    expect(error.code).toBe(Number.isNaN(duration) || !Number.isFinite(duration) ? 'motion/non-finite' : 'motion/invalid-duration');
    expect(error.message).toContain('PortraitRig: clip "wave": duration must be a finite number of seconds greater than 0');
  });

  it('rejects keys beyond the duration and before 0', () => {
    const error = issuesOf(() => new MotionClip({
      name: 'wave', duration: 1.5,
      tracks: [yaw, new KeyframeTrack('head.pitch', [-0.5, 1], [0, 1])],
    }));
    expect(error.issues.map((i) => i.code)).toEqual(['motion/out-of-range', 'motion/out-of-range']);
    expect(error.issues[0]!.message).toBe(
      'PortraitRig: clip "wave" track "head.yaw" key 2: time 2.0 s lies beyond the clip\'s duration (1.5 s); extend the duration or move the key',
    );
    expect(error.issues[1]!.message).toContain('track "head.pitch" key 0: time -0.5 s is before the clip\'s start');
  });

  it('rejects duplicate channels and invalid channel names', () => {
    const duplicate = issuesOf(() => new MotionClip({ name: 'wave', duration: 2, tracks: [yaw, yaw] }));
    expect(duplicate.code).toBe('motion/duplicate-track');
    const unknown = issuesOf(() => new MotionClip({
      name: 'wave', duration: 2, tracks: [new KeyframeTrack('head.yew', [0], [1])],
    }));
    expect(unknown.code).toBe('motion/invalid-channel');
    expect(unknown.message).toContain('did you mean "head.yaw"');
  });

  it('rejects vector tracks (clip tracks are scalar channels)', () => {
    const vector = new KeyframeTrack('custom.vec', [0, 1], [0, 0, 1, 1], { valueSize: 2 });
    expect(issuesOf(() => new MotionClip({ name: 'v', duration: 1, tracks: [vector] })).code).toBe('motion/invalid-track');
  });

  it('rejects malformed markers', () => {
    const error = issuesOf(() => new MotionClip({
      name: 'wave', duration: 2,
      markers: [{ name: '', time: 1 }, { name: 'late', time: 3 }, { name: 'nan', time: Number.NaN },
        { name: 'fn', time: 1, payload: (() => 1) as never }],
    }));
    expect(error.issues.map((i) => i.code)).toEqual(['motion/invalid-event', 'motion/out-of-range', 'motion/non-finite', 'motion/invalid-event']);
    expect(error.issues[1]!.message).toContain('marker "late": time 3.0 s lies outside the clip');
  });

  it('rejects an empty name and an unknown loop mode', () => {
    const error = issuesOf(() => new MotionClip({ name: '', duration: 1, loop: 'forever' as never }));
    expect(error.issues.map((i) => i.path)).toEqual(['name', 'loop']);
    expect(error.message).toContain('use "once", "loop" or "ping-pong"');
  });
});
