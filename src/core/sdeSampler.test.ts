import { describe, expect, it } from 'vitest';
import { DIFFUSION_PATH_NAMES, type DiffusionPathName } from './diffusionPaths';
import type { IsoGaussian } from './gaussianField';
import { gaussianPathMarginalAt, gaussianPathPosterior, gaussianPathVelocity } from './gaussianPathField';
import { createRng } from './rng';
import { integrateSde, sdeDiffusion, sdeDrift } from './sdeSampler';
import { endPoints, integrate, type VelocityFn } from './solvers';

const noise: IsoGaussian = { mean: [0, 0], std: 1 };
const data: IsoGaussian = { mean: [2, -1], std: 0.5 };

const exactVelocity = (path: DiffusionPathName): VelocityFn => gaussianPathVelocity(path, noise, data);

/**
 * n draws of the exact marginal at t = 0 (for vp and ve only approximately N(0, sigma_0^2 I)), shifted and
 * scaled to its exact mean and std so that the tests measure the sampler, not the luck of the start draw.
 */
function startCloud(path: DiffusionPathName, n: number, seed: number): Float32Array {
  const m = gaussianPathMarginalAt(path, noise, data, 0);
  const rng = createRng(seed);
  const z = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) z[i] = rng.normal();
  const { mx, my, std } = meanStd(z);
  for (let i = 0; i < n; i++) {
    z[2 * i] = m.mean[0] + (m.std * (z[2 * i] - mx)) / std;
    z[2 * i + 1] = m.mean[1] + (m.std * (z[2 * i + 1] - my)) / std;
  }
  return z;
}

function meanStd(p: Float32Array): { mx: number; my: number; std: number } {
  const n = p.length >> 1;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i];
    my += p[2 * i + 1];
  }
  mx /= n;
  my /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (p[2 * i] - mx) ** 2 + (p[2 * i + 1] - my) ** 2;
  return { mx, my, std: Math.sqrt(v / (2 * (n - 1))) };
}

describe('SDE sampler on the exact Gaussian -> Gaussian field', () => {
  for (const path of DIFFUSION_PATH_NAMES) {
    it(`${path}: the ODE and the SDE with noise 0.5 both land on N((2, -1), 0.5^2) (2000 particles)`, () => {
      // Euler is first order and ve is stiff at its wide source end (sigma' = -31 at t = 0): it needs more steps.
      const steps = path === 've' ? 1600 : 400;
      const x0 = startCloud(path, 2000, 7);
      for (const sigma of [0, 0.5]) {
        const end = endPoints(integrateSde(exactVelocity(path), x0, { path, steps, noise: sigma, seed: 3 }), steps);
        const { mx, my, std } = meanStd(end);
        // Sampling noise of the mean is 0.5 / sqrt(2000) ~ 0.011, of the std ~ 1.6%.
        expect(Math.abs(mx - 2)).toBeLessThan(0.04);
        expect(Math.abs(my + 1)).toBeLessThan(0.04);
        expect(Math.abs(std / 0.5 - 1)).toBeLessThan(0.04);
      }
    });
  }

  it('noise 0.5 moves particles off the ODE path (they jitter) but not noise 0', () => {
    const path = 'straight';
    const x0 = startCloud(path, 200, 1);
    const ode = integrate(exactVelocity(path), x0, { steps: 50 });
    const flat = integrateSde(exactVelocity(path), x0, { path, steps: 50, noise: 0, seed: 1 });
    const sde = integrateSde(exactVelocity(path), x0, { path, steps: 50, noise: 0.5, seed: 1 });
    let dFlat = 0;
    let dSde = 0;
    for (let k = 0; k < ode.length; k++) {
      dFlat = Math.max(dFlat, Math.abs(flat[k] - ode[k]));
      dSde = Math.max(dSde, Math.abs(sde[k] - ode[k]));
    }
    expect(dFlat).toBeLessThan(1e-4);
    expect(dSde).toBeGreaterThan(0.1);
  });

  it('is reproducible from its seed, and another seed gives other paths', () => {
    const x0 = startCloud('vp', 50, 2);
    const a = integrateSde(exactVelocity('vp'), x0, { path: 'vp', steps: 20, noise: 1, seed: 9 });
    const b = integrateSde(exactVelocity('vp'), x0, { path: 'vp', steps: 20, noise: 1, seed: 9 });
    const c = integrateSde(exactVelocity('vp'), x0, { path: 'vp', steps: 20, noise: 1, seed: 10 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('rejects backwards time, bad steps and out-of-range noise', () => {
    const x0 = new Float32Array(2);
    const v = exactVelocity('straight');
    expect(() => integrateSde(v, x0, { path: 'straight', steps: 10, noise: 0.5, seed: 1, t0: 1, t1: 0 })).toThrow(/forward/);
    expect(() => integrateSde(v, x0, { path: 'straight', steps: 0, noise: 0.5, seed: 1 })).toThrow(/steps/);
    expect(() => integrateSde(v, x0, { path: 'straight', steps: 5, noise: -1, seed: 1 })).toThrow(/noise/);
  });
});

describe('drift and diffusion', () => {
  it('the batch velocity is the posterior velocity', () => {
    for (const path of DIFFUSION_PATH_NAMES) {
      const x = Float32Array.of(1.2, -0.4, -3, 2);
      const out = new Float32Array(4);
      exactVelocity(path)(x, 0.6, out);
      for (let i = 0; i < 2; i++) {
        const p = gaussianPathPosterior(path, noise, data, 0.6, x[2 * i], x[2 * i + 1]);
        expect(out[2 * i]).toBeCloseTo(p.velocity[0], 5);
        expect(out[2 * i + 1]).toBeCloseTo(p.velocity[1], 5);
      }
    }
  });
  it('the drift is v + (g^2 / 2) score with the exact score', () => {
    for (const path of DIFFUSION_PATH_NAMES) {
      const t = 0.35;
      const x = Float32Array.of(1.2, -0.4);
      const p = gaussianPathPosterior(path, noise, data, t, x[0], x[1]);
      const out = new Float32Array(2);
      sdeDrift(path, 0.8, t, x, Float32Array.from(p.velocity), out);
      const g = sdeDiffusion(path, 0.8, t);
      for (let d = 0; d < 2; d++) expect(out[d]).toBeCloseTo(p.velocity[d] + 0.5 * g * g * p.score[d], 4);
    }
  });
  it('g = noise sqrt(sigma_t): noise at the straight source, 0 at its data end', () => {
    expect(sdeDiffusion('straight', 0.5, 0)).toBeCloseTo(0.5, 12);
    expect(sdeDiffusion('straight', 0.5, 0.75)).toBeCloseTo(0.25, 12);
    expect(sdeDiffusion('straight', 0.5, 1)).toBe(0);
  });
});
