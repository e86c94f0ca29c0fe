import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { VideoErrorCode } from '../../drivers/video/VideoErrorCode.js';
import { findFfprobe } from './findFfprobe.js';
import { decoderMissing, reencodeHint } from './videoErrors.js';
import { runTool } from './runTool.js';
import type { VideoProbe } from './VideoProbe.js';

/** Options of {@link probeVideo}. */
export interface ProbeVideoOptions {
  /** Names the file in messages; default the path as given. */
  readonly label?: string;
  /** Cancels the probe. */
  readonly signal?: AbortSignal;
}

interface FfprobeJson {
  streams?: {
    codec_type?: string; codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string;
    nb_frames?: string; nb_read_packets?: string; duration?: string; tags?: { rotate?: string };
    side_data_list?: { rotation?: number | string }[];
  }[];
  format?: { format_name?: string; duration?: string };
}

const IMAGE_FORMATS = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/;

function rate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const [num, den] = text.split('/').map(Number);
  const value = den === undefined ? num : num! / den;
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function positive(text: string | undefined): number | undefined {
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Reads a video file's size, frame rate and length with `ffprobe` (it counts the packets of the video stream, which
 * reads the file but decodes nothing). Fails with a message that names the file and the fix:
 *
 * | code | when |
 * |---|---|
 * | `video/not-found` | no such file, or a folder |
 * | `video/unreadable` | ffprobe cannot read it: corrupt, or not a media file |
 * | `video/not-a-video` | a still image (PNG, JPEG …) |
 * | `video/no-video-stream` | audio only, or no stream at all |
 * | `video/no-frames` | a video stream with no frame in it |
 * | `video/decoder-missing` | ffprobe is not installed |
 *
 * @param path - the video file.
 * @throws PortraitRigError with one of the codes above, or `ABORTED`.
 *
 * @example
 * ```ts
 * const { width, height, fps, frameCount } = await probeVideo('driving.mp4');
 * ```
 */
export async function probeVideo(path: string, options: ProbeVideoOptions = {}): Promise<VideoProbe> {
  const label = options.label ?? path;
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info || !info.isFile()) {
    throw new PortraitRigError(VideoErrorCode.NotFound,
      `video "${label}" ${info ? 'is a folder, not a file' : 'does not exist'}; check the path (relative paths start at ${process.cwd()}).`);
  }
  const ffprobe = await findFfprobe();
  if (!ffprobe) throw decoderMissing('ffprobe', label);
  const result = await runTool(ffprobe, [
    '-v', 'error', '-count_packets', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,nb_read_packets,duration:stream_tags=rotate:stream_side_data=rotation:format=format_name,duration',
    '-of', 'json', absolute,
  ], { what: `probing "${label}"`, ...(options.signal ? { signal: options.signal } : {}) });
  const reason = result.stderr.trim().split('\n').map((line) => line.replace(absolute, basename(absolute)).replace(/ @ 0x[0-9a-f]+\]/g, ']').trim()).filter(Boolean).slice(-2).join(' | ');
  let json: FfprobeJson;
  try {
    json = JSON.parse(result.stdout.toString('utf8') || '{}') as FfprobeJson;
  } catch {
    json = {};
  }
  if (result.code !== 0 || !json.format) {
    throw new PortraitRigError(VideoErrorCode.Unreadable,
      `video "${label}" cannot be read${reason ? ` (ffprobe: ${reason})` : ''}: the file is corrupt, truncated or not a video. ` +
      `Check that it plays in a video player, or re-encode it: ${reencodeHint(label)}.`);
  }
  const format = json.format.format_name ?? 'unknown';
  const stream = json.streams?.find((s) => s.codec_type === 'video');
  if (IMAGE_FORMATS.test(format)) {
    throw new PortraitRigError(VideoErrorCode.NotAVideo,
      `"${label}" is a still image (${format}), not a video. Use it as the --source portrait, or make a video from images with ` +
      `ffmpeg -framerate 25 -i frame_%05d.png -pix_fmt yuv420p driving.mp4.`);
  }
  if (!stream) {
    throw new PortraitRigError(VideoErrorCode.NoVideoStream,
      `"${label}" has no video stream (container ${format}; audio or data only). Pass a video file with a picture track.`);
  }
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  const packets = stream.nb_read_packets === undefined ? undefined : Number(stream.nb_read_packets);
  if (!(width > 0) || !(height > 0) || packets === 0) {
    throw new PortraitRigError(VideoErrorCode.NoFrames,
      `video "${label}" has a video stream but no frames${reason ? ` (ffprobe: ${reason})` : ''}; the file is empty or truncated. ` +
      `Export it again, or re-encode it: ${reencodeHint(label)}.`);
  }
  const rotationValue = Number(stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? stream.tags?.rotate ?? 0);
  const rotation = Number.isFinite(rotationValue) ? rotationValue : 0;
  const quarter = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  const fps = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate) ?? 25;
  const duration = positive(stream.duration) ?? positive(json.format.duration);
  const frameCount = packets ?? positive(stream.nb_frames) ?? (duration !== undefined ? Math.round(duration * fps) : undefined);
  return {
    path: absolute, label, format, codec: stream.codec_name ?? 'unknown',
    width: quarter ? height : width, height: quarter ? width : height, rotation, fps, frameCount, duration,
  };
}
