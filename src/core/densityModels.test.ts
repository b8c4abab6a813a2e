import { describe, expect, it } from 'vitest';
import { gaussianLogDensity, kdeLogDensity, MIN_DENSITY_STD, scaledLogDensity } from './densityModels';
import { scottBandwidth } from './kde';
import { createRng } from './rng';

const LOG_2PI = Math.log(2 * Math.PI);

describe('gaussianLogDensity', () => {
  it('is the closed-form isotropic 2D normal log density', () => {
    const f = gaussianLogDensity([1, -2], 0.5);
    const logp = f(new Float32Array([1, -2, 2, -2, 0, 0]));
    const expected = (dx: number, dy: number) => -LOG_2PI - 2 * Math.log(0.5) - (dx * dx + dy * dy) / (2 * 0.25);
    expect(logp[0]).toBeCloseTo(expected(0, 0), 5);
    expect(logp[1]).toBeCloseTo(expected(1, 0), 5);
    expect(logp[2]).toBeCloseTo(expected(-1, 2), 5);
  });

  it('integrates to 1 on a grid', () => {
    const f = gaussianLogDensity([0.3, 0.2], 0.8);
    const g = 200;
    const ext = 6;
    const h = (2 * ext) / g;
    const pts = new Float32Array(2 * g * g);
    for (let r = 0; r < g; r++) for (let c = 0; c < g; c++) pts.set([-ext + (c + 0.5) * h, -ext + (r + 0.5) * h], 2 * (r * g + c));
    let mass = 0;
    for (const v of f(pts)) mass += Math.exp(v) * h * h;
    expect(mass).toBeCloseTo(1, 4);
  });

  it('floors a point mass to a narrow finite bump', () => {
    const f = gaussianLogDensity([0, 0], 0);
    const [at] = f(new Float32Array([0, 0]));
    expect(at).toBeCloseTo(-LOG_2PI - 2 * Math.log(MIN_DENSITY_STD), 4);
    expect(() => gaussianLogDensity([0, 0], -1)).toThrow();
  });
});

describe('kdeLogDensity', () => {
  it("uses Scott's bandwidth and approaches the sampled Gaussian", () => {
    const rng = createRng(3);
    const cloud = Float32Array.from({ length: 4000 }, () => rng.normal());
    expect(scottBandwidth(cloud)).toBeGreaterThan(MIN_DENSITY_STD);
    const kde = kdeLogDensity(cloud)(new Float32Array([0, 0, 1, 0]));
    const exact = gaussianLogDensity([0, 0], 1)(new Float32Array([0, 0, 1, 0]));
    // Smoothing by h ~ 0.5 flattens the peak a little: the KDE of N(0, 1) is N(0, 1 + h^2).
    expect(Math.abs(kde[0] - exact[0])).toBeLessThan(0.3);
    expect(Math.abs(kde[1] - exact[1])).toBeLessThan(0.3);
  });

  it('floors a zero bandwidth (one point, or coincident points) and stays finite far away', () => {
    const one = kdeLogDensity(new Float32Array([2, 2]));
    const two = kdeLogDensity(new Float32Array([2, 2, 2, 2]));
    const pt = gaussianLogDensity([2, 2], MIN_DENSITY_STD);
    const q = new Float32Array([2, 2, 2.05, 2, 4, -2]);
    const a = one(q);
    const b = two(q);
    const c = pt(q);
    for (let i = 0; i < 3; i++) {
      expect(a[i]).toBeCloseTo(c[i], 2);
      expect(b[i]).toBeCloseTo(c[i], 2);
    }
    expect(Number.isFinite(a[2])).toBe(true);
  });
});

describe('scaledLogDensity', () => {
  it('of N(m, s^2 I) scaled by k is N(k m, (k s)^2 I)', () => {
    const pts = new Float32Array([0, 0, 3, -2, 7, 1]);
    const got = scaledLogDensity(gaussianLogDensity([0.5, -1], 0.8), 5)(pts);
    const want = gaussianLogDensity([2.5, -5], 4)(pts);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
    const base = gaussianLogDensity([0, 0], 1);
    expect(scaledLogDensity(base, 1)).toBe(base);
  });
});
