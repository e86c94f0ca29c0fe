import { describe, expect, it } from 'vitest';
import { computePortraitCrop } from './computePortraitCrop.js';
import { createRgbaImage } from './createRgbaImage.js';
import { cropPortrait } from './cropPortrait.js';
import { pastePortrait } from './pastePortrait.js';
import { resampleRgba } from './resampleRgba.js';
import { resizeRgba } from './resizeRgba.js';
import { rgbaToTensor } from './rgbaToTensor.js';
import { tensorToRgba } from './tensorToRgba.js';

function gradient(width: number, height: number): ReturnType<typeof createRgbaImage> {
  const image = createRgbaImage(width, height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const p = (y * width + x) * 4;
      image.data[p] = x;
      image.data[p + 1] = y;
      image.data[p + 2] = 200;
    }
  }
  return image;
}

describe('rgbaToTensor / tensorToRgba', () => {
  it('round-trip every 8-bit value through [-1, 1] exactly, dropping alpha to 255', () => {
    const image = createRgbaImage(16, 16);
    for (let i = 0; i < image.data.length; i += 1) image.data[i] = (i * 7) % 256;
    const tensor = rgbaToTensor(image, new Float32Array(3 * 256));
    expect(Math.min(...tensor)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...tensor)).toBeLessThanOrEqual(1);
    expect(tensor[0]).toBeCloseTo(-1); // R of pixel 0 is 0
    const back = tensorToRgba(tensor, 16, 16, new Uint8ClampedArray(16 * 16 * 4));
    for (let p = 0; p < back.length; p += 4) {
      expect([back[p], back[p + 1], back[p + 2], back[p + 3]]).toEqual([image.data[p], image.data[p + 1], image.data[p + 2], 255]);
    }
  });

  it('clamps out-of-range decoder values and honours a batch offset', () => {
    const data = new Float32Array(2 * 3).fill(0);
    data.set([-3, 3, 0], 3); // second image, 1×1: R=-3 G=3 B=0
    expect(Array.from(tensorToRgba(data, 1, 1, new Uint8ClampedArray(4), 3))).toEqual([0, 255, 128, 255]);
  });
});

describe('resampleRgba / resizeRgba', () => {
  it('keeps a constant image constant at any scale', () => {
    const image = createRgbaImage(37, 23);
    image.data.fill(77);
    for (const [w, h] of [[10, 10], [64, 64], [5, 90]] as const) {
      const out = resizeRgba(image, w, h);
      expect(new Set(out.data)).toEqual(new Set([77]));
    }
  });

  it('averages when shrinking: 0/255 stripes become mid grey instead of aliasing', () => {
    const image = createRgbaImage(64, 64);
    for (let i = 0; i < 64 * 64; i += 1) image.data.fill((i % 2) * 255, i * 4, i * 4 + 4);
    const out = resizeRgba(image, 16, 16);
    // interior pixels (the border ones see the repeated edge pixel)
    for (let y = 1; y < 15; y += 1) {
      for (let x = 1; x < 15; x += 1) {
        for (let c = 0; c < 4; c += 1) expect(Math.abs(out.data[(y * 16 + x) * 4 + c]! - 128)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('maps a rectangle partly outside the image by repeating the edge', () => {
    const image = gradient(10, 10);
    const out = resampleRgba(image, { x: -10, y: 0, width: 20, height: 10 }, 20, 10);
    expect(out.data[0]).toBe(0); // left padding repeats column 0
    expect(out.data[(0 * 20 + 15) * 4]).toBe(5); // x=15 of the output = column 5 of the image
    expect(out.data[(9 * 20 + 15) * 4 + 1]).toBe(9);
  });
});

describe('computePortraitCrop', () => {
  it('enlarges the face box by the margin and moves up by the headroom', () => {
    const crop = computePortraitCrop(1000, 1000, { x: 400, y: 400, width: 200, height: 200 }, { resolution: 128, margin: 0.5, headroom: 0.1 });
    expect(crop.width).toBe(400);
    expect(crop.height).toBe(400);
    expect(crop.x).toBe(300);
    expect(crop.y).toBe(260); // centre 500 − 0.1·400 − 200
    expect(crop.scale).toBeCloseTo(400 / 128);
    expect(crop.padded).toBe(false);
  });

  it('shifts the crop back inside the image when it fits, pads when it does not', () => {
    const shifted = computePortraitCrop(400, 300, { x: 0, y: 0, width: 100, height: 100 }, { resolution: 64 });
    expect([shifted.x, shifted.y, shifted.padded]).toEqual([0, 0, false]);
    const big = computePortraitCrop(200, 100, { x: 50, y: 10, width: 100, height: 80 }, { resolution: 64 });
    expect(big.width).toBe(190);
    expect(big.padded).toBe(true);
    expect(big.inside).toEqual({ x: big.x, y: 0, width: 190, height: 100 });
    const padMode = computePortraitCrop(400, 300, { x: 0, y: 0, width: 100, height: 100 }, { resolution: 64, fit: 'pad' });
    expect(padMode.padded).toBe(true);
    expect(padMode.x).toBeLessThan(0);
    expect(padMode.inside.x).toBe(0);
  });

  it('rejects empty boxes and boxes outside the image', () => {
    expect(() => computePortraitCrop(100, 100, { x: 0, y: 0, width: 0, height: 10 }, { resolution: 64 })).toThrow(/positive size/);
    expect(() => computePortraitCrop(100, 100, { x: 200, y: 0, width: 10, height: 10 }, { resolution: 64 })).toThrow(/outside/);
  });
});

describe('cropPortrait + pastePortrait', () => {
  it('cropping then pasting back the unchanged crop reproduces the image inside the crop (inverse transform)', () => {
    const image = gradient(200, 160);
    const crop = computePortraitCrop(200, 160, { x: 60, y: 50, width: 40, height: 40 }, { resolution: 90 });
    const input = cropPortrait(image, crop);
    expect([input.width, input.height]).toEqual([90, 90]);
    const pasted = pastePortrait(image, input, crop);
    let worst = 0;
    for (let y = crop.inside.y + 2; y < crop.inside.y + crop.inside.height - 2; y += 1) {
      for (let x = crop.inside.x + 2; x < crop.inside.x + crop.inside.width - 2; x += 1) {
        const p = (y * 200 + x) * 4;
        worst = Math.max(worst, Math.abs(pasted.data[p]! - image.data[p]!), Math.abs(pasted.data[p + 1]! - image.data[p + 1]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('leaves everything outside the crop untouched and feathers only inner borders', () => {
    const image = createRgbaImage(100, 100);
    const crop = computePortraitCrop(100, 100, { x: 40, y: 40, width: 20, height: 20 }, { resolution: 16, margin: 0.25, headroom: 0 });
    const white = createRgbaImage(16, 16);
    white.data.fill(255);
    const hard = pastePortrait(image, white, crop);
    expect(hard.data[0]).toBe(0);
    const inside = ((crop.y + 5) * 100 + crop.x + 5) * 4;
    expect(hard.data[inside]).toBe(255);
    const soft = pastePortrait(image, white, crop, { feather: 4 });
    const edge = ((crop.y + 10) * 100 + crop.x) * 4;
    expect(soft.data[edge]).toBeGreaterThan(0);
    expect(soft.data[edge]).toBeLessThan(255);
    expect(image.data[inside]).toBe(0); // background not modified
  });
});
