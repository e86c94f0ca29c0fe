import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clipToJSON, loadClip, MotionMixer, type ClipJson } from './index.js';

const markdown = readFileSync(fileURLToPath(new URL('../../docs/motion.md', import.meta.url)), 'utf8');

describe('docs/motion.md', () => {
  it('its complete clip file example is valid and round-trips (with the track defaults spelled out)', () => {
    const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks).toHaveLength(1);
    const json = JSON.parse(blocks[0]!) as ClipJson;
    const clip = loadClip(json, { source: 'docs/motion.md' });
    const normalized = structuredClone(json);
    for (const track of normalized.tracks) track.interpolation ??= 'linear';
    expect(clipToJSON(clip)).toEqual(normalized);
    // The summary line the docs show for `clip validate`.
    const keys = clip.tracks.reduce((sum, track) => sum + track.keyCount, 0);
    expect(markdown).toContain(`${clip.duration} s, loop ${clip.loop}, ${clip.tracks.length} tracks (${clip.channels.join(', ')}), ${keys} keys, ${clip.markers.length} markers`);
    // It plays: the peak marker fires and the smile reaches 0.8.
    const mixer = new MotionMixer();
    const fired: string[] = [];
    mixer.addEventListener('marker', (event) => fired.push(event.marker.name));
    mixer.clipAction(clip).play();
    for (let i = 0; i < 60; i++) mixer.update(1 / 60);
    expect(fired).toEqual(['peak']);
    expect(mixer.frame.get('mouth.smile')).toBeCloseTo(0.8, 5);
  });

  it('documents every error code and every easing', async () => {
    const { MotionErrorCode, Easing } = await import('./index.js');
    for (const code of Object.values(MotionErrorCode)) expect(markdown).toContain(`\`${code}\``);
    for (const name of Object.values(Easing)) expect(markdown).toContain(`\`${name}\``);
  });
});
