import { DataTexture, LinearFilter, RGBAFormat, SRGBColorSpace, UnsignedByteType } from 'three';
import { PortraitRigError } from '../../sdk/errors/PortraitRigError.js';
import type { RgbaImage } from '../../sdk/image/RgbaImage.js';

/**
 * A three.js texture that shows an animator's frames, updated in place: it owns one `resolution² · 4`-byte buffer
 * and one GPU texture for its whole life. {@link PortraitTexture.update} copies a frame into that buffer and bumps
 * the texture's version, so the renderer re-uploads the pixels into the texture it already has
 * (`texSubImage2D` in WebGL 2; nothing is reallocated per frame).
 *
 * - `colorSpace` is `SRGBColorSpace`: the model's RGBA is 8-bit sRGB, so three decodes it to linear when sampling
 *   and the renderer's sRGB output reproduces the model's pixels.
 * - Orientation: frames arrive top row first (the `ImageData` layout) and are stored as they come; `flipY` is
 *   `true`, so the upload flips them and the picture is upright with three's standard UVs (v = 0 at the bottom).
 *   WebGL flips in the browser's native upload path (`UNPACK_FLIP_Y_WEBGL`), three's WebGPU renderer with a GPU
 *   pass; the copy into the texture's buffer is one `TypedArray.set` (a memcpy), never a JavaScript pixel loop.
 * - No mipmaps, linear filtering: the texture changes every frame and mipmap generation would cost more than it
 *   gives for a portrait seen roughly at its size.
 *
 * `dispose()` (three's own) releases the GPU texture; call it when you created the texture yourself
 * ({@link AnimatedPortrait} disposes the one it creates).
 *
 * @example
 * ```ts
 * const texture = new PortraitTexture(animator.resolution);
 * const mesh = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ map: texture, toneMapped: false }));
 * texture.update(await animator.renderFrame({ 'head.yaw': 10 })); // degrees
 * ```
 */
export class PortraitTexture extends DataTexture {
  /** Marks the type (three's `is*` convention). */
  readonly isPortraitTexture = true;
  /** Side of the square texture in pixels (the model's resolution). */
  readonly resolution: number;
  /** The texture's pixels (`resolution² · 4` bytes, RGBA, top row first); the same array for the texture's life. */
  readonly pixels: Uint8Array;
  /** Frames copied in so far. */
  frameCount = 0;

  /**
   * @param resolution - side of the square frames in pixels (`animator.resolution`).
   * @throws PortraitRigError `INVALID_ARGUMENT` for a resolution that is not a positive integer.
   */
  constructor(resolution: number) {
    if (!Number.isInteger(resolution) || resolution < 1) {
      throw new PortraitRigError('INVALID_ARGUMENT', `PortraitTexture: resolution must be a positive integer number of pixels (got ${resolution}).`);
    }
    const pixels = new Uint8Array(resolution * resolution * 4);
    super(pixels, resolution, resolution, RGBAFormat, UnsignedByteType);
    this.name = 'PortraitTexture';
    this.resolution = resolution;
    this.pixels = pixels;
    this.colorSpace = SRGBColorSpace;
    this.flipY = true;
    this.generateMipmaps = false;
    this.minFilter = LinearFilter;
    this.magFilter = LinearFilter;
    this.unpackAlignment = 4;
    this.needsUpdate = true;
  }

  /**
   * Copies `frame` (RGBA, top row first, `resolution × resolution`) into the texture's buffer (one memcpy) and marks
   * it for upload on the next render. Allocates nothing.
   *
   * @param frame - an animator frame or any `ImageData`-like image of the texture's size.
   * @throws PortraitRigError `INVALID_ARGUMENT` when the size differs (make a new texture for another model).
   */
  update(frame: RgbaImage): void {
    const r = this.resolution;
    if (frame.width !== r || frame.height !== r || frame.data.length !== r * r * 4) {
      throw new PortraitRigError('INVALID_ARGUMENT',
        `PortraitTexture.update: the frame is ${frame.width}×${frame.height} (${frame.data.length} bytes) but the texture is ${r}×${r}; ` +
        'create a PortraitTexture with the model\'s resolution.');
    }
    this.pixels.set(frame.data);
    this.frameCount += 1;
    this.needsUpdate = true;
  }
}
