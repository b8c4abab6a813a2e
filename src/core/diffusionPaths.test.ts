import { describe, expect, it } from 'vitest';
import {
  DIFFUSION_PATH_NAMES,
  diffusionCoefficients,
  diffusionStart,
  interpolateDiffusionPairs,
  VE_SIGMA_MAX,
  VE_SIGMA_MIN,
} from './diffusionPaths';
import { pathCoefficients } from './paths';

describe('diffusion path coefficients', () => {
  for (const path of DIFFUSION_PATH_NAMES) {
    it(`${path}: alpha' and sigma' match central finite differences`, () => {
      for (const t of [0.02, 0.25, 0.5, 0.77, 0.97]) {
        const h = 1e-6;
        const a = diffusionCoefficients(path, t - h);
        const b = diffusionCoefficients(path, t + h);
        const c = diffusionCoefficients(path, t);
        const fdA = (b.alpha - a.alpha) / (2 * h);
        const fdS = (b.sigma - a.sigma) / (2 * h);
        expect(Math.abs(c.dAlpha - fdA)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fdA)));
        expect(Math.abs(c.dSigma - fdS)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fdS)));
      }
    });
    it(`${path}: alpha grows and sigma shrinks from source to data`, () => {
      for (let t = 0.05; t < 1; t += 0.1) {
        const c = diffusionCoefficients(path, t);
        expect(c.dAlpha).toBeGreaterThanOrEqual(0);
        expect(c.dSigma).toBeLessThan(0);
      }
    });
  }

  it('straight and cosine are the paths.ts coefficients', () => {
    for (const t of [0, 0.3, 1]) {
      expect(diffusionCoefficients('straight', t)).toEqual(pathCoefficients('straight', t));
      expect(diffusionCoefficients('cosine', t)).toEqual(pathCoefficients('cosine', t));
    }
  });

  it('vp and cosine keep alpha^2 + sigma^2 = 1', () => {
    for (const path of ['vp', 'cosine'] as const) {
      for (let t = 0; t <= 1; t += 0.05) {
        const c = diffusionCoefficients(path, t);
        expect(c.alpha * c.alpha + c.sigma * c.sigma).toBeCloseTo(1, 12);
      }
    }
  });

  it('vp: the linear beta schedule by hand (beta 0.1 to 20)', () => {
    // t = 0.5: s = 0.5, B = 0.1 * 0.5 + 0.5 * 19.9 * 0.25 = 2.5375, beta = 0.1 + 0.5 * 19.9 = 10.05.
    const c = diffusionCoefficients('vp', 0.5);
    expect(c.alpha).toBeCloseTo(Math.exp(-1.26875), 12);
    expect(c.dAlpha).toBeCloseTo(0.5 * 10.05 * Math.exp(-1.26875), 10);
    // Source end: B(1) = 0.1 + 9.95 = 10.05, alpha = exp(-5.025) ~ 0.00657, sigma ~ 1.
    const s = diffusionCoefficients('vp', 0);
    expect(s.alpha).toBeCloseTo(0.0065716, 7);
    expect(s.sigma).toBeCloseTo(1, 4);
    // Data end, held at 1 - 1e-5: B ~ 1e-6, sigma ~ 0.001, alpha ~ 1, and sigma' stays finite (~ -50).
    const d = diffusionCoefficients('vp', 1);
    expect(d.alpha).toBeCloseTo(1, 5);
    expect(d.sigma).toBeCloseTo(0.001, 5);
    expect(d.dSigma).toBeCloseTo(-50, 0);
    expect(Number.isFinite(diffusionCoefficients('vp', 1).dSigma)).toBe(true);
  });

  it('ve: alpha = 1, sigma from sigma_max to sigma_min geometrically', () => {
    const a = diffusionCoefficients('ve', 0);
    const m = diffusionCoefficients('ve', 0.5);
    const b = diffusionCoefficients('ve', 1);
    expect(a.alpha).toBe(1);
    expect(a.dAlpha).toBe(0);
    expect(a.sigma).toBeCloseTo(VE_SIGMA_MAX, 12);
    expect(b.sigma).toBeCloseTo(VE_SIGMA_MIN, 12);
    // Geometric: the middle is the geometric mean sqrt(5 * 0.01).
    expect(m.sigma).toBeCloseTo(Math.sqrt(0.05), 12);
  });
});

describe('sampling start and pair interpolation', () => {
  it('ve starts at sigma_max times the normal draw, the others at the draw itself', () => {
    const z = new Float32Array([1, -2]);
    expect(Array.from(diffusionStart('ve', z))).toEqual([5, -10]);
    expect(Array.from(diffusionStart('vp', z))).toEqual([1, -2]);
  });
  it('puts x_t at alpha x1 + sigma x0 with velocity alpha x1 + sigma x0 per pair', () => {
    const x0 = new Float32Array([1, 0, 0, 1]);
    const x1 = new Float32Array([2, 2, -1, 3]);
    const t = new Float32Array([0.5, 0.25]);
    const xt = new Float32Array(4);
    const ut = new Float32Array(4);
    interpolateDiffusionPairs('ve', x0, x1, t, xt, ut);
    const s = Math.sqrt(0.05);
    expect(xt[0]).toBeCloseTo(2 + s, 6);
    expect(xt[1]).toBeCloseTo(2, 6);
    expect(ut[0]).toBeCloseTo(s * Math.log(0.002), 5);
    const c = diffusionCoefficients('ve', 0.25);
    expect(xt[3]).toBeCloseTo(3 + c.sigma, 5);
    interpolateDiffusionPairs('straight', x0, x1, t, xt, ut);
    expect(Array.from(ut)).toEqual([1, 2, -1, 2]);
  });
});
