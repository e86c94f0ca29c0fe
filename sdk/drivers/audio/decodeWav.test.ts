import { describe, expect, it } from 'vitest';
import { encodeWav, sine, type WavEncoding } from '../../../test/audio/signals.js';
import { decodeWav } from './decodeWav.js';
import { errorCodeOf } from '../../../test/support/errorCodeOf.js';

const left = Float32Array.of(0, 0.5, -0.5, 0.25, -1, 0.999);
const right = Float32Array.of(0.1, -0.1, 0.2, -0.2, 0.3, -0.3);
/** Quantization step of each encoding; a round trip may lose up to two (rounding, plus 2^(n−1) − 1 vs 2^(n−1) scaling). */
const STEP: Record<WavEncoding, number> = {
  'pcm-8': 1 / 127, 'pcm-16': 1 / 32767, 'pcm-24': 1 / 8388607, 'pcm-32': 1 / 2147483647, 'float-32': 0, 'float-64': 0,
};

describe('decodeWav', () => {
  it('decodes 8/16/24/32-bit integer PCM and 32/64-bit float, stereo, to the written values', () => {
    for (const encoding of Object.keys(STEP) as WavEncoding[]) {
      const decoded = decodeWav(encodeWav([left, right], 22_050, encoding));
      expect(decoded.encoding).toBe(encoding);
      expect(decoded.sampleRate).toBe(22_050);
      expect(decoded.channels).toHaveLength(2);
      expect(decoded.duration).toBeCloseTo(6 / 22_050, 12);
      for (let i = 0; i < left.length; i++) {
        expect(Math.abs(decoded.channels[0]![i]! - left[i]!), `${encoding} L${i}`).toBeLessThanOrEqual(2 * STEP[encoding] + 1e-7);
        expect(Math.abs(decoded.channels[1]![i]! - right[i]!), `${encoding} R${i}`).toBeLessThanOrEqual(2 * STEP[encoding] + 1e-7);
      }
    }
  });

  it('maps integer full scale to −1 exactly (16-bit −32768, 24-bit −8388608) and unsigned 8-bit 128 to 0', () => {
    const bytes = encodeWav([Float32Array.of(0, 0)], 8000, 'pcm-16');
    new DataView(bytes.buffer).setInt16(44, -32768, true);
    expect(decodeWav(bytes).channels[0]![0]).toBe(-1);
    const b24 = encodeWav([Float32Array.of(0)], 8000, 'pcm-24');
    b24.set([0x00, 0x00, 0x80], 44);
    expect(decodeWav(b24).channels[0]![0]).toBe(-1);
    expect(decodeWav(encodeWav([Float32Array.of(0)], 8000, 'pcm-8')).channels[0]![0]).toBe(0);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE headers (PCM and float sub-formats)', () => {
    for (const encoding of ['pcm-16', 'pcm-24', 'float-32'] as const) {
      const decoded = decodeWav(encodeWav([left, right], 48_000, encoding, { extensible: true }));
      expect(decoded.encoding).toBe(encoding);
      expect(decoded.channels[1]![2]).toBeCloseTo(0.2, 4);
    }
  });

  it('skips unknown chunks (an odd-sized LIST with its pad byte) and reads a streamed data size of 0xFFFFFFFF to the end', () => {
    const tone = sine(440, 0.1, 16_000, 0.5);
    const listed = decodeWav(encodeWav([tone], 16_000, 'float-32', { extraChunk: true }));
    expect(Array.from(listed.channels[0]!)).toEqual(Array.from(tone));
    const streamed = decodeWav(encodeWav([tone], 16_000, 'pcm-16', { streaming: true }));
    expect(streamed.channels[0]!.length).toBe(tone.length);
  });

  it('reads an RF64 file (data size from the ds64 chunk)', () => {
    const plain = encodeWav([left], 16_000, 'pcm-16');
    // RF64 layout: "RF64", -1, "WAVE", ds64(28 bytes), then the fmt and data chunks of the plain file.
    const body = plain.subarray(12);
    const rf64 = new Uint8Array(12 + 36 + body.length);
    const view = new DataView(rf64.buffer);
    rf64.set([...'RF64'].map((c) => c.charCodeAt(0)), 0);
    view.setUint32(4, 0xffffffff, true);
    rf64.set([...'WAVE'].map((c) => c.charCodeAt(0)), 8);
    rf64.set([...'ds64'].map((c) => c.charCodeAt(0)), 12);
    view.setUint32(16, 28, true);
    view.setUint32(20 + 8, left.length * 2, true); // data size (low 32 bits)
    rf64.set(body, 48);
    const dataSizeAt = 48 + 4 + 4 + 16 + 4; // "fmt " + size + 16 bytes + "data"
    view.setUint32(dataSizeAt, 0xffffffff, true);
    const decoded = decodeWav(rf64);
    expect(decoded.channels[0]).toHaveLength(left.length);
    expect(decoded.channels[0]![1]).toBeCloseTo(0.5, 4);
  });

  it('refuses µ-law, A-law and ADPCM with audio/unsupported-encoding naming the encoding and the fix', () => {
    for (const [code, name] of [[7, 'µ-law'], [6, 'A-law'], [2, 'Microsoft ADPCM']] as const) {
      const bytes = encodeWav([Float32Array.of(0, 0)], 8000, 'pcm-8', { formatCode: code });
      expect(() => decodeWav(bytes, { source: 'x.wav' })).toThrow(new RegExp(`x\\.wav: uses ${name} samples.*ffmpeg -i in\\.wav -c:a pcm_s16le out\\.wav.*readAudioFile`));
      expect(errorCodeOf(() => decodeWav(bytes))).toBe('audio/unsupported-encoding');
    }
    const twelveBit = encodeWav([Float32Array.of(0)], 8000, 'pcm-16');
    new DataView(twelveBit.buffer).setUint16(34, 12, true);
    expect(errorCodeOf(() => decodeWav(twelveBit))).toBe('audio/unsupported-encoding');
    const extensibleOther = encodeWav([Float32Array.of(0)], 8000, 'pcm-16', { extensible: true });
    extensibleOther[20 + 24 + 4] = 0x42; // corrupt the GUID tail
    expect(() => decodeWav(extensibleOther)).toThrow(/WAVE_FORMAT_EXTENSIBLE sub-format that is not PCM or IEEE float/);
  });

  it('rejects what is not a WAV file, or a broken one, with audio/invalid-wav saying what is wrong', () => {
    const text = new TextEncoder().encode('hello, this is a text file and not audio');
    expect(() => decodeWav(text, { source: 'notes.txt' })).toThrow(/notes\.txt: is not a WAV file \(it should start with "RIFF…WAVE", it starts with "hello, this "\)/);
    expect(errorCodeOf(() => decodeWav(new Uint8Array(0)))).toBe('audio/invalid-wav');
    const good = encodeWav([left], 16_000, 'pcm-16');
    expect(() => decodeWav(good.subarray(0, 36))).toThrow(/has no "data" chunk/);
    expect(() => decodeWav(good.subarray(0, 30))).toThrow(/the file ends inside its "fmt " chunk \(truncated\)/);
    const shortFmt = Uint8Array.from(good);
    new DataView(shortFmt.buffer).setUint32(16, 8, true);
    expect(() => decodeWav(shortFmt)).toThrow(/its "fmt " chunk is 8 bytes; it needs at least 16/);
    const badAlign = Uint8Array.from(good);
    new DataView(badAlign.buffer).setUint16(32, 3, true);
    expect(() => decodeWav(badAlign)).toThrow(/block size of 3 bytes, but 1 channel\(s\) of 16-bit samples need 2/);
    expect(errorCodeOf(() => decodeWav(good.subarray(0, 45)))).toBe('audio/empty');
  });

  it('rejects a header with sample rate 0 with audio/invalid-sample-rate', () => {
    const bytes = encodeWav([left], 16_000, 'pcm-16');
    new DataView(bytes.buffer).setUint32(24, 0, true);
    expect(() => decodeWav(bytes, { source: 'zero.wav' })).toThrow(/zero\.wav: sample rate 0 Hz is not usable/);
    expect(errorCodeOf(() => decodeWav(bytes))).toBe('audio/invalid-sample-rate');
  });

  it('accepts an ArrayBuffer and a Uint8Array view into a larger buffer', () => {
    const bytes = encodeWav([left], 16_000, 'float-32');
    expect(decodeWav(bytes.buffer as ArrayBuffer).channels[0]![1]).toBe(0.5);
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 7);
    expect(decodeWav(padded.subarray(7, 7 + bytes.length)).channels[0]![2]).toBe(-0.5);
  });
});
