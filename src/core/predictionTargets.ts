/**
 * What the network regresses on, and how any of those predictions becomes the velocity a sampler
 * integrates. For a pair (x0, x1) at time t on a Gaussian path x_t = alpha x1 + sigma x0 (diffusionPaths.ts):
 *   velocity (flow matching)            alpha' x1 + sigma' x0
 *   epsilon  (DDPM, noise prediction)   x0
 *   score    (denoising score matching) -x0 / sigma_t
 * The network learns the conditional expectation of its target given x_t, so the three carry the same
 * information and convert into one another at (x, t) through x = alpha x1_hat + sigma eps:
 *   eps -> velocity:  x1_hat = (x - sigma eps) / alpha,  v = alpha' x1_hat + sigma' eps
 *   velocity -> eps:  eps = (alpha' x - alpha v) / (alpha' sigma - alpha sigma')   (the denominator is > 0 on every path here)
 *   eps <-> score:    score = -eps / sigma,  eps = -sigma score
 * Epsilon and velocity work for any source (epsilon then predicts the source point); reading
 * -eps / sigma as the score of p_t needs the source to be N(0, I).
 *
 * Clamps (the ends of a path divide by zero):
 * - dividing by alpha (eps or score -> velocity) uses max(alpha, alphaFloor) and clips x1_hat to
 *   +-x1Limit per coordinate, as diffusion samplers clip the denoised sample. alpha is 0 at t = 0 on
 *   the straight and cosine paths, where a noise prediction says nothing about x1; the default floor
 *   0.005 lies below vp's smallest alpha (0.0066), so vp is never clamped, and straight only for t < 0.005.
 * - dividing by sigma (eps -> score, and the score training target) uses max(sigma, sigmaFloor):
 *   sigma is 0 at t = 1 on straight and cosine, where the score of the data itself is unbounded.
 * Away from these edges every conversion is exact algebra; prefer the velocity target near them.
 */
import { diffusionCoefficients, type DiffusionPathName } from './diffusionPaths';
import type { PathCoefficients } from './paths';

export const TARGET_KINDS = ['velocity', 'epsilon', 'score'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  velocity: 'Velocity (flow matching)',
  epsilon: 'Noise ε (DDPM)',
  score: 'Score (denoising score matching)',
};

/** Batches of interleaved xy; Float64Array lets tests check conversions beyond float32 rounding. */
export type Coords = Float32Array | Float64Array;

export const isTargetKind = (s: string): s is TargetKind => (TARGET_KINDS as readonly string[]).includes(s);

export interface ConversionOptions {
  /** Smallest alpha divided by. */
  alphaFloor?: number;
  /** Smallest sigma divided by. */
  sigmaFloor?: number;
  /** Bound on each coordinate of the denoised estimate x1_hat (data units). */
  x1Limit?: number;
}

export const CONVERSION_DEFAULTS: Required<ConversionOptions> = {
  alphaFloor: 0.005,
  sigmaFloor: 0.01,
  x1Limit: 10,
};

/**
 * Training targets for a batch of pairs, one t per pair (x0, x1, out interleaved xy). The score target
 * divides by max(sigma_t, sigmaFloor); see scoreLossWeight for why its loss is usually reweighted.
 */
export function fillTargets(
  kind: TargetKind,
  path: DiffusionPathName,
  x0: Coords,
  x1: Coords,
  t: ArrayLike<number>,
  out: Coords,
  opts: ConversionOptions = {},
): void {
  const sigmaFloor = opts.sigmaFloor ?? CONVERSION_DEFAULTS.sigmaFloor;
  for (let i = 0; i < t.length; i++) {
    const c = diffusionCoefficients(path, t[i]);
    const invSigma = 1 / Math.max(c.sigma, sigmaFloor);
    for (let d = 0; d < 2; d++) {
      const k = 2 * i + d;
      if (kind === 'velocity') out[k] = c.dAlpha * x1[k] + c.dSigma * x0[k];
      else if (kind === 'epsilon') out[k] = x0[k];
      else out[k] = -x0[k] * invSigma;
    }
  }
}

/**
 * Per-pair loss weight that diffusion tooling puts on each target: sigma_t^2 for the score
 * (lambda(t) = sigma^2 of denoising score matching, which turns the score loss into the epsilon loss and
 * keeps the huge targets near t = 1 from dominating), 1 for the others.
 */
export function targetLossWeight(kind: TargetKind, path: DiffusionPathName, t: number): number {
  if (kind !== 'score') return 1;
  const { sigma } = diffusionCoefficients(path, t);
  return sigma * sigma;
}

const clip = (v: number, limit: number) => (v > limit ? limit : v < -limit ? -limit : v);

/** One coordinate: the epsilon that a prediction of `kind` stands for at (x, t). */
function toEpsilon(kind: TargetKind, c: PathCoefficients, x: number, p: number): number {
  if (kind === 'epsilon') return p;
  if (kind === 'score') return -c.sigma * p;
  return (c.dAlpha * x - c.alpha * p) / (c.dAlpha * c.sigma - c.alpha * c.dSigma);
}

/** One coordinate: the prediction of `kind` that epsilon stands for at (x, t). */
function fromEpsilon(kind: TargetKind, c: PathCoefficients, x: number, eps: number, o: Required<ConversionOptions>): number {
  if (kind === 'epsilon') return eps;
  if (kind === 'score') return -eps / Math.max(c.sigma, o.sigmaFloor);
  const x1Hat = clip((x - c.sigma * eps) / Math.max(c.alpha, o.alphaFloor), o.x1Limit);
  return c.dAlpha * x1Hat + c.dSigma * eps;
}

/**
 * Convert a batch of predictions at one time t from one kind to another (x, pred, out interleaved xy;
 * out may be pred). Same kind copies.
 */
export function convertPrediction(
  from: TargetKind,
  to: TargetKind,
  path: DiffusionPathName,
  t: number,
  x: Coords,
  pred: Coords,
  out: Coords,
  opts: ConversionOptions = {},
): void {
  if (from === to) {
    if (out !== pred) out.set(pred);
    return;
  }
  const o = { ...CONVERSION_DEFAULTS, ...opts };
  const c = diffusionCoefficients(path, t);
  for (let k = 0; k < x.length; k++) out[k] = fromEpsilon(to, c, x[k], toEpsilon(from, c, x[k], pred[k]), o);
}

/** The velocity a sampler integrates, from a network's prediction of `kind` at (x, t). */
export function predictionToVelocity(
  kind: TargetKind,
  path: DiffusionPathName,
  t: number,
  x: Coords,
  pred: Coords,
  out: Coords,
  opts: ConversionOptions = {},
): void {
  convertPrediction(kind, 'velocity', path, t, x, pred, out, opts);
}

/**
 * Coefficients of the velocity as an affine function of the prediction, v = a x + b pred, for the
 * explanation panel ("v = 1.25 x - 2.5 eps"), away from the clamps. Velocity: a = 0, b = 1.
 */
export function velocityFormula(kind: TargetKind, path: DiffusionPathName, t: number): { a: number; b: number } {
  const c = diffusionCoefficients(path, t);
  if (kind === 'velocity') return { a: 0, b: 1 };
  // v = (alpha'/alpha) x + (sigma' - alpha' sigma / alpha) eps; the score is eps = -sigma s.
  const a = c.dAlpha / c.alpha;
  const bEps = c.dSigma - (c.dAlpha * c.sigma) / c.alpha;
  return kind === 'epsilon' ? { a, b: bEps } : { a, b: -c.sigma * bEps };
}
