/**
 * Closed forms for isotropic Gaussians N(m0, s0^2 I) -> N(m1, s1^2 I) with independent pairs on any
 * Gaussian path x_t = alpha x1 + sigma x0. x0, x1 and x_t are jointly Gaussian, so with
 *   m_t = alpha m1 + sigma m0,  S_t^2 = alpha^2 s1^2 + sigma^2 s0^2,
 *   E[x1 | x_t = x] = m1 + (alpha s1^2 / S_t^2) (x - m_t),   E[x0 | x_t = x] = m0 + (sigma s0^2 / S_t^2) (x - m_t),
 * and every prediction target is exact:
 *   velocity  u_t(x) = alpha' E[x1 | x] + sigma' E[x0 | x]   (gaussianField.ts' formula on the straight path),
 *   epsilon   E[x0 | x]                                      (the noise when the source is N(0, I)),
 *   score     grad log p_t(x) = -(x - m_t) / S_t^2.
 * Tests check the conversions between targets (predictionTargets.ts) and the samplers against these.
 */
import { diffusionCoefficients, type DiffusionPathName } from './diffusionPaths';
import type { IsoGaussian } from './gaussianField';
import type { VelocityFn } from './solvers';

export interface GaussianPathPosterior {
  velocity: [number, number];
  epsilon: [number, number];
  /** E[x1 | x_t = x]: the denoised estimate. */
  x1: [number, number];
  score: [number, number];
}

/** Mean and std of the marginal p_t. */
export function gaussianPathMarginalAt(path: DiffusionPathName, src: IsoGaussian, tgt: IsoGaussian, t: number): IsoGaussian {
  const { alpha, sigma } = diffusionCoefficients(path, t);
  return {
    mean: [alpha * tgt.mean[0] + sigma * src.mean[0], alpha * tgt.mean[1] + sigma * src.mean[1]],
    std: Math.sqrt(alpha * alpha * tgt.std * tgt.std + sigma * sigma * src.std * src.std),
  };
}

/** All four exact targets at point (x, y) and time t. */
export function gaussianPathPosterior(
  path: DiffusionPathName,
  src: IsoGaussian,
  tgt: IsoGaussian,
  t: number,
  x: number,
  y: number,
): GaussianPathPosterior {
  const { alpha, sigma, dAlpha, dSigma } = diffusionCoefficients(path, t);
  const s0 = src.std * src.std;
  const s1 = tgt.std * tgt.std;
  const S2 = alpha * alpha * s1 + sigma * sigma * s0;
  // A point mass marginal (S2 = 0) has no spread to regress on: the posteriors are the means.
  const k1 = S2 > 0 ? (alpha * s1) / S2 : 0;
  const k0 = S2 > 0 ? (sigma * s0) / S2 : 0;
  const out: GaussianPathPosterior = { velocity: [0, 0], epsilon: [0, 0], x1: [0, 0], score: [0, 0] };
  const p = [x, y];
  for (let d = 0; d < 2; d++) {
    const r = p[d] - (alpha * tgt.mean[d] + sigma * src.mean[d]);
    const e1 = tgt.mean[d] + k1 * r;
    const e0 = src.mean[d] + k0 * r;
    out.x1[d] = e1;
    out.epsilon[d] = e0;
    out.velocity[d] = dAlpha * e1 + dSigma * e0;
    out.score[d] = S2 > 0 ? -r / S2 : 0;
  }
  return out;
}

/** The exact marginal velocity as a batch VelocityFn (coefficients computed once per t). */
export function gaussianPathVelocity(path: DiffusionPathName, src: IsoGaussian, tgt: IsoGaussian): VelocityFn {
  return (x, t, out) => {
    const { alpha, sigma, dAlpha, dSigma } = diffusionCoefficients(path, t);
    const s0 = src.std * src.std;
    const s1 = tgt.std * tgt.std;
    const S2 = alpha * alpha * s1 + sigma * sigma * s0;
    const k = S2 > 0 ? (dAlpha * alpha * s1 + dSigma * sigma * s0) / S2 : 0;
    for (let d = 0; d < 2; d++) {
      const m = alpha * tgt.mean[d] + sigma * src.mean[d];
      const base = dAlpha * tgt.mean[d] + dSigma * src.mean[d];
      for (let i = d; i < x.length; i += 2) out[i] = base + k * (x[i] - m);
    }
  };
}

export interface MixtureComponent {
  weight: number;
  gaussian: IsoGaussian;
}

/**
 * The exact marginal velocity from src to a mixture of isotropic Gaussians: p_t is the mixture of the
 * components' marginals, and u_t(x) = sum_k r_k(x) u_t^k(x) with r_k the posterior probability of
 * component k at (x, t). With one component per class it gives exact conditional fields (one component)
 * and the exact unconditional one (all), a ground truth for guidance.
 */
export function gaussianMixturePathVelocity(path: DiffusionPathName, src: IsoGaussian, mixture: readonly MixtureComponent[]): VelocityFn {
  const fields = mixture.map((m) => gaussianPathVelocity(path, src, m.gaussian));
  let parts = mixture.map(() => new Float32Array(0));
  return (x, t, out) => {
    if (parts[0]?.length !== x.length) parts = mixture.map(() => new Float32Array(x.length));
    fields.forEach((f, k) => f(x, t, parts[k]));
    const marginals = mixture.map((m) => gaussianPathMarginalAt(path, src, m.gaussian, t));
    const logW = new Float64Array(mixture.length);
    for (let i = 0; i < x.length; i += 2) {
      let max = -Infinity;
      marginals.forEach((g, k) => {
        const v = g.std * g.std;
        const d2 = (x[i] - g.mean[0]) ** 2 + (x[i + 1] - g.mean[1]) ** 2;
        // log of weight * N(x; mean, v I) in 2D, up to a shared constant.
        logW[k] = Math.log(mixture[k].weight) - Math.log(v) - d2 / (2 * v);
        if (logW[k] > max) max = logW[k];
      });
      let sum = 0;
      let ux = 0;
      let uy = 0;
      for (let k = 0; k < mixture.length; k++) {
        const r = Math.exp(logW[k] - max);
        sum += r;
        ux += r * parts[k][i];
        uy += r * parts[k][i + 1];
      }
      out[i] = ux / sum;
      out[i + 1] = uy / sum;
    }
  };
}
