import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/runtime/fixtureModels.js';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { readImage } from './readImage.js';
import { readPortrait } from './readPortrait.js';
import { writeImage } from './writeImage.js';

let dir = '';
const at = (name: string): string => path.join(dir, name);
/** 40×20 test picture: left half red, right half blue. */
const halves = (): ReturnType<typeof sharp> => sharp(Buffer.concat(Array.from({ length: 20 }, () => Buffer.concat([
  Buffer.alloc(20 * 3, Buffer.from([200, 30, 30])), Buffer.alloc(20 * 3, Buffer.from([30, 30, 200])),
]))), { raw: { width: 40, height: 20, channels: 3 } });

async function badImageError(promise: Promise<unknown>): Promise<PortraitRigError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PortraitRigError);
  expect((error as PortraitRigError).code).toBe('BAD_IMAGE');
  return error as PortraitRigError;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-images-'));
  await halves().jpeg({ quality: 95 }).toFile(at('rgb.jpg'));
  await halves().ensureAlpha(0.5).png().toFile(at('rgba.png'));
  await halves().grayscale().png().toFile(at('gray.png'));
  await halves().toColourspace('rgb16').png().toFile(at('deep.png'));
  await halves().jpeg().withMetadata({ orientation: 6 }).toFile(at('rotated.jpg')); // stored 40×20, shown 20×40
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 40, g: 180, b: 90 } } })
    .withIccProfile('p3').png().toFile(at('p3.png'));
  writeFileSync(at('garbage.png'), Buffer.from('this is not an image at all, just text'));
  const png = readFileSync(at('rgba.png'));
  writeFileSync(at('truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
});

describe('readImage', () => {
  it('reads an RGB JPEG as RGBA with opaque alpha', async () => {
    const image = await readImage(at('rgb.jpg'));
    expect([image.width, image.height, image.format]).toEqual([40, 20, 'jpeg']);
    expect(image.data).toBeInstanceOf(Uint8ClampedArray);
    expect(image.data[3]).toBe(255);
    expect(image.data[0]).toBeGreaterThan(150); // red half
    expect(image.data[(39) * 4 + 2]).toBeGreaterThan(150); // blue half
  });

  it('keeps the alpha of an RGBA PNG', async () => {
    const image = await readImage(at('rgba.png'));
    expect(Math.abs(image.data[3]! - 127.5)).toBeLessThan(1); // ensureAlpha(0.5)
  });

  it('expands grayscale to three equal channels', async () => {
    const image = await readImage(at('gray.png'));
    expect(image.data[0]).toBe(image.data[1]);
    expect(image.data[1]).toBe(image.data[2]);
    expect(image.data[3]).toBe(255);
  });

  it('converts 16-bit to 8-bit', async () => {
    const image = await readImage(at('deep.png'));
    expect(image.data.length).toBe(40 * 20 * 4);
    expect(Math.abs(image.data[0]! - 200)).toBeLessThanOrEqual(1);
  });

  it('applies the EXIF orientation (.rotate())', async () => {
    const image = await readImage(at('rotated.jpg'));
    expect([image.width, image.height]).toEqual([20, 40]);
    // orientation 6 = rotate 90° clockwise to display: the red (left) half ends up on top
    expect(image.data[0]).toBeGreaterThan(150);
    expect(image.data[(39 * 20) * 4 + 2]).toBeGreaterThan(150);
  });

  it('converts an ICC-profiled (Display P3) image to sRGB', async () => {
    const image = await readImage(at('p3.png'));
    // the file stores Display-P3 numbers for the sRGB colour (40, 180, 90)
    const stored = await sharp(at('p3.png')).keepIccProfile().raw().toBuffer();
    expect(Math.abs(stored[0]! - 40)).toBeGreaterThan(20);
    const [r, g, b] = [image.data[0]!, image.data[1]!, image.data[2]!];
    expect(Math.abs(r - 40) + Math.abs(g - 180) + Math.abs(b - 90)).toBeLessThanOrEqual(3);
  });

  it('resizes to a square, covering and centring', async () => {
    const image = await readImage(at('rgb.jpg'), { size: 16 });
    expect([image.width, image.height]).toEqual([16, 16]);
  });

  it('reads the real portrait photograph', async () => {
    const file = path.join(repoRoot, '..', 'shared', 'data', 'astronaut-portrait.png');
    if (!existsSync(file)) return;
    const image = await readImage(file, { size: 64 });
    expect(image.data.length).toBe(64 * 64 * 4);
  });

  it('BAD_IMAGE for a file that is not an image, naming it and the fix', async () => {
    const error = await badImageError(readImage(at('garbage.png')));
    expect(error.message).toContain(at('garbage.png'));
    expect(error.message).toMatch(/Re-save it as PNG or JPEG/);
  });

  it('BAD_IMAGE for a truncated PNG', async () => {
    const error = await badImageError(readImage(at('truncated.png')));
    expect(error.message).toContain('truncated.png');
    expect(error.message).toMatch(/corrupt or truncated|cannot be read/);
  });

  it('BAD_IMAGE for a missing file, saying so', async () => {
    const error = await badImageError(readImage(at('nope.png')));
    expect(error.message).toMatch(/does not exist. Check the path/);
  });

  it('BAD_IMAGE for bytes, with the label', async () => {
    const error = await badImageError(readImage(new Uint8Array([1, 2, 3]), { label: 'upload #3' }));
    expect(error.message).toContain('upload #3');
  });
});

describe('readPortrait', () => {
  it('cuts the centred square at the model resolution and keeps the full image for pasting back', async () => {
    const portrait = await readPortrait(at('rgb.jpg'), { resolution: 32 });
    expect([portrait.input.width, portrait.input.height]).toEqual([32, 32]);
    expect([portrait.image.width, portrait.crop.x, portrait.crop.width]).toEqual([40, 10, 20]);
  });

  it('frames a face box', async () => {
    const portrait = await readPortrait(at('rgb.jpg'), { resolution: 16, faceBox: { x: 0, y: 5, width: 10, height: 10 }, margin: 0.2 });
    expect(portrait.crop.width).toBe(14);
    expect(portrait.crop.x).toBe(0);
  });
});

describe('writeImage', () => {
  it('writes PNG/JPEG/WebP that read back, leaving no temp files', async () => {
    const image = await readImage(at('rgba.png'));
    for (const name of ['out.png', 'out.jpg', 'out.webp']) {
      await writeImage(at(name), image);
      const back = await readImage(at(name));
      expect([back.width, back.height]).toEqual([40, 20]);
    }
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('refuses an unknown extension before writing anything', async () => {
    const image = await readImage(at('rgba.png'));
    await expect(writeImage(at('out.bmp'), image)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(existsSync(at('out.bmp'))).toBe(false);
  });
});
