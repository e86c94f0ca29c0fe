import type { Rect } from '../../image/Rect.js';
import type { RgbaImage } from '../../image/RgbaImage.js';

/**
 * A pluggable face detector for framing driving videos (PortraitRig ships none: bring MediaPipe, a BlazeFace ONNX
 * model, OpenCV, …). `detect` returns the face box — forehead to chin, ear to ear, in the frame's pixels — or `null`
 * when there is no face. Synchronous or asynchronous.
 *
 * @example
 * ```ts
 * const detector: FaceDetector = {
 *   async detect(frame) {
 *     const face = (await blazeFace.estimateFaces(frame))[0];
 *     return face ? { x: face.box.xMin, y: face.box.yMin, width: face.box.width, height: face.box.height } : null;
 *   },
 * };
 * const { crop } = await frameVideo(video, { resolution: model.resolution, detector });
 * ```
 */
export interface FaceDetector {
  /** The face in `frame` (pixels), or `null` when none is found. */
  detect(frame: RgbaImage): Rect | null | Promise<Rect | null>;
}
