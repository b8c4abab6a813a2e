/**
 * Does a conditional sample land in the class it was asked for? Class accuracy is the share of
 * generated points whose nearest target point carries the asked class; the per-class fit is the sliced
 * W2 between the points generated for class c and the target points of class c.
 */
import { slicedW2 } from './metrics';
import type { Points } from './points';
import { pointsOfClass } from './labels';

/**
 * For each query point, the label of its nearest target point (Euclidean). The target is sorted by x
 * once; each query scans outwards from its x until the x gap alone exceeds the best distance.
 */
export function nearestLabels(queries: Points, target: Points, targetLabels: Uint8Array, out: Uint8Array = new Uint8Array(queries.length >> 1)): Uint8Array {
  const m = targetLabels.length;
  if (target.length !== 2 * m) throw new Error(`${target.length >> 1} target points but ${m} labels`);
  if (m === 0) throw new Error('no target points to compare with');
  const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => target[2 * a] - target[2 * b]);
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  const ls = new Uint8Array(m);
  order.forEach((j, k) => {
    xs[k] = target[2 * j];
    ys[k] = target[2 * j + 1];
    ls[k] = targetLabels[j];
  });
  const n = queries.length >> 1;
  for (let i = 0; i < n; i++) {
    const qx = queries[2 * i];
    const qy = queries[2 * i + 1];
    // First sorted index with x >= qx.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < qx) lo = mid + 1;
      else hi = mid;
    }
    let best = Infinity;
    let label = ls[Math.min(lo, m - 1)];
    for (let k = lo; k < m; k++) {
      const dx = xs[k] - qx;
      if (dx * dx >= best) break;
      const d = dx * dx + (ys[k] - qy) ** 2;
      if (d < best) {
        best = d;
        label = ls[k];
      }
    }
    for (let k = lo - 1; k >= 0; k--) {
      const dx = qx - xs[k];
      if (dx * dx >= best) break;
      const d = dx * dx + (ys[k] - qy) ** 2;
      if (d < best) {
        best = d;
        label = ls[k];
      }
    }
    out[i] = label;
  }
  return out;
}

/**
 * Share of generated points whose nearest target point has the asked class. `asked` is one class for
 * all points or one per point. NaN for no points.
 */
export function classAccuracy(generated: Points, asked: number | Uint8Array, target: Points, targetLabels: Uint8Array): number {
  const n = generated.length >> 1;
  if (n === 0) return NaN;
  if (typeof asked !== 'number' && asked.length !== n) throw new Error(`${asked.length} asked classes for ${n} points`);
  const near = nearestLabels(generated, target, targetLabels);
  let hits = 0;
  for (let i = 0; i < n; i++) if (near[i] === (typeof asked === 'number' ? asked : asked[i])) hits++;
  return hits / n;
}

/** Class accuracy of the points asked for each class 0..classes - 1 (NaN where none was asked). */
export function perClassAccuracy(generated: Points, asked: Uint8Array, target: Points, targetLabels: Uint8Array, classes: number): number[] {
  const near = nearestLabels(generated, target, targetLabels);
  const hits = new Array<number>(classes).fill(0);
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < asked.length; i++) {
    const c = asked[i];
    if (c >= classes) continue;
    counts[c]++;
    if (near[i] === c) hits[c]++;
  }
  return counts.map((n, c) => (n > 0 ? hits[c] / n : NaN));
}

/**
 * Per class c, the sliced W2 between the points generated for c and the target points of c (NaN where
 * either side is empty). Read each against the noise floor of a class-c target of the same size.
 */
export function perClassFit(
  generated: Points,
  asked: Uint8Array,
  target: Points,
  targetLabels: Uint8Array,
  classes: number,
  directions?: Float64Array,
): number[] {
  const out: number[] = [];
  for (let c = 0; c < classes; c++) {
    out.push(slicedW2(pointsOfClass(generated, asked, c), pointsOfClass(target, targetLabels, c), directions));
  }
  return out;
}
