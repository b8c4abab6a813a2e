/**
 * Exact optimal-transport pairing between two equal-size clouds. A minibatch OT coupling pairs
 * each source point with a target point so the total squared distance is minimal, which makes the
 * flow-matching paths cross less and the learned field straighter.
 */
import { pointCount, type Points } from './points';

/**
 * Exact minimum-cost perfect assignment of an n x n row-major cost matrix; returns the column of each row.
 * Shortest augmenting paths with potentials (Jonker-Volgenant / Hungarian, O(n^3) worst case), warm
 * started by an auction so that on point-cloud costs each search only touches a handful of rows.
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
  auctionPrices(cost, n, v);
  const scratch = createScratch(n);
  // Any v is feasible once each row's u is its minimum reduced cost; good v keeps the searches short.
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let min = Infinity;
    for (let j = 0; j < n; j++) {
      const r = cost[row + j] - v[j];
      if (r < min) min = r;
    }
    u[i] = min;
  }
  for (let i = 0; i < n; i++) augmentRow(cost, n, i, x, y, u, v, scratch);
  return x;
}

/** Bids per row an auction phase may spend before it gives up and leaves the rest to the exact phase. */
const AUCTION_BIDS_PER_ROW = 30;
/** Factor by which the bid increment shrinks between auction phases. */
const AUCTION_EPS_SHRINK = 6;

/**
 * Warm start: epsilon-scaling auction (Bertsekas) to find near-optimal column potentials v. Only the
 * prices are kept; they make the exact augmenting-path phase cheap, and any finite v keeps it exact.
 */
function auctionPrices(cost: Float64Array, n: number, v: Float64Array): void {
  if (n < 2) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < cost.length; k++) {
    if (cost[k] < lo) lo = cost[k];
    if (cost[k] > hi) hi = cost[k];
  }
  const range = hi - lo;
  // Nothing to learn from a constant matrix; an overflowing range would poison the prices.
  if (!(range > 0) || !Number.isFinite(range)) return;
  // Stop near-exact, but never below what a price of this magnitude can resolve (bids would stall).
  const epsFinal = Math.max(range / (n * 1e4), 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)));
  const owner = new Int32Array(n);
  const stack = new Int32Array(n);
  phases: for (let eps = range / 8; ; eps = Math.max(eps / AUCTION_EPS_SHRINK, epsFinal)) {
    owner.fill(-1);
    let sp = 0;
    for (let i = n - 1; i >= 0; i--) stack[sp++] = i;
    let budget = AUCTION_BIDS_PER_ROW * n;
    while (sp > 0) {
      // Bidding wars can crawl; stop and let the exact phase finish from the prices so far.
      if (--budget < 0) break phases;
      const i = stack[--sp];
      const row = i * n;
      let j1 = 0;
      let w1 = cost[row] - v[0];
      let w2 = Infinity;
      for (let j = 1; j < n; j++) {
        const r = cost[row + j] - v[j];
        if (r < w2) {
          if (r >= w1) w2 = r;
          else {
            w2 = w1;
            w1 = r;
            j1 = j;
          }
        }
      }
      // Bid: make j1 dearer until it is eps worse than i's second choice.
      v[j1] -= w2 - w1 + eps;
      const prev = owner[j1];
      owner[j1] = i;
      if (prev >= 0) stack[sp++] = prev;
    }
    if (eps <= epsFinal) break;
  }
  // A common shift of the prices changes nothing but their size; keep them small for precision.
  let vMax = -Infinity;
  for (let j = 0; j < n; j++) if (v[j] > vMax) vMax = v[j];
  for (let j = 0; j < n; j++) v[j] -= vMax;
}

interface Scratch {
  /** Shortest reduced path length from the new row to each column. */
  dist: Float64Array;
  /** Row from which each column was reached. */
  pred: Int32Array;
  /** Whether a column's distance is final. */
  done: Uint8Array;
  /** Finalised, already assigned columns in the order they were reached. */
  scanned: Int32Array;
}

const createScratch = (n: number): Scratch => ({
  dist: new Float64Array(n),
  pred: new Int32Array(n),
  done: new Uint8Array(n),
  scanned: new Int32Array(n),
});

/** Assign free row `start` along a shortest augmenting path (Dijkstra on reduced costs), keeping the duals feasible. */
function augmentRow(
  cost: Float64Array,
  n: number,
  start: number,
  x: Int32Array,
  y: Int32Array,
  u: Float64Array,
  v: Float64Array,
  { dist, pred, done, scanned }: Scratch,
): void {
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
    // Only costs near the float limit can overflow the reduced costs into NaN.
    if (jMin < 0) throw new Error('assignment search failed: costs too large to compare');
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
