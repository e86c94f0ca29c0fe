import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlation } from '../../../test/audio/measure.js';
import { concat, encodeWav, silence, sine, vowel } from '../../../test/audio/signals.js';
import { isPortraitRigError } from '../../errors/PortraitRigError.js';
import { audioFileToClip } from './audioFileToClip.js';
import { readAudioFile } from './readAudioFile.js';
import { hasTool } from '../../../test/support/hasTool.js';

const RATE = 22_050;
const speech = concat(silence(0.2, RATE), vowel([750, 1200, 2600], 0.4, RATE), silence(0.3, RATE), vowel([320, 900, 2400], 0.3, RATE), silence(0.2, RATE));
let dir = '';
const file = (name: string): string => path.join(dir, name);

const hasFfmpeg = hasTool('ffmpeg');

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return isPortraitRigError(error) ? error.code : error;
  }
  return undefined;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-audio-'));
  writeFileSync(file('speech.wav'), encodeWav([speech], RATE, 'pcm-16'));
  writeFileSync(file('stereo24.wav'), encodeWav([speech, speech.map((v) => v * 0.5)], RATE, 'pcm-24', { extensible: true }));
  writeFileSync(file('mulaw.wav'), encodeWav([speech], RATE, 'pcm-8', { formatCode: 7 }));
  writeFileSync(file('notes.txt'), 'these are not the samples you are looking for\n');
  writeFileSync(file('empty.wav'), new Uint8Array(0));
  if (hasFfmpeg) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', file('speech.wav'), '-c:a', 'libmp3lame', '-b:a', '128k', file('speech.mp3')]);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', file('speech.wav'), '-c:a', 'pcm_mulaw', file('real-mulaw.wav')]);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=32x32:d=0.5', file('silent-video.mp4')]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readAudioFile', () => {
  it('decodes WAV directly, without ffmpeg (16-bit mono, 24-bit stereo extensible)', async () => {
    const mono = await readAudioFile(file('speech.wav'), { ffmpeg: false });
    expect(mono).toMatchObject({ sampleRate: RATE, encoding: 'pcm-16' });
    expect(mono.channels[0]!.length).toBe(speech.length);
    const stereo = await readAudioFile(file('stereo24.wav'), { ffmpeg: false });
    expect(stereo.channels).toHaveLength(2);
    expect(stereo.channels[1]![5000]).toBeCloseTo(speech[5000]! * 0.5, 5);
  });

  it.skipIf(!hasFfmpeg)('decodes MP3 and µ-law WAV through ffmpeg into the same sound', async () => {
    const mp3 = await readAudioFile(file('speech.mp3'));
    expect(mp3.encoding).toBe('ffmpeg');
    expect(mp3.sampleRate).toBe(RATE);
    expect(Math.abs(mp3.duration - speech.length / RATE)).toBeLessThan(0.06); // MP3 frames pad the end
    // Envelopes (10 ms RMS) of the MP3 and the original agree after aligning the encoder delay.
    const envelope = (x: Float32Array, offset: number): number[] => Array.from({ length: Math.floor((speech.length - 2000) / 220) }, (_, k) => {
      let sum = 0;
      for (let i = 0; i < 220; i++) sum += (x[offset + k * 220 + i] ?? 0) ** 2;
      return Math.sqrt(sum / 220);
    });
    const original = envelope(speech, 0);
    const best = Math.max(...[0, 529, 1105, 1152, 1681, 2257].map((delay) => correlation(original, envelope(mp3.channels[0]!, delay))));
    expect(best).toBeGreaterThan(0.95);
    const mulaw = await readAudioFile(file('real-mulaw.wav'));
    expect(mulaw.encoding).toBe('ffmpeg');
    expect(correlation(Array.from(speech.subarray(0, 8000)), Array.from(mulaw.channels[0]!.subarray(0, 8000)))).toBeGreaterThan(0.99);
  });

  it('without ffmpeg: a µ-law WAV is audio/unsupported-encoding and an MP3 is audio/decoder-missing, both saying how to fix it', async () => {
    await expect(readAudioFile(file('mulaw.wav'), { ffmpeg: false })).rejects.toThrow(/is a WAV file with µ-law samples, which the built-in decoder does not read .* and ffmpeg, which would, was not found\. Install ffmpeg/);
    expect(await codeOf(readAudioFile(file('mulaw.wav'), { ffmpeg: false }))).toBe('audio/unsupported-encoding');
    await expect(readAudioFile(file('notes.txt'), { ffmpeg: path.join(dir, 'no-such-ffmpeg') })).rejects.toThrow(/cannot run ffmpeg .* Install ffmpeg or set PORTRAIT_RIG_FFMPEG/);
    await expect(readAudioFile(file('notes.txt'), { ffmpeg: false })).rejects.toThrow(/"[^"]*notes\.txt" is not a WAV file, and decoding other formats needs ffmpeg, which was not found/);
    expect(await codeOf(readAudioFile(file('notes.txt'), { ffmpeg: false }))).toBe('audio/decoder-missing');
  });

  it.skipIf(!hasFfmpeg)('a file that is not audio, or a video without sound, fails with audio/decode-failed naming the file', async () => {
    await expect(readAudioFile(file('notes.txt'))).rejects.toThrow(/notes\.txt" is not an audio file ffmpeg can read \(ffmpeg: .*Invalid data/);
    await expect(readAudioFile(file('silent-video.mp4'))).rejects.toThrow(/silent-video\.mp4" has no audio stream to lip-sync/);
    expect(await codeOf(readAudioFile(file('silent-video.mp4')))).toBe('audio/decode-failed');
  });

  it('a missing file is audio/unreadable and an empty one audio/empty', async () => {
    await expect(readAudioFile(file('nope.wav'))).rejects.toThrow(/cannot read the audio file ".*nope\.wav": it does not exist; check the path/);
    expect(await codeOf(readAudioFile(file('nope.wav')))).toBe('audio/unreadable');
    expect(await codeOf(readAudioFile(dir))).toBe('audio/unreadable');
    expect(await codeOf(readAudioFile(file('empty.wav')))).toBe('audio/empty');
  });

  it('stops an ffmpeg decode when the signal fires (ABORTED)', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    expect(await codeOf(readAudioFile(file('notes.txt'), { ffmpeg: 'ffmpeg', signal: controller.signal }))).toBe('ABORTED');
  });
});

describe('audioFileToClip', () => {
  it('reads, analyses and bakes in one call: a clip as long as the file that opens the mouth on its vowels', async () => {
    const { clip, analysis, audio } = await audioFileToClip(file('speech.wav'), { fps: 20, onWarning: () => undefined });
    expect(clip.duration).toBeCloseTo(speech.length / RATE, 9);
    expect(audio.sampleRate).toBe(RATE);
    expect(analysis.speechRatio).toBeGreaterThan(0.3);
    expect(clip.track('mouth.open')!.evaluate(0.4)).toBeGreaterThan(0.2);
    const warnings: string[] = [];
    await audioFileToClip(file('speech.wav'), { onWarning: (w) => warnings.push(w.message), silenceThresholdDb: -1 });
    expect(warnings[0]).toMatch(/speech\.wav: no frame rose above the silence gate/);
  });

  it('reports clipping in a WAV file as a warning naming the file', async () => {
    writeFileSync(file('loud.wav'), encodeWav([sine(200, 0.5, RATE, 1.5).map((v) => Math.max(-1, Math.min(1, v)))], RATE, 'pcm-16'));
    const warnings: string[] = [];
    await audioFileToClip(file('loud.wav'), { onWarning: (w) => warnings.push(w.message) });
    expect(warnings.some((w) => /loud\.wav: the recording is clipped/.test(w))).toBe(true);
  });
});
