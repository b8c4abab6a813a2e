/**
 * 16 x 16 digits drawn by code: each digit 0-9 is a few stroke paths in a unit box, bent by seeded
 * thickness, slant, rotation, scale, shift and a little per-point wobble, then rasterised with
 * distance-based antialiasing. No fonts, no download: the same seed gives the same bytes everywhere.
 */
import { createRng, deriveSeed, type Rng } from '../rng';
import { DIGIT_CLASSES, IMAGE_DIM, IMAGE_SIDE, type ImageSet } from './imageSet';

export interface DigitsOptions {
  seed: number;
  perClass: number;
}

export const DIGITS_DEFAULT: DigitsOptions = { seed: 1, perClass: 300 };

type Pt = [number, number];
type Stroke = Pt[];

/** Points on an ellipse arc (degrees; 0 = right, 90 = down since y grows downwards). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, n = 14): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i <= n; i++) {
    const a = ((from + ((to - from) * i) / n) * Math.PI) / 180;
    out.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return out;
}

/** The strokes of each digit in a unit box (x right, y down), roughly x 0.25-0.75, y 0.14-0.86. */
const GLYPHS: Stroke[][] = [
  [arc(0.5, 0.5, 0.22, 0.36, 0, 360, 24)],
  [
    [
      [0.36, 0.3],
      [0.52, 0.14],
      [0.52, 0.86],
    ],
  ],
  [[...arc(0.5, 0.34, 0.21, 0.2, 200, 390, 12), [0.27, 0.86], [0.76, 0.86]]],
  [arc(0.48, 0.32, 0.2, 0.18, 205, 450, 12), arc(0.48, 0.67, 0.23, 0.19, 270, 515, 12)],
  [
    [
      [0.64, 0.86],
      [0.64, 0.14],
      [0.25, 0.62],
      [0.78, 0.62],
    ],
  ],
  [
    [
      [0.73, 0.14],
      [0.36, 0.14],
      [0.33, 0.47],
      ...arc(0.5, 0.65, 0.23, 0.21, 222, 515, 12),
    ],
  ],
  [
    [[0.68, 0.15], ...arc(0.7, 0.6, 0.4, 0.45, 240, 180, 6).slice(1), ...arc(0.5, 0.66, 0.2, 0.2, 180, 540, 16).slice(1)],
  ],
  [
    [
      [0.25, 0.14],
      [0.75, 0.14],
      [0.44, 0.86],
    ],
  ],
  [arc(0.5, 0.31, 0.18, 0.17, 0, 360, 16), arc(0.5, 0.67, 0.22, 0.2, 0, 360, 18)],
  [arc(0.48, 0.35, 0.21, 0.2, 0, 360, 18), [[0.69, 0.35], [0.68, 0.62], [0.6, 0.86]]],
];

/** Squared distance from (px, py) to the segment a-b. */
function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - ax - t * dx;
  const ey = py - ay - t * dy;
  return ex * ex + ey * ey;
}

/**
 * Rasterise strokes given in pixel coordinates into out (IMAGE_DIM values in [-1, 1]). Coverage of a
 * pixel is 1 inside half the width, falling linearly to 0 over one pixel: cheap antialiasing.
 */
export function rasterStrokes(strokes: Stroke[], width: number, out: Float32Array): void {
  const half = width / 2;
  const reach = (half + 0.5) * (half + 0.5);
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let best = Infinity;
      for (const s of strokes) {
        for (let k = 0; k + 1 < s.length; k++) {
          const d = segDist2(px, py, s[k][0], s[k][1], s[k + 1][0], s[k + 1][1]);
          if (d < best) best = d;
        }
      }
      const cover = best >= reach ? 0 : Math.min(1, half + 0.5 - Math.sqrt(best));
      out[y * IMAGE_SIDE + x] = 2 * cover - 1;
    }
  }
}

const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();

/** One digit with this rng's style draw, written into out. */
export function drawDigit(digit: number, rng: Rng, out: Float32Array): void {
  const width = between(rng, 1.1, 2.1);
  const slant = between(rng, -0.22, 0.22);
  const rot = between(rng, -0.08, 0.08);
  const sy = between(rng, 0.82, 1.0) * IMAGE_SIDE * 0.92;
  const sx = sy * between(rng, 0.8, 1.15);
  const cx = IMAGE_SIDE / 2 + between(rng, -0.7, 0.7);
  const cy = IMAGE_SIDE / 2 + between(rng, -0.6, 0.6);
  const wobble = 0.025;
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  // Smooth per-stroke wobble: a random offset at each end, interpolated along the stroke.
  const strokes = GLYPHS[digit].map((stroke) => {
    const w0x = between(rng, -wobble, wobble);
    const w0y = between(rng, -wobble, wobble);
    const w1x = between(rng, -wobble, wobble);
    const w1y = between(rng, -wobble, wobble);
    return stroke.map(([ux, uy], k): Pt => {
      const f = stroke.length > 1 ? k / (stroke.length - 1) : 0;
      const x0 = ux - 0.5 + w0x + (w1x - w0x) * f;
      const y0 = uy - 0.5 + w0y + (w1y - w0y) * f;
      const xs = x0 - slant * y0;
      const rx = cos * xs - sin * y0;
      const ry = sin * xs + cos * y0;
      return [cx + rx * sx, cy + ry * sy];
    });
  });
  rasterStrokes(strokes, width, out);
}

/** perClass images of each digit 0-9, interleaved by class (image i has label i % 10). */
export function makeDigits(opts: DigitsOptions = DIGITS_DEFAULT): ImageSet {
  const count = opts.perClass * DIGIT_CLASSES;
  const pixels = new Float32Array(count * IMAGE_DIM);
  const labels = new Uint8Array(count);
  const rng = createRng(deriveSeed(opts.seed, 'digits16'));
  for (let i = 0; i < count; i++) {
    const d = i % DIGIT_CLASSES;
    labels[i] = d;
    drawDigit(d, rng, pixels.subarray(i * IMAGE_DIM, (i + 1) * IMAGE_DIM));
  }
  return { count, pixels, labels, classes: DIGIT_CLASSES };
}
