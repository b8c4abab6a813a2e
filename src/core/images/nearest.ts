/**
 * Does the model generate or copy? The nearest training image to each sample, and the ratio of the
 * samples' nearest-neighbour distance to that of held-out images (which the net never saw).
 */

/** Index and Euclidean distance of the nearest of trainCount rows to each of queryCount rows. */
export function nearestImages(queries: Float32Array, queryCount: number, train: Float32Array, trainCount: number, dim: number): { index: Int32Array; distance: Float32Array } {
  const index = new Int32Array(queryCount).fill(-1);
  const distance = new Float32Array(queryCount).fill(Infinity);
  for (let q = 0; q < queryCount; q++) {
    const qb = q * dim;
    let best = Infinity;
    let bestIdx = -1;
    for (let t = 0; t < trainCount; t++) {
      const tb = t * dim;
      let s = 0;
      for (let j = 0; j < dim && s < best; j++) {
        const d = queries[qb + j] - train[tb + j];
        s += d * d;
      }
      if (s < best) {
        best = s;
        bestIdx = t;
      }
    }
    index[q] = bestIdx;
    distance[q] = Math.sqrt(best);
  }
  return { index, distance };
}

function meanNearest(a: Float32Array, train: Float32Array, dim: number): number {
  const n = Math.floor(a.length / dim);
  const { distance } = nearestImages(a, n, train, Math.floor(train.length / dim), dim);
  let s = 0;
  for (let i = 0; i < n; i++) s += distance[i];
  return s / n;
}

/**
 * Mean nearest-training-image distance of the generated images over that of the held-out ones.
 * About 1: samples are as novel as fresh data; much below 1: the model reproduces its training set.
 */
export function nearestRatio(generated: Float32Array, heldOut: Float32Array, train: Float32Array, dim: number): number {
  if (generated.length < dim || heldOut.length < dim || train.length < dim) return NaN;
  return meanNearest(generated, train, dim) / meanNearest(heldOut, train, dim);
}
