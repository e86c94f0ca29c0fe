import { describe, expect, it } from 'vitest';
import { ProsodyAccents } from './ProsodyAccents.js';

/** Syllables every 0.25 s; every `accentEvery`-th one is higher (+4 semitones) and louder. Returns head.pitch/brows per 10 ms. */
function speak(accents: ProsodyAccents, seconds: number, accentEvery = 3): { pitch: number[]; brows: number[] } {
  const pitch: number[] = [];
  const brows: number[] = [];
  const dt = 0.01;
  for (let k = 0; k * dt < seconds; k++) {
    const t = k * dt;
    const syllable = Math.floor(t / 0.25);
    const inside = t % 0.25 < 0.18;
    const stressed = syllable % accentEvery === 0;
    const hz = stressed ? 120 * 2 ** (4 / 12) : 120;
    accents.update(inside ? 1 : 0, inside ? hz : 0, inside ? (stressed ? 1 : 0.5) : 0, dt);
    pitch.push(accents.headPitch);
    brows.push(accents.browRaise);
  }
  return { pitch, brows };
}

describe('ProsodyAccents', () => {
  it('nods (chin down) on stressed syllables, subtly: never more than 2° × 1.2', () => {
    const accents = new ProsodyAccents({ seed: 4 });
    const { pitch } = speak(accents, 6);
    expect(accents.accentCount).toBeGreaterThanOrEqual(5);
    expect(accents.accentCount).toBeLessThanOrEqual(9); // 8 stressed syllables in 6 s
    expect(Math.min(...pitch)).toBeLessThan(-0.5);
    expect(Math.min(...pitch)).toBeGreaterThanOrEqual(-2 * 1.2 - 1e-9);
    expect(Math.max(...pitch)).toBeLessThanOrEqual(0);
  });

  it('leaves at least minIntervalMs between accents, and does nothing in silence or monotone unvoiced sound', () => {
    const accents = new ProsodyAccents({ minIntervalMs: 1000 });
    speak(accents, 6, 1);
    expect(accents.accentCount).toBeLessThanOrEqual(6);
    const still = new ProsodyAccents();
    for (let k = 0; k < 500; k++) still.update(0, 0, 0.8, 0.01);
    expect(still.accentCount).toBe(0);
    expect(still.headPitch).toBe(0);
  });

  it('is deterministic for a seed: same seed, same gestures; another seed varies the amplitudes', () => {
    const a = speak(new ProsodyAccents({ seed: 7, browChance: 1 }), 4);
    const b = speak(new ProsodyAccents({ seed: 7, browChance: 1 }), 4);
    const c = speak(new ProsodyAccents({ seed: 8, browChance: 1 }), 4);
    expect(b).toEqual(a);
    expect(c.pitch).not.toEqual(a.pitch);
    expect(Math.max(...a.brows)).toBeGreaterThan(0.05);
    expect(Math.max(...a.brows)).toBeLessThanOrEqual(0.2 * 1.2 + 1e-9);
    const replay = new ProsodyAccents({ seed: 7, browChance: 1 });
    speak(replay, 2);
    replay.reset();
    expect(speak(replay, 4)).toEqual(a);
  });

  it('rejects out-of-range options', () => {
    expect(() => new ProsodyAccents({ nodDegrees: -1 })).toThrow(/nodDegrees must be 0..30 degrees/);
    expect(() => new ProsodyAccents({ threshold: 0 })).toThrow(/threshold/);
  });
});
