/**
 * Gaussian probability paths, the diffusion view of flow matching. Same convention as paths.ts:
 * t = 0 is the source (noise), t = 1 the data, and
 *   x_t = alpha_t x1 + sigma_t x0,   conditional velocity u_t = alpha'_t x1 + sigma'_t x0.
 * Diffusion papers usually run time the other way (s = 1 - t); every formula here is in t.
 *
 * - 'straight' and 'cosine' are paths.ts' own (reused, not copied). 'cosine' IS the cosine
 *   variance-preserving schedule: alpha = sin(pi t / 2), sigma = cos(pi t / 2), alpha^2 + sigma^2 = 1.
 * - 'vp': variance preserving with the linear beta schedule of DDPM / score SDEs, beta_min = 0.1,
 *   beta_max = 20 (Song et al. 2021). In diffusion time s = 1 - t: beta(s) = beta_min + s (beta_max - beta_min),
 *   alpha = exp(-B(s) / 2) with B(s) = integral_0^s beta, sigma = sqrt(1 - alpha^2).
 *   alpha(0) = exp(-5.025) ~ 0.0066, so x_0 is N(0, I) up to 0.0066 x1: sampling starts at N(0, I).
 * - 've': variance exploding, alpha = 1, sigma geometric from VE_SIGMA_MAX at t = 0 to VE_SIGMA_MIN at t = 1.
 *   x_0 = x1 + VE_SIGMA_MAX z is the data blurred by a wide Gaussian, close to N(0, VE_SIGMA_MAX^2 I)
 *   only when VE_SIGMA_MAX is well above the data's spread; sampling starts at VE_SIGMA_MAX z
 *   (diffusionStart). Nothing removes the last VE_SIGMA_MIN of noise, as in the usual VE samplers.
 *
 * 'vp' and 've' (and the epsilon / score targets on any path) assume the source x0 is N(0, I) noise.
 */
import { pathCoefficients, type PathCoefficients } from './paths';

export const DIFFUSION_PATH_NAMES = ['straight', 'cosine', 'vp', 've'] as const;
export type DiffusionPathName = (typeof DIFFUSION_PATH_NAMES)[number];

export const DIFFUSION_PATH_LABELS: Record<DiffusionPathName, string> = {
  straight: 'Straight (CondOT, rectified flow)',
  cosine: 'Cosine (VP, cosine schedule)',
  vp: 'VP (DDPM, linear beta)',
  ve: 'VE (variance exploding)',
};

/** Linear beta schedule of the VP path (standard DDPM / score-SDE values). */
export const VP_BETA_MIN = 0.1;
export const VP_BETA_MAX = 20;
/**
 * Near the data sigma ~ sqrt(beta_min (1 - t)), so sigma' is unbounded at t = 1. The 'vp' coefficients
 * are evaluated at t <= 1 - VP_T_EDGE (the score-SDE paper's training epsilon): sigma(1) ~ 0.001, |sigma'| <= ~50.
 */
export const VP_T_EDGE = 1e-5;

/** VE noise scale at the source end (data coordinates span about [-4, 4]) and at the data end. */
export const VE_SIGMA_MAX = 5;
export const VE_SIGMA_MIN = 0.01;

export const isDiffusionPathName = (s: string): s is DiffusionPathName =>
  (DIFFUSION_PATH_NAMES as readonly string[]).includes(s);

/** alpha, sigma and their t-derivatives for any of the four paths. */
export function diffusionCoefficients(path: DiffusionPathName, t: number): PathCoefficients {
  switch (path) {
    case 'straight':
    case 'cosine':
      return pathCoefficients(path, t);
    case 'vp': {
      const s = 1 - Math.min(t, 1 - VP_T_EDGE);
      const beta = VP_BETA_MIN + s * (VP_BETA_MAX - VP_BETA_MIN);
      const B = VP_BETA_MIN * s + 0.5 * (VP_BETA_MAX - VP_BETA_MIN) * s * s;
      const alpha = Math.exp(-0.5 * B);
      // 1 - alpha^2 via expm1 keeps sigma accurate where alpha is close to 1.
      const sigma = Math.sqrt(-Math.expm1(-B));
      // d/dt = -d/ds: alpha' = beta alpha / 2; sigma' follows from alpha^2 + sigma^2 = 1.
      const dAlpha = 0.5 * beta * alpha;
      return { alpha, sigma, dAlpha, dSigma: (-alpha * dAlpha) / sigma };
    }
    case 've': {
      const logRatio = Math.log(VE_SIGMA_MIN / VE_SIGMA_MAX);
      const sigma = VE_SIGMA_MAX * Math.exp(t * logRatio);
      return { alpha: 1, sigma, dAlpha: 0, dSigma: sigma * logRatio };
    }
  }
}

/**
 * The spread of the source the sampler starts from: x_0 = sourceStd * z, z ~ N(0, I).
 * 1 for straight, cosine and vp (vp's x_0 is N(0, I) within alpha(0) ~ 0.0066 x1); VE_SIGMA_MAX for ve.
 */
export function diffusionSourceStd(path: DiffusionPathName): number {
  return path === 've' ? VE_SIGMA_MAX : 1;
}

/** Starting points for sampling: scale standard normal draws z (interleaved xy) to the path's source. */
export function diffusionStart(path: DiffusionPathName, z: Float32Array, out: Float32Array = new Float32Array(z.length)): Float32Array {
  const s = diffusionSourceStd(path);
  for (let i = 0; i < z.length; i++) out[i] = s * z[i];
  return out;
}

/**
 * paths.ts' interpolatePairs for any of the four paths: xt = alpha x1 + sigma x0, ut = alpha' x1 + sigma' x0,
 * one t per pair (x0 is the N(0, I) noise for vp and ve).
 */
export function interpolateDiffusionPairs(
  path: DiffusionPathName,
  x0: Float32Array,
  x1: Float32Array,
  t: Float32Array,
  xt: Float32Array,
  ut: Float32Array,
): void {
  for (let i = 0; i < t.length; i++) {
    const c = diffusionCoefficients(path, t[i]);
    for (let d = 0; d < 2; d++) {
      const k = 2 * i + d;
      xt[k] = c.alpha * x1[k] + c.sigma * x0[k];
      ut[k] = c.dAlpha * x1[k] + c.dSigma * x0[k];
    }
  }
}
