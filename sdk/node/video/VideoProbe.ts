/** What `ffprobe` says about a video file (see {@link probeVideo}). */
export interface VideoProbe {
  /** Absolute path of the file. */
  readonly path: string;
  /** Names the file in messages. */
  readonly label: string;
  /** Container, as ffprobe names it (e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`). */
  readonly format: string;
  /** Codec of the first video stream (e.g. `h264`, `vp9`). */
  readonly codec: string;
  /** Width of the decoded frames in pixels (after the container's rotation is applied). */
  readonly width: number;
  /** Height of the decoded frames in pixels. */
  readonly height: number;
  /** Rotation the container asks for, degrees (0 when none); ffmpeg applies it while decoding. */
  readonly rotation: number;
  /** Frames per second (the stream's average rate, else its nominal rate). */
  readonly fps: number;
  /** Number of frames: counted packets when ffprobe could count them, else the header's count or duration × fps. */
  readonly frameCount: number | undefined;
  /** Length in seconds, when known. */
  readonly duration: number | undefined;
}
