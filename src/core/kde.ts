/**
 * Gaussian kernel density estimate of a cloud: a smooth density to score generated points against
 * (log-likelihood) or to shade the stage with, without assuming any shape for the data.
 */
import { pointCount, type Points } from './points';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Log of the KDE at (x, y): log of the mean of isotropic 2D Gaussians of std `bandwidth` centred on the
 * points. Log-sum-exp keeps it finite far from the cloud, where every kernel underflows to 0.
 */
export function gaussianKdeLogDensity(points: Points, bandwidth: number, x: number, y: number): number {
  const n = pointCount(points);
  if (n === 0) throw new Error('the density of an empty cloud is undefined');
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new Error(`KDE bandwidth must be a positive finite number, got ${bandwidth}`);
  }
  const inv2h2 = 1 / (2 * bandwidth * bandwidth);
  // The largest exponent is the nearest point's; factoring it out leaves a sum in [1, n].
  let minD2 = Infinity;
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i] - x;
    const dy = points[2 * i + 1] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < minD2) minD2 = d2;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i] - x;
    const dy = points[2 * i + 1] - y;
    sum += Math.exp((minD2 - (dx * dx + dy * dy)) * inv2h2);
  }
  return Math.log(sum) - minD2 * inv2h2 - Math.log(n) - LOG_2PI - 2 * Math.log(bandwidth);
}

/**
 * Scott's rule for 2D: n^(-1/6) times the mean of the two coordinate standard deviations (sample std,
 * n - 1). 0 when the cloud has fewer than 2 points or no spread, which the KDE rejects.
 */
export function scottBandwidth(points: Points): number {
  const n = pointCount(points);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += points[2 * i];
    my += points[2 * i + 1];
  }
  mx /= n;
  my /= n;
  // Two passes: subtracting the mean first avoids the cancellation of sum(x^2) - n*mean^2.
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i] - mx;
    const dy = points[2 * i + 1] - my;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const sx = Math.sqrt(sxx / (n - 1));
  const sy = Math.sqrt(syy / (n - 1));
  return n ** (-1 / 6) * 0.5 * (sx + sy);
}
