/**
 * Stochastic sampling with the same marginals as the flow (t = 0 source, t = 1 data):
 *   dx = [v(x, t) + (g_t^2 / 2) score(x, t)] dt + g_t dW,
 * for any g_t >= 0; g = 0 is the probability-flow ODE, the flow itself.
 *
 * Diffusion schedule: g_t^2 = noise^2 * sigma_t (sigma_t the path's noise level; the "w_t = sigma_t"
 * choice of SiT, Ma et al. 2024). It vanishes at the data end (sigma_1 = 0 on straight and cosine,
 * ~0.001 on vp, 0.01 on ve), where the score of the data blows up, and it cancels the 1/sigma_t of the
 * score: with score = -eps / sigma_t the drift is v - (noise^2 / 2) eps, finite at every t.
 * The score comes from the velocity in closed form (predictionTargets.ts: eps from v), which assumes
 * the source is N(0, I) noise (scaled by VE_SIGMA_MAX on ve; diffusionPaths.ts). Any model, velocity,
 * epsilon or score trained, is sampled through its velocity.
 *
 * Euler-Maruyama: x += (v - noise^2 / 2 * eps) h + noise sqrt(sigma_t h) N(0, I), with seeded normals.
 */
import { diffusionCoefficients, type DiffusionPathName } from './diffusionPaths';
import { createRng, type Rng } from './rng';
import type { VelocityFn } from './solvers';

/** Largest noise scale the samplers accept (the UI's slider range sits inside). */
export const SDE_NOISE_MAX = 4;

/** g_t = noise * sqrt(sigma_t). */
export function sdeDiffusion(path: DiffusionPathName, noise: number, t: number): number {
  return noise * Math.sqrt(diffusionCoefficients(path, t).sigma);
}

/**
 * The SDE drift v + (g^2 / 2) score for a batch at time t, given its velocities v (x, v, out interleaved xy;
 * out may be v): v - (noise^2 / 2) eps, eps = (alpha' x - alpha v) / (alpha' sigma - alpha sigma').
 */
export function sdeDrift(path: DiffusionPathName, noise: number, t: number, x: Float32Array, v: Float32Array, out: Float32Array): void {
  const c = diffusionCoefficients(path, t);
  const half = 0.5 * noise * noise;
  const den = c.dAlpha * c.sigma - c.alpha * c.dSigma;
  for (let k = 0; k < x.length; k++) {
    const eps = (c.dAlpha * x[k] - c.alpha * v[k]) / den;
    out[k] = v[k] - half * eps;
  }
}

/** One Euler-Maruyama step from t to t + h, in place on x, given the velocities v at (x, t). */
export function eulerMaruyamaStep(
  path: DiffusionPathName,
  noise: number,
  t: number,
  h: number,
  x: Float32Array,
  v: Float32Array,
  rng: Rng,
  drift: Float32Array = new Float32Array(x.length),
): void {
  sdeDrift(path, noise, t, x, v, drift);
  const g = noise > 0 ? sdeDiffusion(path, noise, t) * Math.sqrt(h) : 0;
  for (let k = 0; k < x.length; k++) x[k] += h * drift[k] + (g > 0 ? g * rng.normal() : 0);
}

export interface SdeOptions {
  path: DiffusionPathName;
  steps: number;
  /** Noise scale (g_t = noise sqrt(sigma_t)); 0 gives the ODE by Euler's method. */
  noise: number;
  /** Seed of the Brownian increments. */
  seed: number;
  t0?: number;
  t1?: number;
}

/**
 * Integrate the SDE forward from t0 to t1 (default 0 to 1) in `steps` Euler-Maruyama steps.
 * Returns the trajectory [point][step][xy] with steps + 1 positions per point, as solvers.integrate does.
 */
export function integrateSde(v: VelocityFn, x0: Float32Array, opts: SdeOptions): Float32Array {
  const { path, steps, noise, seed, t0 = 0, t1 = 1 } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer (got ${steps})`);
  if (!(noise >= 0 && noise <= SDE_NOISE_MAX)) throw new Error(`noise must lie in [0, ${SDE_NOISE_MAX}] (got ${noise})`);
  // The reverse-time SDE would need the opposite score sign; only the forward direction is offered.
  if (!(t1 > t0)) throw new Error(`the SDE runs forward in time (got t0 = ${t0}, t1 = ${t1})`);
  const len = x0.length;
  const n = len >> 1;
  const stride = 2 * (steps + 1);
  const traj = new Float32Array(n * stride);
  const x = Float32Array.from(x0);
  const vel = new Float32Array(len);
  const drift = new Float32Array(len);
  const rng = createRng(seed);
  const h = (t1 - t0) / steps;
  const record = (step: number) => {
    for (let i = 0; i < n; i++) {
      traj[i * stride + 2 * step] = x[2 * i];
      traj[i * stride + 2 * step + 1] = x[2 * i + 1];
    }
  };
  record(0);
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    v(x, t, vel);
    eulerMaruyamaStep(path, noise, t, h, x, vel, rng, drift);
    record(s + 1);
  }
  return traj;
}
