/**
 * Lip sync on real synthesized speech (espeak-ng, run at test time into a temp folder). Ground truth comes from
 * how the audio is built: each word is synthesized on its own, trimmed to its first and last sample above 1e-3 of
 * full scale, and joined with silences of known length, so every sample is known to be inside a word or not.
 * The measured numbers are printed ([audio] lines) and quoted in docs/audio.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisToClip } from '../../sdk/drivers/audio/analysisToClip.js';
import { analyzeAudio } from '../../sdk/drivers/audio/analyzeAudio.js';
import { decodeWav } from '../../sdk/drivers/audio/decodeWav.js';
import { VISEMES } from '../../sdk/drivers/audio/Viseme.js';
import { correlation, meanWhere } from './measure.js';
import { concat, silence } from './signals.js';
import { hasTool } from '../support/hasTool.js';


const available = hasTool('espeak-ng');
if (!available) console.warn('[audio] espeak-ng is not installed: the real-speech lip-sync tests are skipped (apt install espeak-ng).');
const dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-espeak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** One word or phrase from espeak-ng (22 050 Hz mono), trimmed to its audible part. */
function say(text: string, voice = 'en'): { pcm: Float32Array; rate: number } {
  const file = path.join(dir, `w${counter++}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-w', file, text]);
  const audio = decodeWav(readFileSync(file), { source: file });
  const samples = audio.channels[0]!;
  let start = 0;
  while (start < samples.length && Math.abs(samples[start]!) < 1e-3) start++;
  let end = samples.length;
  while (end > start && Math.abs(samples[end - 1]!) < 1e-3) end--;
  return { pcm: samples.slice(start, end), rate: audio.sampleRate };
}

/** Words joined by known silences; `spans` are the words' [start, end) in seconds. */
function sentence(words: readonly string[], gaps: readonly number[], voice = 'en'): { pcm: Float32Array; rate: number; spans: [number, number, string][] } {
  const parts: Float32Array[] = [];
  const spans: [number, number, string][] = [];
  let rate = 22_050;
  let t = 0;
  words.forEach((word, i) => {
    const spoken = say(word, voice);
    rate = spoken.rate;
    parts.push(silence(gaps[i]!, rate));
    t += Math.round(gaps[i]! * rate) / rate;
    parts.push(spoken.pcm);
    spans.push([t, t + spoken.pcm.length / rate, word]);
    t += spoken.pcm.length / rate;
  });
  parts.push(silence(gaps[words.length] ?? 0.4, rate));
  return { pcm: concat(...parts), rate, spans };
}

const WORDS = ['hello', 'who', 'sees', 'the', 'big', 'father', 'boot', 'eee', 'moon', 'shoe', 'seven', 'apples'];
const GAPS = [0.4, 0.25, 0.6, 0.3, 0.5, 0.35, 0.45, 0.3, 0.55, 0.4, 0.5, 0.3, 0.5];

describe.skipIf(!available)('lip sync on espeak-ng speech', () => {
  it('opens the mouth in words and detects speech vs. silence (accuracy and correlation reported)', () => {
    const { pcm, rate, spans } = sentence(WORDS, GAPS);
    const analysis = analyzeAudio(pcm, rate, { onWarning: () => undefined });
    const inWord = (t: number): boolean => spans.some(([a, b]) => t >= a && t < b);
    const truth = Array.from(analysis.times, (t) => (inWord(t) ? 1 : 0));
    const open = analysis.values[0]!;
    let agree = 0;
    let openAgree = 0;
    for (let k = 0; k < analysis.frameCount; k++) {
      agree += analysis.speaking[k] === truth[k] ? 1 : 0;
      openAgree += (open[k]! > 0.05 ? 1 : 0) === truth[k] ? 1 : 0;
    }
    const accuracy = agree / analysis.frameCount;
    const openAccuracy = openAgree / analysis.frameCount;
    const r = correlation(open, truth);
    // What a 25 fps video sees: the baked clip sampled at its frames.
    const clip = analysisToClip(analysis, { fps: 25 });
    const frameTimes = Array.from({ length: Math.floor(clip.duration * 25) }, (_, i) => i / 25);
    const clipOpen = frameTimes.map((t) => clip.track('mouth.open')!.evaluate(t));
    const clipR = correlation(clipOpen, frameTimes.map((t) => (inWord(t) ? 1 : 0)));
    console.log(`[audio] espeak sentence (${WORDS.length} words, ${analysis.duration.toFixed(2)} s): speech/silence accuracy ` +
      `${(accuracy * 100).toFixed(1)} % (gate), ${(openAccuracy * 100).toFixed(1)} % (mouth.open > 0.05); correlation of mouth.open ` +
      `with the word mask r = ${r.toFixed(3)} at 100 Hz, ${clipR.toFixed(3)} in the 25 fps clip (${clip.track('mouth.open')!.keyCount} keys)`);
    expect(accuracy).toBeGreaterThan(0.93);
    expect(openAccuracy).toBeGreaterThan(0.88);
    expect(r).toBeGreaterThan(0.7);
    expect(clipR).toBeGreaterThan(0.7);
    for (const [a, b, word] of spans) {
      expect(meanWhere(open, (k) => analysis.times[k]! >= a && analysis.times[k]! < b), word).toBeGreaterThan(0.12);
    }
  });

  it('keeps the mouth closed in the silences (mouth.open < 0.02 from 50 ms before a word to 200 ms after one)', () => {
    const { pcm, rate, spans } = sentence(WORDS, GAPS);
    const analysis = analyzeAudio(pcm, rate, { onWarning: () => undefined });
    const quiet = (t: number): boolean => spans.every(([a, b]) => t < a - 0.05 || t > b + 0.2);
    const values = Array.from(analysis.values[0]!).filter((_, k) => quiet(analysis.times[k]!));
    console.log(`[audio] espeak silences: ${values.length} frames, max mouth.open ${Math.max(...values).toFixed(4)}`);
    expect(values.length).toBeGreaterThan(200);
    expect(Math.max(...values)).toBeLessThan(0.02);
  });

  it('rounds the mouth more for round vowels ("who", "oo", "boot") than for spread ones ("see", "eee"), for two voices', () => {
    for (const voice of ['en', 'en+f3']) {
      const measure = (word: string): { round: number; smile: number } => {
        const spoken = say(word, voice);
        const pcm = concat(silence(0.3, spoken.rate), spoken.pcm, silence(0.3, spoken.rate));
        const a = analyzeAudio(pcm, spoken.rate, { onWarning: () => undefined });
        const open = a.values[0]!;
        const voiced = (k: number): boolean => open[k]! > 0.1;
        return { round: meanWhere(a.values[1]!, voiced), smile: meanWhere(a.values[2]!, voiced) };
      };
      const round = ['who', 'oo', 'boot'].map((w) => ({ word: w, ...measure(w) }));
      const spread = ['see', 'eee'].map((w) => ({ word: w, ...measure(w) }));
      console.log(`[audio] espeak ${voice}: mean mouth.round while open — ` +
        [...round, ...spread].map((m) => `${m.word} ${m.round.toFixed(2)} (smile ${m.smile.toFixed(2)})`).join(', '));
      for (const r of round) {
        for (const s of spread) {
          expect(r.round, `${voice}: ${r.word} vs ${s.word}`).toBeGreaterThan(s.round + 0.1);
          expect(s.smile, `${voice}: ${s.word} vs ${r.word}`).toBeGreaterThan(r.smile + 0.05);
        }
      }
    }
  });

  it('classifies visemes in broad classes: "see" → ih, "who" → ou, "father" → aa, a hiss → SS (heuristic)', () => {
    const dominantVowel = (word: string): string => {
      const spoken = say(word);
      const a = analyzeAudio(concat(silence(0.3, spoken.rate), spoken.pcm, silence(0.3, spoken.rate)), spoken.rate, { onWarning: () => undefined });
      const counts = new Map<string, number>();
      a.visemes.forEach((index, k) => {
        const viseme = VISEMES[index]!;
        if (a.voicing[k]! > 0.5 && ['aa', 'E', 'ih', 'oh', 'ou'].includes(viseme)) counts.set(viseme, (counts.get(viseme) ?? 0) + 1);
      });
      return [...counts].sort((x, y) => y[1] - x[1])[0]![0];
    };
    expect(dominantVowel('see')).toBe('ih');
    expect(dominantVowel('who')).toBe('ou');
    expect(dominantVowel('father')).toBe('aa');
    const sees = say('[[s:]]');
    const a = analyzeAudio(concat(silence(0.2, sees.rate), sees.pcm, silence(0.2, sees.rate)), sees.rate, { onWarning: () => undefined });
    const ss = VISEMES.indexOf('SS');
    const speaking = Array.from(a.visemes).filter((_, k) => a.speaking[k] === 1);
    expect(speaking.filter((v) => v === ss).length / speaking.length).toBeGreaterThan(0.6);
  });

  it('nods subtly on stressed syllables with prosody on, the same way for the same seed', () => {
    const { pcm, rate } = sentence(['Tell', 'me', 'everything', 'about', 'your', 'wonderful', 'journey'], [0.3, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.4]);
    const a = analyzeAudio(pcm, rate, { onWarning: () => undefined, prosody: { seed: 2 } });
    const b = analyzeAudio(pcm, rate, { onWarning: () => undefined, prosody: { seed: 2 } });
    const nod = a.values[a.channels.indexOf('head.pitch')]!;
    expect(Array.from(b.values[a.channels.indexOf('head.pitch')]!)).toEqual(Array.from(nod));
    const nods = Array.from(nod).filter((v, k) => v < -0.2 && !(nod[k - 1]! < -0.2)).length;
    console.log(`[audio] espeak prosody: ${nods} nods in ${a.duration.toFixed(1)} s, deepest ${Math.min(...nod).toFixed(2)}°, ` +
      `brows max ${Math.max(...a.values[a.channels.indexOf('brows.raise')]!).toFixed(2)}`);
    expect(nods).toBeGreaterThan(0);
    expect(Math.min(...nod)).toBeGreaterThanOrEqual(-2.4);
  });
});
