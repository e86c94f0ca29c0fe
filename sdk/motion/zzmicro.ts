import { KeyframeTrack, SeededRandom } from './index.js';
const gc = (globalThis as any).gc as () => void;
const random = new SeededRandom(1);
const times = Array.from({ length: 1000 }, (_, i) => i * 0.05);
const mode = process.argv[2] ?? 'smooth';
const track = new KeyframeTrack('dict.1', times, times.map(() => random.range(-10, 10)), { interpolation: mode });
const it = track.createInterpolant();
const sink = new Float64Array(1);
function run(n: number, offset: number) { for (let i = 0; i < n; i++) { it.result[0] = ((i + offset) % 3000) / 60; sink[0] += it.evaluateInPlace()[0]!; } }
for (let k = 0; k < 5; k++) {
  run(30000, k);
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  run(100000, k);
  console.log(mode, k, ((process.memoryUsage().heapUsed - before) / 100000).toFixed(2), 'B/iter');
}
