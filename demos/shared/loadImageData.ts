import type { RgbaImage } from 'portrait-rig';

/** Downloads and decodes an image (any size) into RGBA pixels, for `PortraitAnimator.setSource`. */
export async function loadImageData(url: string): Promise<RgbaImage> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the portrait ${url} (HTTP ${response.status}); pass ?portrait=<image url>`);
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}
