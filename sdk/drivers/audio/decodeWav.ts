import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { checkSampleRate } from './checkSampleRate.js';
import type { DecodedAudio } from './DecodedAudio.js';

/** Options of {@link decodeWav}. */
export interface DecodeWavOptions {
  /** Name of the file for messages (default `"WAV data"`). */
  source?: string;
}

const FORMAT_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM', 0x0031: 'GSM 6.10',
  0x0050: 'MPEG', 0x0055: 'MP3', 0x00ff: 'AAC', 0x1610: 'AAC', 0xf1ac: 'FLAC',
};
/** The 14 bytes after the format code in a WAVE_FORMAT_EXTENSIBLE sub-format GUID (KSDATAFORMAT_SUBTYPE_*). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function fourCc(view: DataView, offset: number): string {
  let text = '';
  for (let i = 0; i < 4; i++) text += String.fromCharCode(view.getUint8(offset + i));
  return text;
}

function printable(view: DataView, length: number): string {
  let text = '';
  for (let i = 0; i < Math.min(length, view.byteLength); i++) {
    const c = view.getUint8(i);
    text += c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
  }
  return text;
}

/**
 * Decodes a WAV file from its bytes, in any environment (pure TypeScript, no Web Audio, no Node): integer PCM of 8
 * (unsigned), 16, 24 or 32 bits and IEEE float of 32 or 64 bits, any number of channels, plain `WAVE_FORMAT_PCM` /
 * `WAVE_FORMAT_IEEE_FLOAT` headers or `WAVE_FORMAT_EXTENSIBLE`, RIFF or RF64. Integers are scaled to −1..1
 * (`v / 2^(bits−1)`). Unknown chunks (`LIST`, `fact`, `cue `…) are skipped; a `data` chunk whose declared size is
 * larger than the file (a stream written to a pipe, with size 0 or 0xFFFFFFFF) is read to the end of the bytes.
 *
 * @param bytes - The whole file.
 * @param options - `source` for messages.
 * @returns The channels and the sample rate.
 * @throws PortraitRigError `audio/invalid-wav` (not a WAV file, missing or malformed chunks, no samples),
 *   `audio/unsupported-encoding` (µ-law, A-law, ADPCM, 12-bit … — convert to PCM, or let `readAudioFile` run
 *   ffmpeg), `audio/invalid-sample-rate`.
 *
 * @example
 * ```ts
 * const audio = decodeWav(new Uint8Array(await (await fetch('speech.wav')).arrayBuffer()));
 * const clip = audioToClip(audio.channels, audio.sampleRate);
 * ```
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer, options: DecodeWavOptions = {}): DecodedAudio {
  const source = options.source ?? 'WAV data';
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fail = (message: string, code: string = AudioErrorCode.InvalidWav): PortraitRigError =>
    new PortraitRigError(code, `${source}: ${message}`);
  if (view.byteLength < 12 || (fourCc(view, 0) !== 'RIFF' && fourCc(view, 0) !== 'RF64') || fourCc(view, 8) !== 'WAVE') {
    throw fail(`is not a WAV file (it should start with "RIFF…WAVE", it starts with "${printable(view, 12)}"); ` +
      'pass a .wav file, or decode other formats with readAudioFile (Node, ffmpeg) or AudioContext.decodeAudioData (browsers).');
  }
  const rf64 = fourCc(view, 0) === 'RF64';
  let rf64DataSize: number | undefined;
  let format: { code: number; channels: number; sampleRate: number; blockAlign: number; bits: number; validBits: number } | undefined;
  let dataOffset = -1;
  let dataSize = 0;
  let offset = 12;
  while (offset + 8 <= view.byteLength) {
    const id = fourCc(view, offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'ds64' && rf64 && size >= 16) {
      rf64DataSize = view.getUint32(body + 8, true) + view.getUint32(body + 12, true) * 2 ** 32;
    } else if (id === 'fmt ') {
      if (size < 16) throw fail(`its "fmt " chunk is ${size} bytes; it needs at least 16 (corrupt header).`);
      if (body + 16 > view.byteLength) throw fail('the file ends inside its "fmt " chunk (truncated).');
      let code = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      let validBits = bits;
      if (code === 0xfffe) {
        if (size < 40 || body + 40 > view.byteLength) throw fail('its WAVE_FORMAT_EXTENSIBLE "fmt " chunk is shorter than 40 bytes (corrupt header).');
        validBits = view.getUint16(body + 18, true) || bits;
        code = view.getUint16(body + 24, true);
        const tailMatches = view.getUint16(body + 26, true) === 0 && GUID_TAIL.every((b, i) => view.getUint8(body + 26 + i) === b);
        if (!tailMatches) {
          throw fail('uses a WAVE_FORMAT_EXTENSIBLE sub-format that is not PCM or IEEE float; convert it to PCM ' +
            '(ffmpeg -i in.wav -c:a pcm_s16le out.wav), or in Node use readAudioFile, which decodes it with ffmpeg.', AudioErrorCode.UnsupportedEncoding);
        }
      }
      format = { code, channels, sampleRate, blockAlign, bits, validBits };
    } else if (id === 'data') {
      dataOffset = body;
      if (rf64 && size === 0xffffffff && rf64DataSize !== undefined) size = rf64DataSize;
      dataSize = size;
      break;
    }
    offset = body + size + (size & 1);
  }
  if (!format) throw fail('has no "fmt " chunk before its samples (not a valid WAV file, or truncated).');
  if (dataOffset < 0) throw fail('has no "data" chunk (no samples: the file is truncated or not a complete WAV file).');
  const { code, channels, sampleRate, blockAlign, bits, validBits } = format;
  let encoding: DecodedAudio['encoding'];
  if (code === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32) && validBits <= bits) {
    encoding = `pcm-${bits}` as DecodedAudio['encoding'];
  } else if (code === 3 && (bits === 32 || bits === 64)) {
    encoding = `float-${bits}` as DecodedAudio['encoding'];
  } else {
    const name = code === 1 ? `${bits}-bit integer PCM` : code === 3 ? `${bits}-bit float` : (FORMAT_NAMES[code] ?? `format code 0x${code.toString(16).padStart(4, '0')}`);
    throw fail(`uses ${name} samples, which this WAV decoder does not read (it reads 8/16/24/32-bit integer PCM and ` +
      '32/64-bit float); convert it to PCM (ffmpeg -i in.wav -c:a pcm_s16le out.wav), or in Node use readAudioFile, which decodes it with ffmpeg.',
    AudioErrorCode.UnsupportedEncoding);
  }
  if (channels < 1) throw fail('declares 0 channels (corrupt header).');
  const bytesPerSample = bits / 8;
  if (blockAlign !== channels * bytesPerSample) {
    throw fail(`declares a block size of ${blockAlign} bytes, but ${channels} channel(s) of ${bits}-bit samples need ${channels * bytesPerSample} (corrupt header).`);
  }
  checkSampleRate(sampleRate, `${source}: sample rate`);
  const available = view.byteLength - dataOffset;
  const usable = dataSize === 0 || dataSize > available ? available : dataSize;
  const frames = Math.floor(usable / blockAlign);
  if (frames === 0) throw fail('has a "data" chunk without a single complete sample frame (empty or truncated audio).', AudioErrorCode.Empty);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const base = dataOffset + f * blockAlign;
    for (let c = 0; c < channels; c++) {
      const at = base + c * bytesPerSample;
      let value: number;
      switch (encoding) {
        case 'pcm-8': value = (view.getUint8(at) - 128) / 128; break;
        case 'pcm-16': value = view.getInt16(at, true) / 32768; break;
        case 'pcm-24': {
          const raw = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
          value = raw / 8388608;
          break;
        }
        case 'pcm-32': value = view.getInt32(at, true) / 2147483648; break;
        case 'float-32': value = view.getFloat32(at, true); break;
        default: value = view.getFloat64(at, true);
      }
      out[c]![f] = value;
    }
  }
  return { sampleRate, channels: out, duration: frames / sampleRate, encoding };
}
