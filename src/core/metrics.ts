/**
 * Sample-quality and flow-shape metrics on flat point arrays. The fit score is a sliced
 * Wasserstein-2 distance; every score is meant to be read next to its noise floor.
 */
import type { Points } from './points';

/** K directions evenly spaced over a half-turn, as [cos0, sin0, cos1, sin1, ...]. */
export function sliceDirections(k: number): Float64Array {
  const dirs = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    const a = (Math.PI * i) / k;
    dirs[2 * i] = Math.cos(a);
    dirs[2 * i + 1] = Math.sin(a);
  }
  return dirs;
}

const DEFAULT_DIRECTIONS = sliceDirections(128);

function sortedProjection(p: Points, cx: number, cy: number): Float64Array {
  const n = p.length >> 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = p[2 * i] * cx + p[2 * i + 1] * cy;
  return out.sort();
}

/** Squared 1D W2 between two sorted samples; unequal sizes compare quantiles at the finer grid. */
function w2SquaredSorted(a: Float64Array, b: Float64Array): number {
  if (a.length === b.length) {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - b[i];
      s += d * d;
    }
    return s / a.length;
  }
  const m = Math.max(a.length, b.length);
  let s = 0;
  for (let i = 0; i < m; i++) {
    const q = (i + 0.5) / m;
    const d = a[Math.floor(q * a.length)] - b[Math.floor(q * b.length)];
    s += d * d;
  }
  return s / m;
}

/**
 * Sliced W2: sqrt(2 * mean over directions of the squared 1D W2 of the projections).
 * The factor 2 (the dimension) makes a pure translation by s score exactly |s|, as full W2 does.
 */
export function slicedW2(a: Points, b: Points, directions: Float64Array = DEFAULT_DIRECTIONS): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const k = directions.length >> 1;
  let acc = 0;
  for (let i = 0; i < k; i++) {
    const cx = directions[2 * i];
    const cy = directions[2 * i + 1];
    acc += w2SquaredSorted(sortedProjection(a, cx, cy), sortedProjection(b, cx, cy));
  }
  return Math.sqrt((2 * acc) / k);
}

function meanDistance(a: Points, b: Points, skipDiagonal: boolean): number {
  const n = a.length >> 1;
  const m = b.length >> 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    for (let j = 0; j < m; j++) {
      const dx = ax - b[2 * j];
      const dy = ay - b[2 * j + 1];
      s += Math.sqrt(dx * dx + dy * dy);
    }
  }
  return s / (skipDiagonal ? n * (n - 1) : n * m);
}

/** Energy distance 2 E|X - Y| - E|X - X'| - E|Y - Y'| (unbiased within-set terms). */
export function energyDistance(x: Points, y: Points): number {
  if (x.length < 4 || y.length < 4) return NaN;
  return 2 * meanDistance(x, y, false) - meanDistance(x, x, true) - meanDistance(y, y, true);
}

/** Mean over steps and points of |(z_N - z_0) - v(z_k, t_k)|^2: zero when every path is a straight line. */
export function straightness(traj: Float32Array, velocities: Float32Array, steps: number): number {
  // traj: [point][steps + 1][xy]; velocities: [point][steps][xy], the field at (z_k, t_k).
  const stride = 2 * (steps + 1);
  const n = traj.length / stride;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const dx = traj[i * stride + 2 * steps] - traj[i * stride];
    const dy = traj[i * stride + 2 * steps + 1] - traj[i * stride + 1];
    for (let k = 0; k < steps; k++) {
      const o = i * 2 * steps + 2 * k;
      const ex = dx - velocities[o];
      const ey = dy - velocities[o + 1];
      s += ex * ex + ey * ey;
    }
  }
  return s / (n * steps);
}

/** Mean squared length E|x1 - x0|^2 of pairs (x0[i], x1[i]). */
export function transportCost(x0: Points, x1: Points): number {
  const n = x0.length >> 1;
  let s = 0;
  for (let i = 0; i < 2 * n; i++) {
    const d = x1[i] - x0[i];
    s += d * d;
  }
  return s / n;
}
