import { describe, expect, it } from 'vitest';
import { ChannelFrame } from './index.js';

describe('ChannelFrame', () => {
  it('indexes channels in order, ignoring duplicates, backed by one Float32Array', () => {
    const frame = new ChannelFrame(['head.yaw', 'mouth.open', 'head.yaw']);
    expect(frame.names).toEqual(['head.yaw', 'mouth.open']);
    expect(frame.size).toBe(2);
    expect(frame.values).toBeInstanceOf(Float32Array);
    expect(frame.indexOf('mouth.open')).toBe(1);
    expect(frame.indexOf('gaze.x')).toBe(-1);
    frame.set('mouth.open', 0.5);
    expect(frame.values[1]).toBe(0.5);
    expect(frame.get('mouth.open')).toBe(0.5);
    expect(frame.has('head.yaw')).toBe(true);
    expect(() => frame.set('gaze.x', 1)).toThrow(/frame.add\("gaze.x"\)/);
  });

  it('grows by appending: indices stay, values are kept, the array is replaced and the version bumps', () => {
    const frame = new ChannelFrame(['head.yaw']);
    frame.set('head.yaw', 3);
    const before = frame.values;
    expect(frame.add('head.yaw')).toBe(0);
    expect(frame.values).toBe(before);
    expect(frame.add('dict.4')).toBe(1);
    expect(frame.values).not.toBe(before);
    expect(Array.from(frame.values)).toEqual([3, 0]);
    expect(frame.layoutVersion).toBe(1);
  });

  it('iterates and converts to a plain object', () => {
    const frame = new ChannelFrame(['a.b', 'c.d']);
    frame.set('c.d', 2);
    const seen: string[] = [];
    frame.forEach((value, name, index) => seen.push(`${index}:${name}=${value}`));
    expect(seen).toEqual(['0:a.b=0', '1:c.d=2']);
    expect(frame.toObject()).toEqual({ 'a.b': 0, 'c.d': 2 });
  });

  it('copies another frame: adds its missing channels in its order, keeps its own extra ones, then reuses the layout', () => {
    const mixerFrame = new ChannelFrame(['head.yaw', 'mouth.open']);
    mixerFrame.set('head.yaw', 25);
    mixerFrame.set('mouth.open', 0.8);
    const snapshot = new ChannelFrame(['gaze.x', 'mouth.open']);
    snapshot.set('gaze.x', 0.3);
    expect(snapshot.copy(mixerFrame)).toBe(snapshot);
    expect(snapshot.names).toEqual(['gaze.x', 'mouth.open', 'head.yaw']);
    expect(snapshot.toObject()).toEqual({ 'gaze.x': expect.closeTo(0.3, 6), 'mouth.open': expect.closeTo(0.8, 6), 'head.yaw': 25 });
    mixerFrame.set('head.yaw', -25); // a snapshot, not a view
    expect(snapshot.get('head.yaw')).toBe(25);
    const values = snapshot.values;
    snapshot.copy(mixerFrame);
    expect(snapshot.values).toBe(values); // the same layout: no new array
    expect(snapshot.get('head.yaw')).toBe(-25);
  });
});
