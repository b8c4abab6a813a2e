/**
 * Log densities of source distributions, the starting term log p0(x0) of the change-of-variables
 * formula: exact for a Gaussian preset, a kernel density estimate for a drawn or sampled cloud.
 */
import { gaussianKdeLogDensity, scottBandwidth } from './kde';
import { pointCount, type Points } from './points';

/** log p(x) for each point of an interleaved cloud. */
export type LogDensityFn = (points: Points) => Float32Array;

/**
 * Smallest std a density may have. A point mass (std 0, or a one-point or single-location cloud) has
 * no density; a narrow bump keeps the map finite and still shows where the mass is.
 */
export const MIN_DENSITY_STD = 0.05;

const LOG_2PI = Math.log(2 * Math.PI);

/** Isotropic Gaussian N(mean, std^2 I) in 2D; std below MIN_DENSITY_STD is raised to it. */
export function gaussianLogDensity(mean: readonly [number, number], std: number): LogDensityFn {
  if (!Number.isFinite(std) || std < 0) throw new Error(`Gaussian std must be a finite non-negative number, got ${std}`);
  const s = Math.max(std, MIN_DENSITY_STD);
  const inv2s2 = 1 / (2 * s * s);
  const norm = -LOG_2PI - 2 * Math.log(s);
  return (points) => {
    const n = pointCount(points);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const dx = points[2 * i] - mean[0];
      const dy = points[2 * i + 1] - mean[1];
      out[i] = norm - (dx * dx + dy * dy) * inv2s2;
    }
    return out;
  };
}

/** Gaussian KDE of a cloud, Scott's bandwidth unless one is given, floored at MIN_DENSITY_STD. */
export function kdeLogDensity(cloud: Points, bandwidth: number = scottBandwidth(cloud)): LogDensityFn {
  if (pointCount(cloud) === 0) throw new Error('the density of an empty cloud is undefined');
  // Scott's rule gives 0 for one point or coincident points; NaN-safe max keeps the KDE defined.
  const h = Number.isFinite(bandwidth) && bandwidth > MIN_DENSITY_STD ? bandwidth : MIN_DENSITY_STD;
  // The returned function may outlive edits to the caller's array.
  const frozen = Float32Array.from(cloud);
  return (points) => {
    const n = pointCount(points);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = gaussianKdeLogDensity(frozen, h, points[2 * i], points[2 * i + 1]);
    return out;
  };
}

/** The density of s X for X with density `base` (2D): log p(x / s) - 2 log s (the VE path starts from s = VE_SIGMA_MAX). */
export function scaledLogDensity(base: LogDensityFn, s: number): LogDensityFn {
  if (s === 1) return base;
  const shift = 2 * Math.log(s);
  return (points) => {
    const scaled = new Float32Array(points.length);
    for (let i = 0; i < points.length; i++) scaled[i] = points[i] / s;
    return base(scaled).map((l) => l - shift);
  };
}
