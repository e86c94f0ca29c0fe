import { LinearFilter, RGBAFormat, SRGBColorSpace, UnsignedByteType } from 'three';
import { describe, expect, it } from 'vitest';
import { createRgbaImage } from '../../sdk/image/createRgbaImage.js';
import { PortraitTexture } from './PortraitTexture.js';

/** A 4×4 frame whose pixel (x, y) is (x, y, 10·y + x, 255), so rows are recognisable. */
function frame(size = 4) {
  const image = createRgbaImage(size, size);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) image.data.set([x, y, 10 * y + x, 255], (y * size + x) * 4);
  }
  return image;
}

describe('PortraitTexture', () => {
  it('is an sRGB RGBA8 texture without mipmaps, flipped on upload (flipY) so top-row-first frames stand upright', () => {
    const texture = new PortraitTexture(4);
    expect(texture.colorSpace).toBe(SRGBColorSpace);
    expect(texture.format).toBe(RGBAFormat);
    expect(texture.type).toBe(UnsignedByteType);
    expect(texture.flipY).toBe(true);
    expect(texture.generateMipmaps).toBe(false);
    expect(texture.minFilter).toBe(LinearFilter);
    expect(texture.image).toMatchObject({ width: 4, height: 4 });
    expect(texture.isDataTexture).toBe(true);
  });

  it('updates in place: the same pixel array and image source every frame, one version bump per frame', () => {
    const texture = new PortraitTexture(4);
    const pixels = texture.pixels;
    const image = texture.image;
    const source = texture.source;
    const version = texture.version;
    for (let i = 1; i <= 5; i += 1) {
      texture.update(frame());
      expect(texture.pixels).toBe(pixels);
      expect(texture.image).toBe(image);
      expect(texture.image.data).toBe(pixels);
      expect(texture.source).toBe(source);
      expect(texture.version).toBe(version + i);
    }
    expect(texture.frameCount).toBe(5);
  });

  it('copies the frame as it comes (top row first, byte for byte); the flip happens in the upload', () => {
    const texture = new PortraitTexture(4);
    texture.update(frame());
    expect(Array.from(texture.pixels)).toEqual(Array.from(frame().data));
  });

  it('rejects a frame of another size, naming both sizes, and keeps its pixels', () => {
    const texture = new PortraitTexture(4);
    texture.update(frame());
    const before = texture.pixels.slice();
    expect(() => texture.update(frame(8))).toThrow(/frame is 8×8.*texture is 4×4/);
    expect(texture.pixels).toEqual(before);
    expect(() => new PortraitTexture(0)).toThrow(/positive integer/);
  });

  it('dispose() fires three\'s dispose event, which renderers use to free the GPU texture', () => {
    const texture = new PortraitTexture(4);
    let disposed = 0;
    texture.addEventListener('dispose', () => { disposed += 1; });
    texture.dispose();
    expect(disposed).toBe(1);
  });
});
