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
  const acc = { n: 0, f1: 0, f2: 0, f3: 0, c: 0 };
  let max = -120;
  for (let t = 0; t < pcm.length / 16000; t += 0.01) { ex.analyze(pcm, Math.round(t * 16000) - 256, f); max = Math.max(max, f.levelDb); }
  for (let t = 0; t < pcm.length / 16000; t += 0.01) {
    ex.analyze(pcm, Math.round(t * 16000) - 256, f);
    if (f.levelDb < max - 12 || f.periodicity < 0.6) continue;
    acc.n++; acc.f1 += f.formant1Hz; acc.f2 += f.formant2Hz; acc.f3 += f.formant3Hz; acc.c += f.centroidHz;
  }
  console.log(w.padEnd(8), a.duration.toFixed(2), 'voiced', acc.n, 'F1', (acc.f1 / acc.n).toFixed(0), 'F2', (acc.f2 / acc.n).toFixed(0), 'F3', (acc.f3 / acc.n).toFixed(0), 'c', (acc.c / acc.n).toFixed(0));
}
