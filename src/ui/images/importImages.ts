/**
 * Imported pictures (PNG, JPEG: whatever the browser decodes) to 16 x 16 gray in [-1, 1]: decoded by
 * createImageBitmap, drawn at most 256 px on the long side (a photo's full size would only cost
 * memory), read back and area-averaged by grayFromRgba (which also makes the ink the bright side).
 */
import { grayFromRgba } from '../../core/images/userImages';

const MAX_SIDE = 256;

export async function imageFileToGray(file: Blob): Promise<Float32Array> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas: OffscreenCanvas | HTMLCanvasElement = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    if (!ctx) throw new Error('no 2D canvas to read the picture');
    ctx.drawImage(bitmap, 0, 0, w, h);
    return grayFromRgba(ctx.getImageData(0, 0, w, h).data, w, h);
  } finally {
    bitmap.close();
  }
}
