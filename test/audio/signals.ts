/**
 * Synthetic test signals for the audio driver tests: tones, formant vowels (a glottal pulse train through
 * resonators), seeded noise, silence, concatenation, and a WAV encoder for every encoding the decoder reads.
 */
import { SeededRandom } from '../../sdk/motion/SeededRandom.js';

/** `seconds` of a sine of `hz` at `amplitude` (full scale 1). */
export function sine(hz: number, seconds: number, rate: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin(2 * Math.PI * hz * (i / rate) + phase);
  return out;
}

/** `seconds` of digital silence. */
export function silence(seconds: number, rate: number): Float32Array {
  return new Float32Array(Math.round(seconds * rate));
}

/** Seeded white noise, uniform in ±`amplitude`. */
export function noise(seconds: number, rate: number, amplitude = 0.3, seed = 1): Float32Array {
  const random = new SeededRandom(seed);
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * (2 * random.next() - 1);
  return out;
}

/** Two-pole resonator (formant) applied in place: centre `hz`, bandwidth `bandwidthHz`, unity gain at DC removed. */
function resonate(x: Float64Array, hz: number, bandwidthHz: number, rate: number): void {
  const r = Math.exp((-Math.PI * bandwidthHz) / rate);
  const a1 = 2 * r * Math.cos((2 * Math.PI * hz) / rate);
  const a2 = -r * r;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const y = (1 - r) * x[i]! + a1 * y1 + a2 * y2;
    y2 = y1;
    y1 = y;
    x[i] = y;
  }
}

/**
 * A synthetic vowel: a pulse train at `pitchHz` (with a slight vibrato) through resonators at the given formants
 * (Hz), normalized to `peak`. A crude but honest source-filter vowel: its formants are known exactly.
 */
export function vowel(formants: readonly number[], seconds: number, rate: number, options: { pitchHz?: number; peak?: number; vibratoHz?: number } = {}): Float32Array {
  const pitch = options.pitchHz ?? 120;
  const n = Math.round(seconds * rate);
  const x = new Float64Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const f0 = pitch * (1 + 0.01 * Math.sin(2 * Math.PI * (options.vibratoHz ?? 5) * (i / rate)));
    phase += f0 / rate;
    if (phase >= 1) {
      phase -= 1;
      x[i] = 1;
    }
  }
  for (const hz of formants) resonate(x, hz, 60 + hz * 0.05, rate);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(x[i]!));
  const out = new Float32Array(n);
  const peak = options.peak ?? 0.5;
  // 10 ms fades so that the vowel has no click at its ends.
  const fade = Math.round(0.01 * rate);
  for (let i = 0; i < n; i++) {
    const edge = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = (x[i]! / max) * peak * edge;
  }
  return out;
}

/** High-passed noise, like an "s": noise minus its 5-sample moving average, then scaled. */
export function hiss(seconds: number, rate: number, amplitude = 0.2, seed = 3): Float32Array {
  const raw = noise(seconds, rate, 1, seed);
  const out = new Float32Array(raw.length);
  let max = 0;
  for (let i = 0; i < raw.length; i++) {
    let avg = 0;
    for (let k = -2; k <= 2; k++) avg += raw[Math.min(raw.length - 1, Math.max(0, i + k))]!;
    out[i] = raw[i]! - avg / 5;
    max = Math.max(max, Math.abs(out[i]!));
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! / max) * amplitude;
  return out;
}

/** Concatenates buffers. */
export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Adds `b` into a copy of `a` (same length). */
export function mix(a: Float32Array, b: Float32Array): Float32Array {
  const out = Float32Array.from(a);
  for (let i = 0; i < out.length; i++) out[i]! += b[i] ?? 0;
  return out;
}

/** A WAV encoding this test helper writes. */
export type WavEncoding = 'pcm-8' | 'pcm-16' | 'pcm-24' | 'pcm-32' | 'float-32' | 'float-64';

/**
 * Encodes channels as a WAV file. `extensible` writes a WAVE_FORMAT_EXTENSIBLE header; `extraChunk` inserts a chunk of
 * odd length (padded) before `fmt `; `streaming` writes 0xFFFFFFFF as the data size (as a pipe writer does).
 */
export function encodeWav(channels: readonly Float32Array[], rate: number, encoding: WavEncoding,
  options: { extensible?: boolean; extraChunk?: boolean; streaming?: boolean; formatCode?: number } = {}): Uint8Array {
  const bits = Number(encoding.split('-')[1]);
  const bytes = bits / 8;
  const frames = channels[0]!.length;
  const blockAlign = bytes * channels.length;
  const code = options.formatCode ?? (encoding.startsWith('float') ? 3 : 1);
  const fmtSize = options.extensible ? 40 : 16;
  const extra = options.extraChunk ? 8 + 5 + 1 : 0;
  const dataSize = frames * blockAlign;
  const total = 12 + extra + 8 + fmtSize + 8 + dataSize;
  const buffer = new ArrayBuffer(total);
  const view = new DataView(buffer);
  const tag = (offset: number, text: string): void => { for (let i = 0; i < 4; i++) view.setUint8(offset + i, text.charCodeAt(i)); };
  tag(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  tag(8, 'WAVE');
  let at = 12;
  if (options.extraChunk) {
    tag(at, 'LIST');
    view.setUint32(at + 4, 5, true);
    at += 8 + 5 + 1;
  }
  tag(at, 'fmt ');
  view.setUint32(at + 4, fmtSize, true);
  view.setUint16(at + 8, options.extensible ? 0xfffe : code, true);
  view.setUint16(at + 10, channels.length, true);
  view.setUint32(at + 12, rate, true);
  view.setUint32(at + 16, rate * blockAlign, true);
  view.setUint16(at + 20, blockAlign, true);
  view.setUint16(at + 22, bits, true);
  if (options.extensible) {
    view.setUint16(at + 24, 22, true);
    view.setUint16(at + 26, bits, true);
    view.setUint32(at + 28, channels.length === 2 ? 3 : 4, true);
    view.setUint16(at + 32, code, true);
    const tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    tail.forEach((b, i) => view.setUint8(at + 34 + i, b));
  }
  at += 8 + fmtSize;
  tag(at, 'data');
  view.setUint32(at + 4, options.streaming ? 0xffffffff : dataSize, true);
  at += 8;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels.length; c++) {
      const v = Math.max(-1, Math.min(1, channels[c]![f]!));
      switch (encoding) {
        case 'pcm-8': view.setUint8(at, Math.round(v * 127) + 128); break;
        case 'pcm-16': view.setInt16(at, Math.round(v * 32767), true); break;
        case 'pcm-24': {
          const int = Math.round(v * 8388607);
          view.setUint8(at, int & 0xff);
          view.setUint8(at + 1, (int >> 8) & 0xff);
          view.setUint8(at + 2, (int >> 16) & 0xff);
          break;
        }
        case 'pcm-32': view.setInt32(at, Math.round(v * 2147483647), true); break;
        case 'float-32': view.setFloat32(at, channels[c]![f]!, true); break;
        default: view.setFloat64(at, channels[c]![f]!, true);
      }
      at += bytes;
    }
  }
  return new Uint8Array(buffer);
}
