/** What is known about a video before decoding it (from `ffprobe`, the `<video>` element, or the caller). */
export interface VideoInfo {
  /** Names the video in messages (file name or URL). */
  readonly label: string;
  /** Frame width in pixels, as decoded (after any rotation the container asks for). */
  readonly width: number;
  /** Frame height in pixels, as decoded. */
  readonly height: number;
  /** Frames per second (average rate for variable-rate files; the nominal rate of a live camera). */
  readonly fps: number;
  /** Number of frames, when known (`undefined` for live sources). */
  readonly frameCount: number | undefined;
  /** Length in seconds, when known. */
  readonly duration: number | undefined;
  /** True for a live source (camera): frames arrive in real time and cannot be re-read. */
  readonly live: boolean;
}
