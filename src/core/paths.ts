/**
 * Probability paths between a source point x0 (t = 0) and a target point x1 (t = 1):
 *   x_t = alpha(t) x1 + sigma(t) x0,   target velocity u_t = alpha'(t) x1 + sigma'(t) x0.
 * The straight (CondOT) path has alpha = t, sigma = 1 - t, so u_t = x1 - x0 for every t.
 */
export const PATH_NAMES = ['straight', 'cosine'] as const;
export type PathName = (typeof PATH_NAMES)[number];

export interface PathCoefficients {
  alpha: number;
  sigma: number;
  dAlpha: number;
  dSigma: number;
}

export function pathCoefficients(path: PathName, t: number): PathCoefficients {
  if (path === 'cosine') {
    const a = (Math.PI / 2) * t;
    return {
      alpha: Math.sin(a),
      sigma: Math.cos(a),
      dAlpha: (Math.PI / 2) * Math.cos(a),
      dSigma: -(Math.PI / 2) * Math.sin(a),
    };
  }
  return { alpha: t, sigma: 1 - t, dAlpha: 1, dSigma: -1 };
}

/**
 * Fill xt and ut for one pair set: xt[i] = alpha x1 + sigma x0 (+ sigmaMin * noise), ut = alpha' x1 + sigma' x0.
 * t holds one time per pair; noise (standard normal, same layout as x0) is optional.
 */
export function interpolatePairs(
  path: PathName,
  x0: Float32Array,
  x1: Float32Array,
  t: Float32Array,
  xt: Float32Array,
  ut: Float32Array,
  sigmaMin = 0,
  noise?: Float32Array,
): void {
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = pathCoefficients(path, t[i]);
    for (let d = 0; d < 2; d++) {
      const k = 2 * i + d;
      xt[k] = c.alpha * x1[k] + c.sigma * x0[k] + (noise && sigmaMin > 0 ? sigmaMin * noise[k] : 0);
      ut[k] = c.dAlpha * x1[k] + c.dSigma * x0[k];
    }
  }
}
