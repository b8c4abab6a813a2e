import { describe, expect, it } from 'vitest';
import { gaussianKdeLogDensity, scottBandwidth } from './kde';
import { createRng } from './rng';

const gaussLogPdf = (x: number, y: number, h: number) => -Math.log(2 * Math.PI * h * h) - (x * x + y * y) / (2 * h * h);

const normalCloud = (seed: number, n: number): Float32Array => {
  const rng = createRng(seed);
  const p = new Float32Array(2 * n);
  for (let i = 0; i < p.length; i++) p[i] = rng.normal();
  return p;
};

describe('gaussianKdeLogDensity', () => {
  it('is the exact Gaussian log pdf for a single point', () => {
    const origin = new Float32Array([0, 0]);
    for (const [x, y, h] of [
      [0, 0, 1],
      [0.5, -1, 1],
      [1, 2, 0.3],
      [-3, 0.25, 2],
    ]) {
      expect(gaussianKdeLogDensity(origin, h, x, y)).toBeCloseTo(gaussLogPdf(x, y, h), 12);
    }
    // Centred elsewhere: only the offset matters.
    expect(gaussianKdeLogDensity(new Float32Array([1, -2]), 0.7, 1.5, 0)).toBeCloseTo(gaussLogPdf(0.5, 2, 0.7), 12);
  });

  it('averages kernels: hand-computed two-point values', () => {
    const pts = new Float32Array([0, 0, 2, 0]);
    // Midpoint: both kernels equal exp(-1/2) / (2 pi).
    expect(gaussianKdeLogDensity(pts, 1, 1, 0)).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5, 12);
    // On a point: (1 + exp(-2)) / 2 / (2 pi).
    expect(gaussianKdeLogDensity(pts, 1, 0, 0)).toBeCloseTo(Math.log((1 + Math.exp(-2)) / 2 / (2 * Math.PI)), 12);
  });

  it('stays finite and exact far from the cloud, where every kernel underflows', () => {
    const pts = new Float32Array([0, 0, 0, 0]);
    const v = gaussianKdeLogDensity(pts, 0.1, 1000, 0);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(gaussLogPdf(1000, 0, 0.1), 6);
  });

  it('does not depend on the order of the points', () => {
    const pts = normalCloud(4, 50);
    const rev = new Float32Array(pts.length);
    for (let i = 0; i < 50; i++) {
      rev[2 * i] = pts[2 * (49 - i)];
      rev[2 * i + 1] = pts[2 * (49 - i) + 1];
    }
    expect(gaussianKdeLogDensity(rev, 0.4, 0.3, -0.2)).toBeCloseTo(gaussianKdeLogDensity(pts, 0.4, 0.3, -0.2), 12);
  });

  it('integrates to 1 over the plane', () => {
    const pts = normalCloud(6, 20);
    const h = 0.5;
    const step = 0.05;
    let total = 0;
    for (let x = -7; x <= 7; x += step)
      for (let y = -7; y <= 7; y += step) total += Math.exp(gaussianKdeLogDensity(pts, h, x, y)) * step * step;
    expect(total).toBeCloseTo(1, 3);
  });

  it('matches the smoothed N(0,1) density at the origin for 5000 samples', () => {
    // E[KDE(0)] for N(0, I) data is the N(0, (1 + h^2) I) density at 0.
    const pts = normalCloud(2024, 5000);
    const h = scottBandwidth(pts);
    const expected = Math.log(1 / (2 * Math.PI * (1 + h * h)));
    expect(Math.abs(gaussianKdeLogDensity(pts, h, 0, 0) - expected)).toBeLessThan(0.1);
    // Lower far out in the tail.
    expect(gaussianKdeLogDensity(pts, h, 3, 3)).toBeLessThan(expected - 5);
  });

  it('rejects an empty cloud and a bad bandwidth', () => {
    expect(() => gaussianKdeLogDensity(new Float32Array(0), 1, 0, 0)).toThrow(/empty/);
    expect(() => gaussianKdeLogDensity(new Float32Array([0, 0]), 0, 0, 0)).toThrow(/bandwidth/);
    expect(() => gaussianKdeLogDensity(new Float32Array([0, 0]), NaN, 0, 0)).toThrow(/bandwidth/);
    expect(() => gaussianKdeLogDensity(new Float32Array([0, 0]), -1, 0, 0)).toThrow(/bandwidth/);
  });
});

describe('scottBandwidth', () => {
  it('matches a hand computation on the corners of a square', () => {
    // Both coordinates are {0, 2, 0, 2}: sample variance 4/3. n = 4.
    const pts = new Float32Array([0, 0, 2, 0, 0, 2, 2, 2]);
    expect(scottBandwidth(pts)).toBeCloseTo(4 ** (-1 / 6) * Math.sqrt(4 / 3), 12);
  });

  it('averages the two axis stds', () => {
    // x: {0, 2} -> std sqrt(2); y: {0, 6} -> std 3 sqrt(2); n = 2.
    const pts = new Float32Array([0, 0, 2, 6]);
    expect(scottBandwidth(pts)).toBeCloseTo(2 ** (-1 / 6) * 0.5 * (Math.SQRT2 + 3 * Math.SQRT2), 12);
  });

  it('shrinks like n^(-1/6) for N(0,1) data, ignores shifts and scales with the data', () => {
    const pts = normalCloud(3, 4000);
    const h = scottBandwidth(pts);
    expect(h).toBeCloseTo(4000 ** (-1 / 6), 1);
    const moved = pts.map((v, i) => 3 * v + (i % 2 ? -5 : 10));
    expect(scottBandwidth(moved)).toBeCloseTo(3 * h, 5);
  });

  it('is 0 for fewer than two points or no spread', () => {
    expect(scottBandwidth(new Float32Array(0))).toBe(0);
    expect(scottBandwidth(new Float32Array([1, 2]))).toBe(0);
    expect(scottBandwidth(new Float32Array([1, 2, 1, 2, 1, 2]))).toBe(0);
  });
});
