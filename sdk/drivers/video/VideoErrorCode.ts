/**
 * The `code` values of the errors the video drivers throw (`PortraitRigError.code`), as an `as const` object with a
 * same-named union type. Every message names the video and the fix.
 */
export const VideoErrorCode = {
  /** The video file does not exist or cannot be opened. */
  NotFound: 'video/not-found',
  /** The file is not a readable video (corrupt, truncated header, not a media file at all). */
  Unreadable: 'video/unreadable',
  /** The file is a still image (PNG, JPEG …), not a video. */
  NotAVideo: 'video/not-a-video',
  /** The file has no video stream (audio only, subtitles …). */
  NoVideoStream: 'video/no-video-stream',
  /** The video stream has no decodable frame. */
  NoFrames: 'video/no-frames',
  /** Decoding stopped with an error part-way (corrupt data, decoder failure). */
  DecodeFailed: 'video/decode-failed',
  /** A browser video cannot be stepped through frame by frame (the server ignores HTTP range requests). */
  NotSeekable: 'video/not-seekable',
  /** ffmpeg/ffprobe (Node) or the browser's video decoding is not available. */
  DecoderMissing: 'video/decoder-missing',
} as const;
/** Union of the codes in {@link VideoErrorCode}. */
export type VideoErrorCode = (typeof VideoErrorCode)[keyof typeof VideoErrorCode];
