/**
 * A tiny digit classifier, enough to ask "does this sample look like the digit we asked for?":
 * each class's mean image, and the nearest mean (Euclidean) wins.
 */
import type { ImageSet } from './imageSet';
import { IMAGE_DIM } from './imageSet';

/** classes x IMAGE_DIM class means of a labelled set. */
export function classMeans(set: ImageSet): Float32Array {
  if (!set.labels) throw new Error('class means need a labelled set');
  const means = new Float64Array(set.classes * IMAGE_DIM);
  const counts = new Float64Array(set.classes);
  for (let i = 0; i < set.count; i++) {
    const c = set.labels[i];
    counts[c] += 1;
    for (let j = 0; j < IMAGE_DIM; j++) means[c * IMAGE_DIM + j] += set.pixels[i * IMAGE_DIM + j];
  }
  for (let c = 0; c < set.classes; c++) for (let j = 0; j < IMAGE_DIM; j++) means[c * IMAGE_DIM + j] /= Math.max(1, counts[c]);
  return Float32Array.from(means);
}

/** The nearest class mean of each of count images. */
export function classifyNearestMean(means: Float32Array, pixels: Float32Array, count: number): Int32Array {
  const classes = means.length / IMAGE_DIM;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < IMAGE_DIM; j++) {
        const d = pixels[i * IMAGE_DIM + j] - means[c * IMAGE_DIM + j];
        s += d * d;
      }
      if (s < best) {
        best = s;
        out[i] = c;
      }
    }
  }
  return out;
}

/** Fraction of images whose nearest class mean is the expected class (entries < 0 are skipped). */
export function classAgreement(means: Float32Array, pixels: Float32Array, expected: ArrayLike<number>): number {
  const got = classifyNearestMean(means, pixels, expected.length);
  let n = 0;
  let ok = 0;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] < 0) continue;
    n += 1;
    if (got[i] === expected[i]) ok += 1;
  }
  return n === 0 ? NaN : ok / n;
}
