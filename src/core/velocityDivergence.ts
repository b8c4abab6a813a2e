/**
 * The velocity a sampler integrates AND its divergence, from a prediction of any kind and the diagonal
 * of the prediction's Jacobian (d pred_x / dx, d pred_y / dy): what the log density (instantaneous
 * change of variables) needs from an epsilon or score model.
 *
 * The conversion (predictionTargets.ts) is affine in (x, eps) per coordinate d:
 *   eps_d = pred_d (epsilon) or -sigma pred_d (score),
 *   x1_d  = clip((x_d - sigma eps_d) / a, +-x1Limit),  a = max(alpha, alphaFloor),
 *   v_d   = alpha' x1_d + sigma' eps_d,
 * so d v_d / d x_d = alpha' (1 - sigma d eps_d / d x_d) / a + sigma' d eps_d / d x_d, where a clipped
 * x1_d is constant in x (its term drops). The divergence is the sum over d. Only the diagonal is needed:
 * the conversion never mixes coordinates.
 */
import { diffusionCoefficients, type DiffusionPathName } from './diffusionPaths';
import { CONVERSION_DEFAULTS, type ConversionOptions, type Coords, type TargetKind } from './predictionTargets';

/**
 * v (interleaved xy) and div v (one per point) at one time t, from predictions `pred` (interleaved xy)
 * and their Jacobian diagonal `diag` (interleaved: d pred_x / dx, d pred_y / dy) at points x.
 * The velocity is predictionTargets' convertPrediction to 'velocity', coordinate for coordinate.
 */
export function velocityWithDivergence(
  kind: TargetKind,
  path: DiffusionPathName,
  t: number,
  x: Coords,
  pred: Coords,
  diag: Coords,
  v: Coords,
  div: Coords,
  opts: ConversionOptions = {},
): void {
  const n = x.length >> 1;
  if (kind === 'velocity') {
    if (v !== pred) v.set(pred);
    for (let i = 0; i < n; i++) div[i] = diag[2 * i] + diag[2 * i + 1];
    return;
  }
  const o = { ...CONVERSION_DEFAULTS, ...opts };
  const c = diffusionCoefficients(path, t);
  const a = Math.max(c.alpha, o.alphaFloor);
  // eps = s * pred: the score is -eps / sigma (no floor when reading it back, as in predictionTargets).
  const s = kind === 'epsilon' ? 1 : -c.sigma;
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = 2 * i; k < 2 * i + 2; k++) {
      const eps = s * pred[k];
      const dEps = s * diag[k];
      const raw = (x[k] - c.sigma * eps) / a;
      const inside = raw <= o.x1Limit && raw >= -o.x1Limit;
      const x1 = inside ? raw : raw > 0 ? o.x1Limit : -o.x1Limit;
      v[k] = c.dAlpha * x1 + c.dSigma * eps;
      d += (inside ? (c.dAlpha * (1 - c.sigma * dEps)) / a : 0) + c.dSigma * dEps;
    }
    div[i] = d;
  }
}
