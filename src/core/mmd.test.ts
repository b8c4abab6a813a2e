import { describe, expect, it } from 'vitest';
import { medianBandwidth, rbfMmd2 } from './mmd';
import { createRng } from './rng';

const gaussianCloud = (seed: number, n: number, mx = 0, my = 0, std = 1): Float32Array => {
  const rng = createRng(seed);
  const p = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    p[2 * i] = mx + std * rng.normal();
    p[2 * i + 1] = my + std * rng.normal();
  }
  return p;
};

describe('rbfMmd2', () => {
  it('is 0 for identical sets', () => {
    const x = gaussianCloud(1, 300);
    expect(rbfMmd2(x, x)).toBeLessThan(1e-12);
    expect(rbfMmd2(x, x.slice())).toBeLessThan(1e-12);
  });

  it('matches the closed form for two single points: 2 - 2 exp(-d^2 / (2 h^2))', () => {
    const x = new Float32Array([0, 0]);
    const y = new Float32Array([3, 4]);
    // The median heuristic on the one pair gives h = d = 5.
    expect(medianBandwidth(x, y)).toBeCloseTo(5, 10);
    expect(rbfMmd2(x, y)).toBeCloseTo(2 - 2 * Math.exp(-0.5), 10);
    expect(rbfMmd2(x, y, 1)).toBeCloseTo(2 - 2 * Math.exp(-12.5), 10);
  });

  it('is positive for a shifted cloud, grows with the shift, and beats the two-draw floor', () => {
    const x = gaussianCloud(2, 400);
    const floor = rbfMmd2(x, gaussianCloud(3, 400));
    const h = 1.5;
    let prev = floor;
    for (const s of [0.5, 1, 2, 4]) {
      const v = rbfMmd2(x, gaussianCloud(3, 400, s, 0), h);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    expect(rbfMmd2(x, gaussianCloud(3, 400, 1, 0))).toBeGreaterThan(10 * floor);
  });

  it('is symmetric and, with the median bandwidth, unchanged when both sets are scaled', () => {
    const x = gaussianCloud(5, 200);
    const y = gaussianCloud(6, 150, 1, -1, 0.5);
    const a = rbfMmd2(x, y);
    expect(rbfMmd2(y, x)).toBeCloseTo(a, 12);
    const scale = (p: Float32Array) => p.map((v) => 4 * v);
    expect(rbfMmd2(scale(x), scale(y))).toBeCloseTo(a, 6);
  });

  it('keeps a usable bandwidth when most points coincide', () => {
    // 150 points at the origin and 50 at (2, 0): most pairs coincide, so the median distance is 0.
    const x = new Float32Array(300).fill(0);
    const y = new Float32Array(100).fill(0);
    for (let i = 0; i < 50; i++) y[2 * i] = 2;
    expect(medianBandwidth(x, y)).toBeCloseTo(2, 10);
    expect(rbfMmd2(x, y)).toBeCloseTo(2 - 2 * Math.exp(-0.5), 10);
    expect(medianBandwidth(x, x)).toBe(1);
    expect(rbfMmd2(new Float32Array(0), y)).toBeNaN();
  });

  it('thins large pools deterministically', () => {
    const x = gaussianCloud(7, 2000);
    const y = gaussianCloud(8, 2000, 0.3, 0);
    expect(medianBandwidth(x, y)).toBe(medianBandwidth(x, y));
    // Pairwise distances of a 2D standard normal: median squared distance 2 * 2 ln 2 ~ 2.77.
    expect(medianBandwidth(x, x)).toBeCloseTo(Math.sqrt(4 * Math.LN2), 1);
  });
});
