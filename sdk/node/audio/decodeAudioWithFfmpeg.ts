import { spawn } from 'node:child_process';
import { AudioErrorCode } from '../../drivers/audio/AudioErrorCode.js';
import type { DecodedAudio } from '../../drivers/audio/DecodedAudio.js';
import { decodeWav } from '../../drivers/audio/decodeWav.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { abortError } from '../../runtime/abort.js';

/** Options of {@link decodeAudioWithFfmpeg}. */
export interface DecodeAudioWithFfmpegOptions {
  /** The ffmpeg executable (see `findFfmpeg`). */
  readonly ffmpeg: string;
  /** Cancels decoding (kills ffmpeg; rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * Decodes the first audio stream of any file ffmpeg reads (MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC, µ-law/ADPCM WAV, the
 * sound of a video …) into float PCM at the file's own sample rate and channel count: ffmpeg writes 32-bit float WAV
 * to a pipe, which {@link decodeWav} reads.
 *
 * @param path - The file.
 * @param options - The ffmpeg executable and an abort signal.
 * @returns The channels and sample rate (`encoding: 'ffmpeg'`).
 * @throws PortraitRigError `audio/decode-failed` (not audio, corrupt, no audio stream; with ffmpeg's own words),
 *   `audio/decoder-missing` when the executable does not run, `ABORTED`.
 *
 * @example
 * ```ts
 * const ffmpeg = await findFfmpeg();
 * if (ffmpeg) console.log((await decodeAudioWithFfmpeg('speech.mp3', { ffmpeg })).duration);
 * ```
 */
export function decodeAudioWithFfmpeg(path: string, options: DecodeAudioWithFfmpegOptions): Promise<DecodedAudio> {
  const { ffmpeg, signal } = options;
  const what = `decoding "${path}"`;
  if (signal?.aborted) return Promise.reject(abortError(signal, what));
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path, '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-c:a', 'pcm_f32le', '-f', 'wav', 'pipe:1'];
  return new Promise<DecodedAudio>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => { chunks.push(chunk); });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => { stderr = (stderr + text).slice(-8192); });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new PortraitRigError(AudioErrorCode.DecoderMissing,
        `cannot run ffmpeg ("${ffmpeg}") to decode "${path}": ${error.message}. Install ffmpeg or set PORTRAIT_RIG_FFMPEG to its path, or convert the audio to WAV.`,
        { cause: error }));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(abortError(signal, what));
        return;
      }
      const detail = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ');
      const bytes = Buffer.concat(chunks);
      if (code !== 0 || bytes.length <= 44) {
        const noStream = /matches no streams|does not contain any stream|Output file .* does not contain/i.test(stderr);
        reject(new PortraitRigError(AudioErrorCode.DecodeFailed, noStream
          ? `"${path}" has no audio stream to lip-sync (ffmpeg: ${detail}); pass a file with sound.`
          : `"${path}" is not an audio file ffmpeg can read${detail ? ` (ffmpeg: ${detail})` : ''}; pass a WAV, MP3, M4A, OGG, FLAC or a video with sound.`));
        return;
      }
      try {
        const decoded = decodeWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { source: path });
        resolve({ ...decoded, encoding: 'ffmpeg' });
      } catch (error) {
        reject(new PortraitRigError(AudioErrorCode.DecodeFailed, `ffmpeg's output for "${path}" could not be read: ${(error as Error).message}`, { cause: error }));
      }
    });
  });
}
