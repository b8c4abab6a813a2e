/**
 * Exact optimal-transport pairing between two equal-size clouds. A minibatch OT coupling pairs
 * each source point with a target point so the total squared distance is minimal, which makes the
 * flow-matching paths cross less and the learned field straighter.
 */
import { pointCount, type Points } from './points';

/**
 * Minimum-cost perfect assignment of an n x n row-major cost matrix; returns the column of each row.
 * Jonker-Volgenant style: column reduction seeds most rows, shortest augmenting paths (Dijkstra on
 * reduced costs, lazy potential updates) assign the rest. O(n^3) worst case.
 */
export function solveAssignment(cost: Float64Array, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`assignment size must be a non-negative integer, got ${n}`);
  if (cost.length !== n * n) throw new Error(`cost matrix has ${cost.length} entries, expected ${n}x${n}`);
  for (let k = 0; k < cost.length; k++) {
    // A NaN or infinite cost would break the potentials and could make the searches loop forever.
    if (!Number.isFinite(cost[k])) throw new Error(`cost matrix entry ${k} is not finite`);
  }
  const x = new Int32Array(n).fill(-1); // x[i]: column of row i
  const y = new Int32Array(n).fill(-1); // y[j]: row of column j
  // Dual potentials: cost(i,j) - u[i] - v[j] >= 0 for every pair, = 0 on assigned pairs.
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const free = new Int32Array(n);
  const numFree = columnReduction(cost, n, x, y, u, v, free);
  augmentFreeRows(cost, n, x, y, u, v, free, numFree);
  return x;
}

/** Seed the duals from column minima and assign each row that is the unique cheapest of some column. */
function columnReduction(
  cost: Float64Array,
  n: number,
  x: Int32Array,
  y: Int32Array,
  u: Float64Array,
  v: Float64Array,
  free: Int32Array,
): number {
  v.fill(Infinity);
  // Row-major sweep so the matrix is read in memory order.
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j];
      if (c < v[j]) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
  // With u = 0 every reduced cost is >= 0 and each column is tight with its cheapest row.
  for (let j = n - 1; j >= 0; j--) {
    const i = y[j];
    if (x[i] < 0) x[i] = j;
    else y[j] = -1;
  }
  let numFree = 0;
  for (let i = 0; i < n; i++) if (x[i] < 0) free[numFree++] = i;
  return numFree;
}

/** Assign each free row along a shortest augmenting path, keeping the duals feasible. */
function augmentFreeRows(
  cost: Float64Array,
  n: number,
  x: Int32Array,
  y: Int32Array,
  u: Float64Array,
  v: Float64Array,
  free: Int32Array,
  numFree: number,
): void {
  const dist = new Float64Array(n); // shortest reduced path length from the free row to each column
  const pred = new Int32Array(n); // row from which each column was reached
  const done = new Uint8Array(n); // column's distance is final
  const scanned = new Int32Array(n); // finalised columns in order
  for (let f = 0; f < numFree; f++) {
    const start = free[f];
    dist.fill(Infinity);
    done.fill(0);
    let numScanned = 0;
    let i = start;
    let minVal = 0;
    let sink = -1;
    while (sink < 0) {
      const row = i * n;
      const base = minVal - u[i];
      let lowest = Infinity;
      let jMin = -1;
      for (let j = 0; j < n; j++) {
        if (done[j]) continue;
        const r = base + cost[row + j] - v[j];
        if (r < dist[j]) {
          dist[j] = r;
          pred[j] = i;
        }
        const dj = dist[j];
        // On ties prefer a free column: the search can stop there.
        if (dj < lowest || (dj === lowest && y[j] < 0)) {
          lowest = dj;
          jMin = j;
        }
      }
      minVal = lowest;
      done[jMin] = 1;
      if (y[jMin] < 0) sink = jMin;
      else {
        scanned[numScanned++] = jMin;
        i = y[jMin];
      }
    }
    // Lazy dual update: only the rows and columns in the search tree move.
    u[start] += minVal;
    for (let k = 0; k < numScanned; k++) {
      const j = scanned[k];
      const delta = minVal - dist[j];
      u[y[j]] += delta;
      v[j] -= delta;
    }
    // Flip the path from the sink back to the start row.
    let j = sink;
    for (;;) {
      const r = pred[j];
      y[j] = r;
      const prev = x[r];
      x[r] = j;
      if (r === start) break;
      j = prev;
    }
  }
}

/** Squared-Euclidean OT pairing: x0[i] goes with x1[perm[i]], minimising the summed squared distance. */
export function otPairing(x0: Points, x1: Points): Int32Array {
  if (x0.length % 2 !== 0 || x1.length % 2 !== 0) throw new Error('clouds must hold interleaved x,y pairs');
  const n = pointCount(x0);
  const m = pointCount(x1);
  if (n !== m) throw new Error(`OT pairing needs equal point counts, got ${n} and ${m}`);
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ax = x0[2 * i];
    const ay = x0[2 * i + 1];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const dx = ax - x1[2 * j];
      const dy = ay - x1[2 * j + 1];
      cost[row + j] = dx * dx + dy * dy;
    }
  }
  return solveAssignment(cost, n);
}

/** Reorder x1 so that point i of the result is x1[perm[i]], i.e. the partner of x0[i]. */
export function applyPairing(
  x1: Points,
  perm: Int32Array,
  out: Float32Array = new Float32Array(2 * perm.length),
): Float32Array {
  const n = perm.length;
  if (pointCount(x1) !== n) throw new Error(`pairing has ${n} entries but the cloud has ${pointCount(x1)} points`);
  if (out.length < 2 * n) throw new Error(`output holds ${out.length >> 1} points, need ${n}`);
  // Reordering in place would overwrite points before they are read.
  if (out === x1) throw new Error('applyPairing cannot write into its input');
  for (let i = 0; i < n; i++) {
    const j = perm[i];
    out[2 * i] = x1[2 * j];
    out[2 * i + 1] = x1[2 * j + 1];
  }
  return out;
}
