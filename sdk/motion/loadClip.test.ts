import { describe, expect, it } from 'vitest';
import {
  clipToJSON, KeyframeTrack, loadClip, MotionClip, MotionValidationError, PortraitRigError, SeededRandom,
  INTERPOLATION_NAMES, type ClipJson, type ClipJsonTrack,
} from '../index.js';

const base = (): Record<string, unknown> => ({
  format: 'portrait-rig-clip',
  version: 1,
  name: 'wave',
  duration: 2,
  loop: 'loop',
  tracks: [
    {
      channel: 'head.yaw', interpolation: 'smooth',
      keys: [{ time: 0, value: 0 }, { time: 0.5, value: 15, interpolation: 'easeInOutCubic' }, { time: 2, value: 0 }],
    },
    {
      channel: 'mouth.open', interpolation: 'bezier',
      keys: [{ time: 0, value: 0, outTangent: 2 }, { time: 1, value: 0.8, inTangent: 0, outTangent: -1 }, { time: 2, value: 0 }],
    },
  ],
  markers: [{ name: 'peak', time: 0.5, payload: { sound: 'whoosh', gain: 0.5 } }],
  meta: { author: 'test' },
});

function failure(input: unknown, source?: string): MotionValidationError {
  try {
    loadClip(input, source ? { source } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(MotionValidationError);
    expect(error).toBeInstanceOf(PortraitRigError);
    return error as MotionValidationError;
  }
  throw new Error('expected loadClip to fail');
}

function withKey(track: number, key: number, patch: Record<string, unknown>): Record<string, unknown> {
  const clip = base();
  const tracks = clip['tracks'] as { keys: Record<string, unknown>[] }[];
  Object.assign(tracks[track]!.keys[key]!, patch);
  return clip;
}

describe('loadClip', () => {
  it('loads text and objects into an equivalent clip', () => {
    const clip = loadClip(JSON.stringify(base()));
    expect(clip).toBeInstanceOf(MotionClip);
    expect(clip.name).toBe('wave');
    expect(clip.loop).toBe('loop');
    expect(clip.track('head.yaw')!.interpolationAt(1)).toBe('easeInOutCubic');
    expect(clip.track('mouth.open')!.bezierOutSlopes[0]).toBe(2);
    expect(clip.markers[0]).toEqual({ name: 'peak', time: 0.5, payload: { sound: 'whoosh', gain: 0.5 } });
    expect(clipToJSON(loadClip(base()))).toEqual(clipToJSON(clip));
  });

  it('round-trips losslessly: toJSON(fromJSON(x)) deep-equals x', () => {
    const json = base();
    expect(clipToJSON(loadClip(JSON.stringify(json)))).toEqual(json);
    expect(JSON.parse(JSON.stringify(loadClip(json)))).toEqual(json);
  });

  it('normalizes defaults and interpolation spellings', () => {
    const json = {
      format: 'portrait-rig-clip', version: 1, name: 'n', duration: 1, markers: [],
      tracks: [{ channel: 'dict.7', keys: [{ time: 0, value: 0.1, interpolation: 'cubic-bezier(.4,0,.6,1)' }, { time: 1, value: 0 }] }],
    };
    expect(clipToJSON(loadClip(json))).toEqual({
      format: 'portrait-rig-clip', version: 1, name: 'n', duration: 1, loop: 'once',
      tracks: [{
        channel: 'dict.7', interpolation: 'linear',
        keys: [{ time: 0, value: 0.1, interpolation: 'cubic-bezier(0.4, 0, 0.6, 1)' }, { time: 1, value: 0 }],
      }],
    });
  });

  it('property: random clips round-trip and play identically after a round-trip', () => {
    const random = new SeededRandom(2024);
    const channels = ['head.yaw', 'head.pitch', 'mouth.open', 'eyes.blink', 'dict.3', 'custom.cheekPuff'];
    const modes = [...INTERPOLATION_NAMES, 'cubic-bezier(0.1, -0.3, 0.9, 1.2)'];
    for (let trial = 0; trial < 100; trial++) {
      const duration = Number(random.range(0.5, 10).toFixed(3));
      const tracks: ClipJsonTrack[] = channels.filter(() => random.next() < 0.6).map((channel) => {
        const n = 1 + random.int(8);
        const times = Array.from({ length: n }, () => random.range(0, duration)).sort((a, b) => a - b);
        const interpolation = modes[random.int(modes.length)]!;
        const keys = [...new Set(times)].map((time) => ({ time, value: random.range(-40, 40) }) as ClipJsonTrack['keys'][number]);
        keys.forEach((key, i) => {
          if (random.next() < 0.3) key.interpolation = modes[random.int(modes.length)]!;
          const segmentMode = (k: number) => keys[k]!.interpolation ?? interpolation;
          if (i < keys.length - 1 && segmentMode(i) === 'bezier' && random.next() < 0.5) key.outTangent = random.range(-100, 100);
          if (i > 0 && segmentMode(i - 1) === 'bezier' && random.next() < 0.5) key.inTangent = random.range(-100, 100);
        });
        return { channel, interpolation, keys };
      });
      const json: ClipJson = {
        format: 'portrait-rig-clip', version: 1, name: `clip${trial}`, duration,
        loop: (['once', 'loop', 'ping-pong'] as const)[random.int(3)]!, tracks,
      };
      if (random.next() < 0.5) json.markers = [{ name: 'm', time: random.range(0, duration), payload: [1, 'two', null, { three: true }] }];
      const clip = loadClip(JSON.stringify(json));
      const again = clipToJSON(clip);
      expect(again).toEqual(json);
      const reloaded = loadClip(JSON.stringify(again));
      for (let t = 0; t <= duration; t += duration / 37) expect(Array.from(reloaded.evaluate(t))).toEqual(Array.from(clip.evaluate(t)));
    }
  });

  it('rejects invalid JSON, naming the source', () => {
    const error = failure('{"format": "portrait-rig-clip",', 'wave.clip.json');
    expect(error.code).toBe('motion/invalid-json');
    expect(error.message).toMatch(/^PortraitRig: clip file wave.clip.json: not valid JSON \(/);
  });

  it('rejects other documents and a missing format', () => {
    expect(failure('[1, 2]').code).toBe('motion/invalid-format');
    const manifest = failure({ format: 'portrait-rig-model', formatVersion: 1 });
    expect(manifest.message).toContain('this is a model manifest, not a clip');
    expect(failure({ name: 'x' }).message).toContain('"format" is missing');
  });

  it('rejects a wrong version, saying which versions are supported', () => {
    const newer = failure({ ...base(), version: 2 });
    expect(newer.code).toBe('motion/unsupported-version');
    expect(newer.message).toBe(
      'PortraitRig: clip "wave": clip format version 2 is not supported; this SDK reads version 1; '
      + 'update portrait-rig to read it, or save the clip as version 1',
    );
    const missing = failure({ ...base(), version: undefined });
    expect(missing.message).toContain('version is missing is not supported; this SDK reads version 1; set "version": 1');
    expect(failure({ ...base(), version: '1' }).code).toBe('motion/unsupported-version');
  });

  it('rejects unsorted keys with the clip, track, key, both times and the fix', () => {
    const clip = base();
    (clip['tracks'] as ClipJsonTrack[])[0]!.keys = [{ time: 0, value: 0 }, { time: 2.0, value: 1 }, { time: 1.5, value: 0 }];
    const error = failure(clip);
    expect(error.code).toBe('motion/unsorted-keys');
    expect(error.message).toBe(
      'PortraitRig: clip "wave" track "head.yaw" key 2: keyframe times must increase (1.5 after 2.0); sort the keys by time and give each key its own time',
    );
    expect(error.issues[0]!.path).toBe('tracks[0].keys[2].time');
  });

  it.each([Number.NaN, Infinity, -Infinity])('rejects %s in a key (object input)', (bad) => {
    const value = failure(withKey(0, 1, { value: bad }));
    expect(value.code).toBe('motion/non-finite');
    expect(value.message).toContain(`clip "wave" track "head.yaw" key 1: value is ${bad}`);
    expect(failure(withKey(1, 0, { time: bad })).message).toContain('track "mouth.open" key 0: time is');
    expect(failure(withKey(1, 0, { outTangent: bad })).message).toContain('key 0: outTangent is');
  });

  it('rejects NaN/Infinity durations and negative or zero durations', () => {
    expect(failure({ ...base(), duration: Number.NaN }).code).toBe('motion/non-finite');
    const negative = failure({ ...base(), duration: -1, tracks: [], markers: [] });
    expect(negative.code).toBe('motion/invalid-duration');
    expect(negative.message).toContain('clip "wave": duration must be a finite number of seconds greater than 0 (got -1.0)');
    expect(failure({ ...base(), duration: 0, tracks: [], markers: [] }).code).toBe('motion/invalid-duration');
  });

  it('rejects keys beyond the duration', () => {
    const error = failure({ ...base(), duration: 1.5 });
    expect(error.code).toBe('motion/out-of-range');
    expect(error.issues.map((i) => i.path)).toEqual(['tracks[0].keys[2].time', 'tracks[1].keys[2].time']);
    expect(error.message).toContain('track "head.yaw" key 2: time 2.0 s lies beyond the clip\'s duration (1.5 s)');
  });

  it('rejects unknown interpolation names with the valid names', () => {
    const error = failure(withKey(0, 1, { interpolation: 'bouncy' }));
    expect(error.code).toBe('motion/unknown-interpolation');
    expect(error.message).toContain('clip "wave" track "head.yaw" key 1: unknown interpolation "bouncy"; use one of step, linear, smooth, bezier');
    const track = base();
    (track['tracks'] as ClipJsonTrack[])[0]!.interpolation = 'Linear';
    expect(failure(track).message).toContain('did you mean "linear"');
  });

  it('rejects unknown channel names', () => {
    const clip = base();
    (clip['tracks'] as ClipJsonTrack[])[0]!.channel = 'head.yew';
    const error = failure(clip);
    expect(error.code).toBe('motion/invalid-channel');
    expect(error.message).toContain('clip "wave" track "head.yew": unknown channel "head.yew", probably a typo: did you mean "head.yaw"?');
    (clip['tracks'] as ClipJsonTrack[])[0]!.channel = 'Head Yaw!';
    expect(failure(clip).message).toContain('is not a channel name');
  });

  it('rejects duplicate tracks', () => {
    const clip = base();
    (clip['tracks'] as ClipJsonTrack[])[1]!.channel = 'head.yaw';
    expect(failure(clip).message).toContain('track "head.yaw": channel already animated by track 0; merge');
  });

  it('rejects unknown fields with a suggestion, wrong types and missing fields', () => {
    const typo = failure(withKey(0, 1, { interpolaton: 'linear' }));
    expect(typo.code).toBe('motion/invalid-format');
    expect(typo.message).toBe(
      'PortraitRig: clip "wave" track "head.yaw" key 1: unknown field "interpolaton" (did you mean "interpolation"?); '
      + 'allowed: time, value, interpolation, inTangent, outTangent',
    );
    expect(failure(withKey(0, 0, { value: '3' })).message).toContain('key 0: "value" must be a number, not the string "3"');
    const missing = base();
    delete (missing['tracks'] as Record<string, unknown>[])[0]!['keys'];
    expect(failure(missing).message).toContain('track "head.yaw": "keys" is missing; add it (an array)');
  });

  it('rejects empty tracks, misplaced tangents and bad markers', () => {
    const empty = base();
    (empty['tracks'] as ClipJsonTrack[])[0]!.keys = [];
    expect(failure(empty).message).toContain('track "head.yaw": a track needs at least one key');
    expect(failure(withKey(0, 0, { outTangent: 3 })).message).toContain(
      'track "head.yaw" key 0: outTangent is set but the segment after key 0 uses "smooth"; set interpolation "bezier" on key 0',
    );
    const marker = { ...base(), markers: [{ name: 'late', time: 5 }] };
    expect(failure(marker).message).toContain('marker "late": time 5.0 s lies outside the clip (0 … 2.0 s)');
  });

  it('reports every semantic problem at once', () => {
    const clip = base();
    (clip['tracks'] as ClipJsonTrack[])[0]!.keys = [{ time: 0, value: 0 }, { time: 3, value: 1 }, { time: 2.5, value: 0 }];
    (clip['tracks'] as ClipJsonTrack[])[1]!.channel = 'mouth.opne';
    const error = failure(clip);
    expect(error.issues.map((i) => i.code)).toEqual(['motion/unsorted-keys', 'motion/out-of-range', 'motion/out-of-range', 'motion/invalid-channel']);
    expect(error.message.split('\n')).toHaveLength(4);
  });

  it('names the source file in messages', () => {
    const error = failure({ ...base(), duration: -2 }, 'wave.clip.json');
    expect(error.message).toContain('PortraitRig: clip "wave" (wave.clip.json): duration');
  });
});

describe('clipToJSON', () => {
  it('writes programmatic clips, float32 times included, and JSON.stringify uses it', () => {
    const clip = new MotionClip({
      name: 'x', duration: 1,
      tracks: [new KeyframeTrack('gaze.x', new Float32Array([0, 0.1]), [0, 1], { interpolation: 'step' })],
    });
    const json = clipToJSON(clip);
    expect(json.tracks[0]!.keys[1]!.time).toBe(Math.fround(0.1));
    expect(JSON.parse(JSON.stringify(clip))).toEqual(json);
    expect(clipToJSON(loadClip(json))).toEqual(json);
  });
});
