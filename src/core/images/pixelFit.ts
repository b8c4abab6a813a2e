/**
 * The fit score in pixel space: sliced W2 over random unit directions in 256 dimensions, scaled so a
 * pure translation by s scores about |s| (as in 2D), and its floor: two draws of real data compared
 * the same way. A model is as good as this score can tell when it reaches the floor.
 */
import { createRng, deriveSeed } from '../rng';

export interface SlicedPixelsOptions {
  /** Random directions (64). */
  directions?: number;
  seed: number;
}

/** `k` random unit vectors of length dim, from a seed (the same seed: the same directions). */
export function randomDirections(k: number, dim: number, seed: number): Float64Array {
  const rng = createRng(deriveSeed(seed, 'slice-directions'));
  const out = new Float64Array(k * dim);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const v = rng.normal();
      out[i * dim + j] = v;
      s += v * v;
    }
    const n = Math.sqrt(s);
    for (let j = 0; j < dim; j++) out[i * dim + j] /= n;
  }
  return out;
}

function sortedProjection(x: Float32Array, count: number, dir: Float64Array, k: number, dim: number): Float64Array {
  const out = new Float64Array(count);
  const d0 = k * dim;
  for (let i = 0; i < count; i++) {
    let s = 0;
    const b = i * dim;
    for (let j = 0; j < dim; j++) s += x[b + j] * dir[d0 + j];
    out[i] = s;
  }
  return out.sort();
}

/** Squared 1D W2 of two sorted samples (quantiles on the finer grid when sizes differ). */
function w2Squared(a: Float64Array, b: Float64Array): number {
  const m = Math.max(a.length, b.length);
  let s = 0;
  for (let i = 0; i < m; i++) {
    const q = (i + 0.5) / m;
    const d = a[Math.floor(q * a.length)] - b[Math.floor(q * b.length)];
    s += d * d;
  }
  return s / m;
}

/** Sliced W2 between aCount and bCount rows of dim values: sqrt(dim x mean squared 1D W2). */
export function slicedW2Pixels(a: Float32Array, aCount: number, b: Float32Array, bCount: number, dim: number, opts: SlicedPixelsOptions): number {
  if (aCount === 0 || bCount === 0) return NaN;
  const k = opts.directions ?? 64;
  const dirs = randomDirections(k, dim, opts.seed);
  let acc = 0;
  for (let i = 0; i < k; i++) acc += w2Squared(sortedProjection(a, aCount, dirs, i, dim), sortedProjection(b, bCount, dirs, i, dim));
  return Math.sqrt((dim * acc) / k);
}

export interface PixelFloorOptions extends SlicedPixelsOptions {
  /** Images per draw: the score's sample count (64). */
  samples?: number;
  /** Draws averaged (4). */
  pairs?: number;
}

/** `n` rows drawn without replacement (or all, shuffled, when n >= count). */
function draw(x: Float32Array, count: number, n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  const m = Math.min(n, count);
  const out = new Float32Array(m * dim);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(count - i);
    [order[i], order[j]] = [order[j], order[i]];
    out.set(x.subarray(order[i] * dim, (order[i] + 1) * dim), i * dim);
  }
  return out;
}

/**
 * The floor: what a perfect model would score. The score compares `samples` generated images with
 * the whole held-out set; the floor compares `samples` real training images (a fresh draw each time,
 * independent of the held-out set) with the same held-out set, over `pairs` draws: mean and sd.
 */
export function slicedW2PixelsFloor(heldOut: Float32Array, train: Float32Array, dim: number, opts: PixelFloorOptions): { mean: number; sd: number } {
  const samples = opts.samples ?? 64;
  const pairs = opts.pairs ?? 4;
  const hc = Math.floor(heldOut.length / dim);
  const tc = Math.floor(train.length / dim);
  if (hc === 0 || tc === 0) return { mean: NaN, sd: NaN };
  const values: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const a = draw(train, tc, samples, dim, deriveSeed(opts.seed, `floor-${p}`));
    values.push(slicedW2Pixels(a, a.length / dim, heldOut, hc, dim, opts));
  }
  const mean = values.reduce((s, v) => s + v, 0) / pairs;
  const sd = pairs > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (pairs - 1)) : 0;
  return { mean, sd };
}
