import { readFileSync } from 'node:fs';
import { decodeWav } from './sdk/drivers/audio/decodeWav.js';
import { Resampler } from './sdk/drivers/audio/Resampler.js';
import { AudioFeatureExtractor } from './sdk/drivers/audio/AudioFeatureExtractor.js';
import { AudioFeatures } from './sdk/drivers/audio/AudioFeatures.js';
for (const w of process.argv.slice(2)) {
  const a = decodeWav(readFileSync(`/tmp/aud/${w}.wav`));
  const r = new Resampler(a.sampleRate, 16000);
  const pcm = new Float32Array(r.outputLength(a.channels[0]!.length));
  r.process(a.channels[0]!, pcm);
  const ex = new AudioFeatureExtractor(16000);
  const f = new AudioFeatures();
  console.log(w, a.sampleRate, a.duration.toFixed(3));
  for (let t = 0; t < pcm.length / 16000; t += 0.02) {
    ex.analyze(pcm, Math.round(t * 16000) - ex.windowLength / 2, f);
    if (f.levelDb < -60) continue;
    console.log(t.toFixed(2), f.levelDb.toFixed(1).padStart(6), 'p', f.periodicity.toFixed(2), f.pitchHz.toFixed(0).padStart(4),
      'F', f.formant1Hz.toFixed(0).padStart(5), f.formant2Hz.toFixed(0).padStart(5), f.formant3Hz.toFixed(0).padStart(5),
      'c', f.centroidHz.toFixed(0).padStart(5), 'flat', f.flatness.toFixed(2), 'lh', f.lowHighRatioDb.toFixed(1), 'zcr', f.zeroCrossingRate.toFixed(0),
      'b', Array.from(f.bandsDb, (x) => x.toFixed(0)).join(','));
  }
}
