/**
 * Minibatches for the maximum-likelihood trainers: rows of the target cloud drawn with replacement
 * from a seeded stream (flow matching pairs source and target in trainingBatch.ts; these need only x1).
 */
import type { Rng } from './rng';
import { pointCount, type Points } from './points';

/** Fill out (interleaved xy, length 2b) with b points of the cloud drawn uniformly with replacement. */
export function drawRows(cloud: Points, rng: Rng, out: Float32Array): void {
  const n = pointCount(cloud);
  if (n === 0) throw new Error('cannot draw a batch from an empty cloud');
  for (let i = 0; i < out.length >> 1; i++) {
    const j = rng.int(n);
    out[2 * i] = cloud[2 * j];
    out[2 * i + 1] = cloud[2 * j + 1];
  }
}
