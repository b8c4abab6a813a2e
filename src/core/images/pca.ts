/**
 * The top two principal axes of a set of images: the plane in which the Images view draws the 2D
 * picture of the flow (source and target clouds, sample paths). Power iteration on the covariance.
 */
export interface Pca2 {
  mean: Float32Array;
  axes: [Float32Array, Float32Array];
  /** Variance of the data along each axis. */
  variance: [number, number];
}

/** Make the largest-magnitude entry positive, so the same data always gives the same axis. */
function fixSign(v: Float64Array): void {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[k]) + 1e-12) k = i;
  if (v[k] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

function normalise(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return n;
}

/** Top eigenvector of the symmetric d x d matrix c (orthogonal to `not`, if given), and its eigenvalue. */
function topEigen(c: Float64Array, d: number, not: Float64Array | null, iterations: number): { v: Float64Array; value: number } {
  let v = new Float64Array(d);
  // A fixed, generic start (not all-equal, so it is not orthogonal to a typical axis by accident).
  for (let i = 0; i < d; i++) v[i] = 1 + ((i * 7919) % 13) / 13;
  let next = new Float64Array(d);
  const project = (u: Float64Array): void => {
    if (!not) return;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += u[i] * not[i];
    for (let i = 0; i < d; i++) u[i] -= dot * not[i];
  };
  project(v);
  normalise(v);
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) s += c[row + j] * v[j];
      next[i] = s;
    }
    project(next);
    value = normalise(next);
    if (value === 0) break;
    let delta = 0;
    for (let i = 0; i < d; i++) delta = Math.max(delta, Math.abs(next[i] - v[i]));
    [v, next] = [next, v];
    if (delta < 1e-10) break;
  }
  return { v, value };
}

/** Mean and top two principal axes (unit length, deterministic sign) of count rows of dim values. */
export function fitPca2(pixels: Float32Array, count: number, dim: number): Pca2 {
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j] += pixels[i * dim + j];
  if (count > 0) for (let j = 0; j < dim; j++) mean[j] /= count;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) row[j] = pixels[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const base = a * dim;
      for (let b = a; b < dim; b++) cov[base + b] += ra * row[b];
    }
  }
  const n = Math.max(1, count - 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b] / n;
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  const first = topEigen(cov, dim, null, 500);
  fixSign(first.v);
  const second = topEigen(cov, dim, first.v, 500);
  fixSign(second.v);
  return { mean: Float32Array.from(mean), axes: [Float32Array.from(first.v), Float32Array.from(second.v)], variance: [first.value, second.value] };
}

/** Coordinates of count rows on the two axes, interleaved [a0, b0, a1, b1, ...]. */
export function projectPca2(pca: Pca2, pixels: Float32Array, count: number, dim: number, out?: Float32Array): Float32Array {
  const res = out ?? new Float32Array(2 * count);
  const [u, v] = pca.axes;
  for (let i = 0; i < count; i++) {
    let a = 0;
    let b = 0;
    const base = i * dim;
    for (let j = 0; j < dim; j++) {
      const x = pixels[base + j] - pca.mean[j];
      a += x * u[j];
      b += x * v[j];
    }
    res[2 * i] = a;
    res[2 * i + 1] = b;
  }
  return res;
}
