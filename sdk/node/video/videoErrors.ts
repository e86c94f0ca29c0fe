import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { VideoErrorCode } from '../../drivers/video/VideoErrorCode.js';

/** The "re-encode it" fix shown in video error messages. @internal */
export function reencodeHint(label: string): string {
  return `ffmpeg -i "${label}" -c:v libx264 -pix_fmt yuv420p fixed.mp4`;
}

/** The error for a missing ffmpeg/ffprobe. @internal */
export function decoderMissing(tool: 'ffmpeg' | 'ffprobe', label: string): PortraitRigError {
  return new PortraitRigError(VideoErrorCode.DecoderMissing,
    `reading the video "${label}" needs ${tool}, which was not found. Install ffmpeg (it includes ffprobe: apt install ffmpeg, ` +
    'brew install ffmpeg, winget install ffmpeg) or set PORTRAIT_RIG_FFMPEG and PORTRAIT_RIG_FFPROBE to the executables.');
}
