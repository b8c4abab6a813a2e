import { describe, expect, it } from 'vitest';
import { cellAt, grayByte, gridSize, pixelAt, valueLabel } from './imageGrid';

describe('image grid', () => {
  it('interpolates a pixel between frames (frame k at t = k / (frames - 1))', () => {
    // 3 frames x 2 samples x 256: sample 1's pixel 5 goes -1, 0, 1.
    const s = new Float32Array(3 * 2 * 256);
    s[256 + 5] = -1;
    s[(2 + 1) * 256 + 5] = 0;
    s[(4 + 1) * 256 + 5] = 1;
    expect(pixelAt(s, 3, 2, 1, 5, 0)).toBe(-1);
    expect(pixelAt(s, 3, 2, 1, 5, 0.25)).toBeCloseTo(-0.5, 6);
    expect(pixelAt(s, 3, 2, 1, 5, 1)).toBe(1);
    expect(pixelAt(s, 3, 2, 1, 5, 2)).toBe(1);
    expect(pixelAt(s, 3, 2, 0, 5, 0.7)).toBe(0);
  });

  it('maps [-1, 1] to gray bytes, clamped', () => {
    expect([grayByte(-3), grayByte(-1), grayByte(0), grayByte(1), grayByte(9)]).toEqual([0, 0, 128, 255, 255]);
  });

  it('finds the cell under the pointer, none in a gap', () => {
    expect(gridSize(64, 8)).toEqual({ width: 135, height: 135 });
    expect(cellAt(0.01, 0.01, 64, 8)).toBe(0);
    expect(cellAt(0.99, 0.99, 64, 8)).toBe(63);
    expect(cellAt(20 / 135, 0.01, 64, 8)).toBe(1);
    expect(cellAt(1.2, 0.5, 64, 8)).toBe(-1);
    // 10 images in 8 columns: the second row holds 2.
    expect(cellAt(0.99, 0.99, 10, 8)).toBe(-1);
  });

  it('labels pixel values in tenths without the leading zero', () => {
    expect([valueLabel(0), valueLabel(0.04), valueLabel(-0.44), valueLabel(0.95), valueLabel(-1), valueLabel(2.33), valueLabel(50)]).toEqual(['0', '0', '-.4', '1.0', '-1.0', '2.3', '9.9']);
  });
});
