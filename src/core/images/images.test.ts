import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import { classAgreement, classMeans } from './classify';
import { makeDigits } from './digits16';
import { IMAGE_DIM, imageAt, splitHeldOut, type ImageSet } from './imageSet';
import { nearestImages, nearestRatio } from './nearest';
import { fitPca2, projectPca2 } from './pca';
import { slicedW2Pixels, slicedW2PixelsFloor } from './pixelFit';
import { decodePng, encodeGrayPng, ihdr, imageGridPng, pngChunk, pngFromChunks } from './png';
import { augmentDrawings, grayFromRgba } from './userImages';
import { createRng } from '../rng';

const bytesEqual = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('digits16', () => {
  it('is deterministic per seed, and another seed draws other digits', () => {
    const a = makeDigits({ seed: 5, perClass: 20 });
    const b = makeDigits({ seed: 5, perClass: 20 });
    const c = makeDigits({ seed: 6, perClass: 20 });
    expect(bytesEqual(a.pixels, b.pixels)).toBe(true);
    expect(Array.from(a.labels!)).toEqual(Array.from(b.labels!));
    let diff = 0;
    for (let i = 0; i < a.pixels.length; i++) diff += Math.abs(a.pixels[i] - c.pixels[i]);
    expect(diff / a.pixels.length).toBeGreaterThan(0.1);
  });

  it('has pixels in [-1, 1], a black background and some ink in every image', () => {
    const s = makeDigits({ seed: 2, perClass: 30 });
    expect(s.count).toBe(300);
    expect(s.classes).toBe(10);
    for (const v of s.pixels) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1);
    }
    for (let i = 0; i < s.count; i++) {
      const img = imageAt(s, i);
      const ink = img.filter((v) => v > 0).length;
      expect(ink).toBeGreaterThan(10);
      expect(ink).toBeLessThan(120);
      expect(img[0]).toBe(-1);
    }
  });

  it('makes classes a nearest-class-mean classifier tells apart on a fresh draw (> 90 %)', () => {
    const train = makeDigits({ seed: 1, perClass: 100 });
    const fresh = makeDigits({ seed: 99, perClass: 30 });
    const means = classMeans(train);
    // The class means themselves are far apart: no two closer than 3 (pixel units, Euclidean).
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let s = 0;
        for (let j = 0; j < IMAGE_DIM; j++) s += (means[a * IMAGE_DIM + j] - means[b * IMAGE_DIM + j]) ** 2;
        expect(Math.sqrt(s)).toBeGreaterThan(3);
      }
    }
    expect(classAgreement(means, fresh.pixels, Array.from(fresh.labels!))).toBeGreaterThan(0.9);
  });
});

describe('splitHeldOut', () => {
  it('splits by a seeded shuffle, keeping labels with their images', () => {
    const s = makeDigits({ seed: 3, perClass: 10 });
    const { train, heldOut } = splitHeldOut(s, 0.2, 7);
    expect(heldOut.count).toBe(20);
    expect(train.count).toBe(80);
    const m = classMeans(s);
    expect(classAgreement(m, heldOut.pixels, Array.from(heldOut.labels!))).toBeGreaterThan(0.5);
    expect(bytesEqual(splitHeldOut(s, 0.2, 7).heldOut.pixels, heldOut.pixels)).toBe(true);
    expect(bytesEqual(splitHeldOut(s, 0.2, 8).heldOut.pixels, heldOut.pixels)).toBe(false);
  });
});

describe('pca', () => {
  it('recovers a known top axis and orders the variances', () => {
    const dim = 8;
    const n = 400;
    const rng = createRng(4);
    const axis = new Float32Array(dim);
    axis[2] = 0.6;
    axis[5] = -0.8;
    const x = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const a = 3 * rng.normal();
      for (let j = 0; j < dim; j++) x[i * dim + j] = 1 + a * axis[j] + 0.2 * rng.normal();
    }
    const pca = fitPca2(x, n, dim);
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += pca.axes[0][j] * axis[j];
    expect(Math.abs(dot)).toBeGreaterThan(0.99);
    // Deterministic sign: the biggest entry (-0.8 at index 5) comes out positive.
    expect(pca.axes[0][5]).toBeGreaterThan(0);
    expect(pca.variance[0]).toBeGreaterThan(7);
    expect(pca.variance[1]).toBeLessThan(0.1);
    let orth = 0;
    for (let j = 0; j < dim; j++) orth += pca.axes[0][j] * pca.axes[1][j];
    expect(Math.abs(orth)).toBeLessThan(1e-6);
    const p = projectPca2(pca, x, n, dim);
    let v = 0;
    for (let i = 0; i < n; i++) v += p[2 * i] ** 2;
    expect(v / (n - 1)).toBeCloseTo(pca.variance[0], 1);
  });
});

describe('nearest', () => {
  it('agrees with brute force on hand sets', () => {
    const train = new Float32Array([0, 0, 1, 0, 0, 2, 5, 5]);
    const q = new Float32Array([0.9, 0.1, 0, 1.6, 4, 4, -1, 0]);
    const { index, distance } = nearestImages(q, 4, train, 4, 2);
    expect(Array.from(index)).toEqual([1, 2, 3, 0]);
    expect(distance[0]).toBeCloseTo(Math.hypot(0.1, 0.1), 6);
    expect(distance[3]).toBeCloseTo(1, 6);
    const rng = createRng(1);
    const big = Float32Array.from({ length: 50 * 6 }, () => rng.normal());
    const qs = Float32Array.from({ length: 7 * 6 }, () => rng.normal());
    const got = nearestImages(qs, 7, big, 50, 6);
    for (let i = 0; i < 7; i++) {
      let best = Infinity;
      let bi = -1;
      for (let t = 0; t < 50; t++) {
        let s = 0;
        for (let j = 0; j < 6; j++) s += (qs[i * 6 + j] - big[t * 6 + j]) ** 2;
        if (s < best) [best, bi] = [s, t];
      }
      expect(got.index[i]).toBe(bi);
      expect(got.distance[i]).toBeCloseTo(Math.sqrt(best), 5);
    }
  });

  it('ratio: copies score far below 1, fresh data about 1', () => {
    const s = makeDigits({ seed: 1, perClass: 40 });
    const { train, heldOut } = splitHeldOut(s, 0.2, 1);
    const copies = train.pixels.slice(0, 40 * IMAGE_DIM);
    expect(nearestRatio(copies, heldOut.pixels, train.pixels, IMAGE_DIM)).toBe(0);
    const fresh = makeDigits({ seed: 77, perClass: 8 }).pixels;
    const r = nearestRatio(fresh, heldOut.pixels, train.pixels, IMAGE_DIM);
    expect(r).toBeGreaterThan(0.8);
    expect(r).toBeLessThan(1.25);
  });
});

describe('slicedW2Pixels', () => {
  it('is 0 for a set with itself and grows with a shift (about the shift length)', () => {
    const s = makeDigits({ seed: 1, perClass: 10 });
    const opts = { seed: 3 };
    expect(slicedW2Pixels(s.pixels, s.count, s.pixels, s.count, IMAGE_DIM, opts)).toBe(0);
    const shifted = (d: number): Float32Array => s.pixels.map((v) => v + d);
    const small = slicedW2Pixels(s.pixels, s.count, shifted(0.05), s.count, IMAGE_DIM, opts);
    const large = slicedW2Pixels(s.pixels, s.count, shifted(0.2), s.count, IMAGE_DIM, opts);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(3 * small);
    // A shift of 0.2 in each of 256 pixels has length 3.2; random directions see it as about that.
    expect(large).toBeGreaterThan(3.2 * 0.6);
    expect(large).toBeLessThan(3.2 * 1.4);
  });

  it('floor: real data against real data sits far below noise against data', () => {
    const s = makeDigits({ seed: 1, perClass: 60 });
    const { train, heldOut } = splitHeldOut(s, 0.25, 2);
    const floor = slicedW2PixelsFloor(heldOut.pixels, train.pixels, IMAGE_DIM, { seed: 1 });
    const rng = createRng(2);
    const noise = Float32Array.from({ length: 64 * IMAGE_DIM }, () => rng.normal());
    const bad = slicedW2Pixels(noise, 64, heldOut.pixels, heldOut.count, IMAGE_DIM, { seed: 1 });
    expect(floor.mean).toBeGreaterThan(0);
    expect(floor.sd).toBeGreaterThanOrEqual(0);
    expect(bad).toBeGreaterThan(3 * floor.mean);
  });
});

describe('png', () => {
  it('encode then decode round-trips gray bytes', () => {
    const w = 19;
    const h = 7;
    const gray = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) & 255);
    const png = encodeGrayPng(w, h, gray);
    const d = decodePng(png);
    expect([d.width, d.height]).toEqual([w, h]);
    for (let i = 0; i < w * h; i++) {
      expect(d.rgba[4 * i]).toBe(gray[i]);
      expect(d.rgba[4 * i + 2]).toBe(gray[i]);
      expect(d.rgba[4 * i + 3]).toBe(255);
    }
  });

  it('decodes a hand-made palette PNG (2-bit, with tRNS) and an RGB PNG with Sub / Up / Paeth filters', () => {
    // Palette: 0 red, 1 green, 2 blue (transparent-ish). 3 x 2 pixels, 2 bits each: rows [0,1,2], [2,1,0].
    const plte = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]);
    const rows = new Uint8Array([0, 0b00011000, 0, 0b10010000]);
    const pal = pngFromChunks([pngChunk('IHDR', ihdr(3, 2, 2, 3)), pngChunk('PLTE', plte), pngChunk('tRNS', new Uint8Array([255, 255, 10])), pngChunk('IDAT', zlibSync(rows)), pngChunk('IEND', new Uint8Array(0))]);
    const p = decodePng(pal);
    expect(Array.from(p.rgba)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 10, 0, 0, 255, 10, 0, 255, 0, 255, 255, 0, 0, 255]);
    // RGB 2 x 3: row 0 Sub, row 1 Up, row 2 Paeth. Pixels: (10,20,30) (15,25,35) / +1 each / (0,0,0) (1,2,3).
    const raw = new Uint8Array([1, 10, 20, 30, 5, 5, 5, 2, 1, 1, 1, 1, 1, 1, 4, 0, 0, 0, 0, 0, 0]);
    // Row 2 Paeth, pixel 0: a = 0, b = 11.., c = 0 -> predictor b: store 0 - 11 etc. Build it by hand below instead.
    const want = [
      [10, 20, 30, 15, 25, 35],
      [11, 21, 31, 16, 26, 36],
      [0, 0, 0, 1, 2, 3],
    ];
    const paethRow = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6; i++) {
      const a = i >= 3 ? want[2][i - 3] : 0;
      const b = want[1][i];
      const c = i >= 3 ? want[1][i - 3] : 0;
      const pp = a + b - c;
      const [pa, pb, pc] = [Math.abs(pp - a), Math.abs(pp - b), Math.abs(pp - c)];
      const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      paethRow[i] = (want[2][i] - pred) & 255;
    }
    raw.set(paethRow, 15);
    const rgb = pngFromChunks([pngChunk('IHDR', ihdr(2, 3, 8, 2)), pngChunk('IDAT', zlibSync(raw)), pngChunk('IEND', new Uint8Array(0))]);
    const d = decodePng(rgb);
    const got: number[][] = [];
    for (let y = 0; y < 3; y++) {
      const r: number[] = [];
      for (let x = 0; x < 2; x++) for (let k = 0; k < 3; k++) r.push(d.rgba[4 * (y * 2 + x) + k]);
      got.push(r);
    }
    expect(got).toEqual(want);
  });

  it('draws a grid of the right size', () => {
    const s = makeDigits({ seed: 1, perClass: 1 });
    const d = decodePng(imageGridPng(s.pixels, 10, 5, 2));
    expect(d.width).toBe(5 * 32 + 6 * 2);
    expect(d.height).toBe(2 * 32 + 3 * 2);
  });

  it('rejects what it cannot read', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(/not a PNG/);
    const inter = pngFromChunks([pngChunk('IHDR', ihdr(1, 1, 8, 0, 1)), pngChunk('IDAT', zlibSync(new Uint8Array(2))), pngChunk('IEND', new Uint8Array(0))]);
    expect(() => decodePng(inter)).toThrow(/interlaced/);
  });
});

describe('user images', () => {
  it('grayFromRgba inverts a white page with dark ink, so ink is +1', () => {
    const w = 32;
    const h = 48;
    const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
    // A dark vertical bar at x 14..17 (source), all rows from 8 to 39.
    for (let y = 8; y < 40; y++) for (let x = 14; x < 18; x++) rgba.set([0, 0, 0, 255], 4 * (y * w + x));
    const g = grayFromRgba(rgba, w, h);
    expect(g[0]).toBeCloseTo(-1, 5);
    expect(g[8 * 16 + 7]).toBeCloseTo(1, 5);
    expect(g[8 * 16 + 8]).toBeCloseTo(1, 5);
    expect(g[8 * 16 + 3]).toBeCloseTo(-1, 5);
    // A bright bar on black is kept as it is.
    const dark = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) dark[4 * i + 3] = 255;
    for (let y = 8; y < 40; y++) for (let x = 14; x < 18; x++) dark.set([255, 255, 255, 255], 4 * (y * w + x));
    const g2 = grayFromRgba(dark, w, h);
    g2.forEach((v, i) => expect(v).toBeCloseTo(g[i], 5));
  });

  it('augmentDrawings: shifts keep the ink, cycle the drawings and carry labels', () => {
    const a = new Float32Array(IMAGE_DIM).fill(-1);
    for (let y = 3; y < 13; y++) a[y * 16 + 1] = 1; // a bar at the left edge: shifts left are clipped
    const b = new Float32Array(IMAGE_DIM).fill(-1);
    b[7 * 16 + 7] = 0.5;
    b[7 * 16 + 8] = 1;
    const set: ImageSet = augmentDrawings([a, b], 40, 3, [4, 9], { jitter: false });
    expect(set.count).toBe(40);
    expect(Array.from(set.labels!.slice(0, 4))).toEqual([4, 9, 4, 9]);
    let moved = 0;
    for (let i = 0; i < 40; i++) {
      const img = imageAt(set, i);
      const src = i % 2 === 0 ? a : b;
      const sum = (x: Float32Array): number => x.reduce((s, v) => s + (v + 1), 0);
      expect(sum(img)).toBeCloseTo(sum(src), 4);
      if (!bytesEqual(img, src)) moved += 1;
    }
    expect(moved).toBeGreaterThan(20);
    const jittered = augmentDrawings([a, b], 40, 3);
    expect(bytesEqual(jittered.pixels, set.pixels)).toBe(false);
    for (const v of jittered.pixels) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });
});
