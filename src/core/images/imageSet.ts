/**
 * Image sets: flat Float32Arrays of count x 256 pixels (16 x 16, row-major), values in [-1, 1]
 * (-1 = black background, +1 = white ink), so N(0, I) noise has the data's scale.
 */
import { createRng } from '../rng';

export const IMAGE_SIDE = 16;
export const IMAGE_DIM = IMAGE_SIDE * IMAGE_SIDE;
export const DIGIT_CLASSES = 10;

export interface ImageSet {
  count: number;
  /** count x IMAGE_DIM values in [-1, 1]. */
  pixels: Float32Array;
  /** One class per image, or null for an unlabelled set. */
  labels: Uint8Array | null;
  /** Number of classes the labels range over (0 when unlabelled). */
  classes: number;
}

/** Image i of a set, as a view (no copy). */
export function imageAt(set: ImageSet, i: number): Float32Array {
  return set.pixels.subarray(i * IMAGE_DIM, (i + 1) * IMAGE_DIM);
}

/** The images at the given indices, copied into a new set. */
export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const n = indices.length;
  const pixels = new Float32Array(n * IMAGE_DIM);
  const labels = set.labels ? new Uint8Array(n) : null;
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    pixels.set(imageAt(set, i), k * IMAGE_DIM);
    if (labels) labels[k] = set.labels![i];
  }
  return { count: n, pixels, labels, classes: set.classes };
}

/**
 * A seeded shuffle split: round(count * fraction) images (at least 1 when count > 1) go to heldOut,
 * the rest to train. The fit score compares samples with heldOut, never with what the net saw.
 */
export function splitHeldOut(set: ImageSet, fraction: number, seed: number): { train: ImageSet; heldOut: ImageSet } {
  const order = Array.from({ length: set.count }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let held = Math.round(set.count * Math.min(Math.max(fraction, 0), 1));
  if (set.count > 1) held = Math.min(Math.max(held, fraction > 0 ? 1 : 0), set.count - 1);
  return { heldOut: subset(set, order.slice(0, held)), train: subset(set, order.slice(held)) };
}

/** Pixel value in [-1, 1] to a byte 0..255 (clamped). */
export function toByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(((v + 1) / 2) * 255)));
}
