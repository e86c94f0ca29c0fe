import { describe, expect, it } from 'vitest';
import { hiss, sine, vowel } from '../../../test/audio/signals.js';
import { AudioFeatureExtractor } from './AudioFeatureExtractor.js';
import { AudioFeatures } from './AudioFeatures.js';
import { VisemeClassifier } from './VisemeClassifier.js';
import { VISEMES, type Viseme } from './Viseme.js';

const RATE = 16_000;
const extractor = new AudioFeatureExtractor(RATE);

function classify(signal: Float32Array, loudness = 0.8, speaking = true): VisemeClassifier {
  const classifier = new VisemeClassifier();
  const features = new AudioFeatures();
  // Several frames through the sound, so onset detection has settled.
  for (let t = 0.1; t <= 0.3; t += 0.01) {
    extractor.analyze(signal, Math.round(t * RATE) - extractor.windowLength / 2, features);
    classifier.classify(features, loudness, speaking, 0.01);
  }
  return classifier;
}

describe('VisemeClassifier (heuristic)', () => {
  it('puts synthetic vowels in their classes: aa, E, ih, oh, ou', () => {
    const cases: [Viseme, number[]][] = [['aa', [750, 1200, 2600]], ['E', [550, 1850, 2600]], ['ih', [300, 2200, 3000]],
      ['oh', [500, 900, 2500]], ['ou', [320, 1000, 2400]]];
    for (const [expected, formants] of cases) {
      const classifier = classify(vowel(formants, 0.4, RATE));
      expect(classifier.viseme, `${expected}: weights ${Array.from(classifier.weights, (w, i) => `${VISEMES[i]}=${w.toFixed(2)}`).join(' ')}`).toBe(expected);
    }
  });

  it('calls a sustained hiss SS, silence sil, and keeps the weights a distribution (sum 1)', () => {
    const s = classify(hiss(0.4, RATE));
    expect(s.viseme).toBe('SS');
    expect(s.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const silent = classify(sine(200, 0.4, RATE), 0, false);
    expect(silent.viseme).toBe('sil');
    expect(silent.weights[0]).toBe(1);
  });

  it('reads a sudden unvoiced onset as a stop burst, but a sustained one as a fricative', () => {
    const classifier = new VisemeClassifier();
    const features = new AudioFeatures();
    const noise = hiss(0.3, RATE);
    // Quiet before: the first frame of the hiss is a jump of > 14 dB.
    features.levelDb = -60;
    classifier.classify(features, 0.1, true, 0.01);
    extractor.analyze(noise, 1000, features);
    classifier.classify(features, 0.8, true, 0.01);
    expect(['DD', 'kk', 'PP']).toContain(classifier.viseme);
    for (let i = 0; i < 5; i++) {
      extractor.analyze(noise, 1000 + 160 * (i + 1), features);
      classifier.classify(features, 0.8, true, 0.01);
    }
    expect(classifier.viseme).toBe('SS');
  });
});
