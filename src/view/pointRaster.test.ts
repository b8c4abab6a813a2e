import { describe, expect, it } from 'vitest';
import { composeCovers, coverSquares, type PixelMap } from './pointRaster';

const ID: PixelMap = { sx: 1, tx: 0, sy: 1, ty: 0 };

describe('coverSquares', () => {
  it('covers a pixel-aligned square fully and nothing else', () => {
    const cover = new Uint8Array(8 * 8);
    coverSquares(cover, 8, 8, new Float32Array([4, 4]), ID, 1);
    const covered = [...cover.keys()].filter((i) => cover[i] > 0).map((i) => [i % 8, Math.floor(i / 8)]);
    expect(covered).toEqual([
      [3, 3],
      [4, 3],
      [3, 4],
      [4, 4],
    ]);
    for (const [x, y] of covered) expect(cover[y * 8 + x]).toBe(255);
  });

  it('gives partly covered edge pixels partial coverage (anti-aliasing)', () => {
    const cover = new Uint8Array(8 * 8);
    coverSquares(cover, 8, 8, new Float32Array([4.5, 4]), ID, 1); // spans x 3.5..5.5
    expect(cover[3 * 8 + 3]).toBe(128);
    expect(cover[3 * 8 + 4]).toBe(255);
    expect(cover[3 * 8 + 5]).toBe(128);
  });

  it('keeps the union of overlapping squares (no build-up) and maps data to pixels', () => {
    const cover = new Uint8Array(10 * 10);
    // Data (0, 0) maps to pixel (5, 5); y points down on screen.
    const map: PixelMap = { sx: 2, tx: 5, sy: -2, ty: 5 };
    coverSquares(cover, 10, 10, new Float32Array([0, 0, 0, 0, 0.25, 0]), map, 1);
    expect(Math.max(...cover)).toBe(255);
    expect(cover[4 * 10 + 4]).toBe(255);
    expect(cover[4 * 10 + 6]).toBe(128); // the shifted square's half-covered edge
  });

  it('skips points off the buffer and non-finite points, and clips squares at the edges', () => {
    const cover = new Uint8Array(4 * 4);
    coverSquares(cover, 4, 4, new Float32Array([-5, -5, 100, 2, NaN, 1, 1, NaN, 0, 0]), ID, 1);
    expect(cover[0]).toBe(255);
    expect(cover.reduce((a, b) => a + (b > 0 ? 1 : 0), 0)).toBe(1);
  });
});

describe('composeCovers', () => {
  it('paints the top cloud over the bottom one with source-over, and leaves uncovered pixels transparent', () => {
    const bottom = new Uint8Array([255, 255, 0]);
    const top = new Uint8Array([0, 255, 0]);
    const out = new Uint8ClampedArray(12);
    composeCovers(out, bottom, { r: 0, g: 0, b: 255, alpha: 0.5 }, top, { r: 255, g: 0, b: 0, alpha: 0.5 });
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 255, 128]);
    // 0.5 red over 0.5 blue: alpha 0.75, colour 2/3 red, 1/3 blue.
    expect(Array.from(out.subarray(4, 8))).toEqual([170, 0, 85, 191]);
    expect(out[11]).toBe(0);
  });
});

describe('labelled clouds', () => {
  it('paint each pixel in the class of the point that covers it', () => {
    const w = 8;
    const cover = new Uint8Array(w * w);
    const klass = new Uint8Array(w * w);
    // Two points, class 1 at (2, 2) and class 3 at (6, 6).
    coverSquares(cover, w, w, new Float32Array([2, 2, 6, 6]), ID, 1, new Uint8Array([1, 3]), klass);
    const none = new Uint8Array(w * w);
    const base = { r: 255, g: 255, b: 255, alpha: 1 };
    const paints = [0, 1, 2, 3].map((k) => ({ r: 10 * k, g: 0, b: 0, alpha: 1 }));
    const out = new Uint8ClampedArray(4 * w * w);
    composeCovers(out, none, base, cover, base, { top: klass, paints });
    const red = (x: number, y: number) => out[4 * (y * w + x)];
    expect(red(2, 2)).toBe(10);
    expect(red(6, 6)).toBe(30);
    // Without the class buffer the cloud keeps its own colour.
    composeCovers(out, none, base, cover, base);
    expect(red(2, 2)).toBe(255);
  });
});
