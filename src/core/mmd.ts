/**
 * Maximum mean discrepancy with a Gaussian (RBF) kernel: a sample-quality score that, unlike sliced
 * W2, sees every direction at once and is smooth in the points. Read it next to its noise floor.
 */
import { pointCount, type Points } from './points';

/** Points the bandwidth estimate looks at, at most: the median of ~500k pairs is already stable. */
const MEDIAN_SAMPLE = 1000;

/** k-th smallest entry (0-based) of a, reordering a (Hoare quickselect; expected O(n)). */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Median heuristic: the kernel std is the square root of the median squared distance between points
 * of the pooled sample, so the kernel neither sees every pair as equal (too wide) nor as distinct
 * (too narrow), and the score does not change when both sets are scaled together. Large pools are
 * thinned to evenly strided points, which keeps it deterministic.
 */
export function medianBandwidth(x: Points, y: Points): number {
  const n = pointCount(x);
  const total = n + pointCount(y);
  if (total < 2) return 1;
  const stride = Math.max(1, total / MEDIAN_SAMPLE);
  const m = Math.min(total, MEDIAN_SAMPLE);
  const px = new Float64Array(m);
  const py = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = Math.min(total - 1, Math.floor(i * stride));
    const src = j < n ? x : y;
    const o = j < n ? 2 * j : 2 * (j - n);
    px[i] = src[o];
    py[i] = src[o + 1];
  }
  const d2 = new Float64Array((m * (m - 1)) / 2);
  let k = 0;
  let positiveSum = 0;
  let positiveCount = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const dx = px[i] - px[j];
      const dy = py[i] - py[j];
      const d = dx * dx + dy * dy;
      d2[k++] = d;
      if (d > 0) {
        positiveSum += d;
        positiveCount++;
      }
    }
  }
  const median = selectKth(d2, (d2.length - 1) >> 1);
  if (median > 0) return Math.sqrt(median);
  // Mostly coincident points (point masses): fall back to the mean of the distances that are not 0.
  return positiveCount > 0 ? Math.sqrt(positiveSum / positiveCount) : 1;
}

/** Mean of k(a_i, b_j) = exp(-|a_i - b_j|^2 / (2 h^2)) over all pairs, diagonal included. */
function meanKernel(a: Points, b: Points, inv2h2: number): number {
  const n = pointCount(a);
  const m = pointCount(b);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    for (let j = 0; j < m; j++) {
      const dx = ax - b[2 * j];
      const dy = ay - b[2 * j + 1];
      s += Math.exp(-(dx * dx + dy * dy) * inv2h2);
    }
  }
  return s / (n * m);
}

/**
 * Squared RBF MMD, E k(X, X') + E k(Y, Y') - 2 E k(X, Y), as the biased (V-statistic) estimate:
 * it is never negative and exactly 0 for identical sets, which a score next to a floor needs (the
 * unbiased one dips below 0 by chance). NaN for an empty set. O((n + m)^2).
 */
export function rbfMmd2(x: Points, y: Points, bandwidth: number = medianBandwidth(x, y)): number {
  if (pointCount(x) === 0 || pointCount(y) === 0) return NaN;
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new Error(`MMD bandwidth must be a positive finite number, got ${bandwidth}`);
  }
  const inv2h2 = 1 / (2 * bandwidth * bandwidth);
  const value = meanKernel(x, x, inv2h2) + meanKernel(y, y, inv2h2) - 2 * meanKernel(x, y, inv2h2);
  // The exact value is >= 0 (a squared RKHS norm); clip the rounding that can leave it at -1e-17.
  return Math.max(0, value);
}
