/**
 * The user's own data: a handful of drawings on the 16 x 16 pad grown into a training set by small
 * random shifts (and a little thickness / brightness jitter), and imported pictures brought to
 * 16 x 16 grayscale with ink as +1.
 */
import { createRng, type Rng } from '../rng';
import { IMAGE_DIM, IMAGE_SIDE, type ImageSet } from './imageSet';

export interface AugmentOptions {
  /** Largest shift in pixels along each axis (2). */
  maxShift?: number;
  /** Thickness and brightness jitter (true); false keeps every image a pure shift. */
  jitter?: boolean;
}

/** Ink bounding box (pixels above the background) of a [-1, 1] image, or null when blank. */
function inkBox(img: Float32Array): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = IMAGE_SIDE;
  let y0 = IMAGE_SIDE;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      if (img[y * IMAGE_SIDE + x] > -1) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/** A shift in [-max, max] clipped so the ink stays on the image. */
function shiftWithin(rng: Rng, max: number, lo: number, hi: number): number {
  const from = Math.max(-max, -lo);
  const to = Math.min(max, IMAGE_SIDE - 1 - hi);
  return from >= to ? 0 : from + rng.int(to - from + 1);
}

/**
 * `count` images from the drawings (each 256 values in [-1, 1]), cycling through them so each is used
 * equally. Shifts never push ink off the image. labels (one per drawing) make a labelled set.
 */
export function augmentDrawings(drawings: Float32Array[], count: number, seed: number, labels?: number[], opts: AugmentOptions = {}): ImageSet {
  if (drawings.length === 0) throw new Error('no drawings to augment');
  if (labels && labels.length !== drawings.length) throw new Error(`${labels.length} labels for ${drawings.length} drawings`);
  const maxShift = opts.maxShift ?? 2;
  const jitter = opts.jitter ?? true;
  const rng = createRng(seed);
  const pixels = new Float32Array(count * IMAGE_DIM).fill(-1);
  const out = labels ? new Uint8Array(count) : null;
  const boxes = drawings.map(inkBox);
  const ink = new Float32Array(IMAGE_DIM);
  for (let i = 0; i < count; i++) {
    const k = i % drawings.length;
    const src = drawings[k];
    if (out) out[i] = labels![k];
    const box = boxes[k];
    const dx = box ? shiftWithin(rng, maxShift, box.x0, box.x1) : 0;
    const dy = box ? shiftWithin(rng, maxShift, box.y0, box.y1) : 0;
    for (let p = 0; p < IMAGE_DIM; p++) ink[p] = (src[p] + 1) / 2;
    if (jitter) {
      const thicken = rng.uniform() < 0.5 ? 0.45 * rng.uniform() : 0;
      const bright = 0.8 + 0.2 * rng.uniform();
      const grown = new Float32Array(ink);
      if (thicken > 0) {
        for (let y = 0; y < IMAGE_SIDE; y++) {
          for (let x = 0; x < IMAGE_SIDE; x++) {
            let m = 0;
            if (x > 0) m = Math.max(m, ink[y * IMAGE_SIDE + x - 1]);
            if (x < IMAGE_SIDE - 1) m = Math.max(m, ink[y * IMAGE_SIDE + x + 1]);
            if (y > 0) m = Math.max(m, ink[(y - 1) * IMAGE_SIDE + x]);
            if (y < IMAGE_SIDE - 1) m = Math.max(m, ink[(y + 1) * IMAGE_SIDE + x]);
            grown[y * IMAGE_SIDE + x] = Math.max(ink[y * IMAGE_SIDE + x], thicken * m);
          }
        }
      }
      for (let p = 0; p < IMAGE_DIM; p++) ink[p] = grown[p] * bright;
    }
    const base = i * IMAGE_DIM;
    for (let y = 0; y < IMAGE_SIDE; y++) {
      const ty = y + dy;
      if (ty < 0 || ty >= IMAGE_SIDE) continue;
      for (let x = 0; x < IMAGE_SIDE; x++) {
        const tx = x + dx;
        if (tx < 0 || tx >= IMAGE_SIDE) continue;
        pixels[base + ty * IMAGE_SIDE + tx] = 2 * ink[y * IMAGE_SIDE + x] - 1;
      }
    }
  }
  const classes = labels ? Math.max(...labels) + 1 : 0;
  return { count, pixels, labels: out, classes };
}

/** Weights of an area-average resize along one axis: out[i] covers source [i n / m, (i + 1) n / m). */
function boxWeights(n: number, m: number): { start: number; w: number[] }[] {
  const out: { start: number; w: number[] }[] = [];
  for (let i = 0; i < m; i++) {
    const a = (i * n) / m;
    const b = ((i + 1) * n) / m;
    const start = Math.floor(a);
    const w: number[] = [];
    for (let s = start; s < Math.min(n, Math.ceil(b)); s++) w.push((Math.min(b, s + 1) - Math.max(a, s)) / (b - a));
    out.push({ start, w });
  }
  return out;
}

/**
 * A picture (RGBA bytes) to a 16 x 16 image in [-1, 1]: luminance over a white page (transparent =
 * paper), area-averaged, inverted when the border is light (dark ink on paper) so ink is +1, then
 * stretched so the darkest pixel is -1 and the brightest +1.
 */
export function grayFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array {
  if (rgba.length !== width * height * 4) throw new Error(`${rgba.length} bytes for a ${width} x ${height} RGBA image`);
  const lum = new Float32Array(width * height);
  for (let i = 0; i < lum.length; i++) {
    const a = rgba[4 * i + 3] / 255;
    const l = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
    lum[i] = a * l + (1 - a);
  }
  const wx = boxWeights(width, IMAGE_SIDE);
  const wy = boxWeights(height, IMAGE_SIDE);
  const out = new Float32Array(IMAGE_DIM);
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      let s = 0;
      wy[y].w.forEach((fy, j) => {
        const row = (wy[y].start + j) * width;
        wx[x].w.forEach((fx, i) => (s += fy * fx * lum[row + wx[x].start + i]));
      });
      out[y * IMAGE_SIDE + x] = s;
    }
  }
  let border = 0;
  for (let k = 0; k < IMAGE_SIDE; k++) border += out[k] + out[IMAGE_DIM - 1 - k] + out[k * IMAGE_SIDE] + out[k * IMAGE_SIDE + IMAGE_SIDE - 1];
  const invert = border / (4 * IMAGE_SIDE) > 0.5;
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < IMAGE_DIM; p++) {
    if (invert) out[p] = 1 - out[p];
    lo = Math.min(lo, out[p]);
    hi = Math.max(hi, out[p]);
  }
  const span = hi - lo;
  for (let p = 0; p < IMAGE_DIM; p++) out[p] = span > 0.02 ? (2 * (out[p] - lo)) / span - 1 : 2 * out[p] - 1;
  return out;
}
