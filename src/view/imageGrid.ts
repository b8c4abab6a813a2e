/**
 * The Images view's pixel pictures: the grid of samples at time t (frames interpolated), a single
 * sample large with its pixel values, and static rows of images (nearest neighbours, the Euler-steps
 * strip). The grid is redrawn every frame by the clock: it writes into one ImageData made when the
 * snapshot arrives, so a frame allocates nothing. Pixels are in [-1, 1]: -1 black, +1 white.
 */
export const SIDE = 16;
export const DIM = SIDE * SIDE;
/** Gap between cells, in image pixels (the canvas is scaled up by CSS, pixelated). */
const GAP = 1;

/** Gray byte of a pixel value in [-1, 1] (clamped). */
export const grayByte = (v: number): number => (v <= -1 ? 0 : v >= 1 ? 255 : Math.round((v + 1) * 127.5));

/** The value of pixel p of sample i at time t, frames interpolated (frame k at t = k / (frames - 1)). */
export function pixelAt(samples: Float32Array, frames: number, count: number, i: number, p: number, t: number): number {
  const f = Math.min(Math.max(t, 0), 1) * (frames - 1);
  const k = Math.min(Math.floor(f), frames - 2);
  const a = f - k;
  if (frames < 2) return samples[i * DIM + p];
  const o0 = (k * count + i) * DIM + p;
  const o1 = o0 + count * DIM;
  return samples[o0] * (1 - a) + samples[o1] * a;
}

/** Canvas size in image pixels of a grid of `count` images in `columns` columns. */
export function gridSize(count: number, columns: number): { width: number; height: number } {
  const rows = Math.ceil(count / columns);
  return { width: columns * (SIDE + GAP) - GAP, height: rows * (SIDE + GAP) - GAP };
}

/** Which cell a point (fractions 0-1 of the canvas's width and height) falls in, or -1 in a gap or outside. */
export function cellAt(fx: number, fy: number, count: number, columns: number): number {
  const { width, height } = gridSize(count, columns);
  const x = fx * width;
  const y = fy * height;
  const c = Math.floor(x / (SIDE + GAP));
  const r = Math.floor(y / (SIDE + GAP));
  if (c < 0 || c >= columns || r < 0) return -1;
  const i = r * columns + c;
  return i < count ? i : -1;
}

/** Draws frames x count x 256 samples as a grid at any t. */
export class ImageGridRenderer {
  private image: ImageData | null = null;
  private samples: Float32Array | null = null;
  private frames = 0;
  private count = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly columns = 8,
  ) {}

  /** A new snapshot (or none): sizes the canvas and its ImageData once. */
  setSamples(samples: Float32Array | null, frames: number, count: number): void {
    this.samples = samples;
    this.frames = frames;
    this.count = count;
    if (!samples) {
      // No model (a new one is on its way, or the data is missing): no stale picture.
      this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
      return;
    }
    const { width, height } = gridSize(count, this.columns);
    if (this.canvas.width !== width || this.canvas.height !== height || !this.image) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = new ImageData(width, height);
    }
  }

  draw(t: number): void {
    const s = this.samples;
    const img = this.image;
    if (!s || !img) return;
    const data = img.data;
    const width = img.width;
    // The gaps stay transparent (the card shows through).
    for (let i = 0; i < this.count; i++) {
      const x0 = (i % this.columns) * (SIDE + GAP);
      const y0 = Math.floor(i / this.columns) * (SIDE + GAP);
      for (let p = 0; p < DIM; p++) {
        const g = grayByte(pixelAt(s, this.frames, this.count, i, p, t));
        const o = ((y0 + (p >> 4)) * width + x0 + (p & 15)) * 4;
        data[o] = g;
        data[o + 1] = g;
        data[o + 2] = g;
        data[o + 3] = 255;
      }
    }
    this.canvas.getContext('2d')!.putImageData(img, 0, 0);
  }
}

/** Draw a row-major list of images (count x 256) into a canvas as a grid, once (no animation). */
export function drawImages(canvas: HTMLCanvasElement, pixels: Float32Array, count: number, columns: number): void {
  const { width, height } = gridSize(count, columns);
  canvas.width = width;
  canvas.height = height;
  const img = new ImageData(width, height);
  for (let i = 0; i < count; i++) {
    const x0 = (i % columns) * (SIDE + GAP);
    const y0 = Math.floor(i / columns) * (SIDE + GAP);
    for (let p = 0; p < DIM; p++) {
      const g = grayByte(pixels[i * DIM + p]);
      const o = ((y0 + (p >> 4)) * width + x0 + (p & 15)) * 4;
      img.data[o] = g;
      img.data[o + 1] = g;
      img.data[o + 2] = g;
      img.data[o + 3] = 255;
    }
  }
  canvas.getContext('2d')!.putImageData(img, 0, 0);
}

/** Fill styles of the 256 gray levels, and value labels in tenths from -9.9 to 9.9, made once (a frame makes no strings). */
const GRAY_STYLES = Array.from({ length: 256 }, (_, g) => `rgb(${g},${g},${g})`);
const LABEL_RANGE = 99;
const LABELS = Array.from({ length: 2 * LABEL_RANGE + 1 }, (_, k) => {
  const r = (k - LABEL_RANGE) / 10;
  // One decimal, without the leading zero: "-.4", ".9", "1.0".
  return r === 0 ? '0' : r.toFixed(1).replace(/^(-?)0\./, '$1.');
});

/** The label of a pixel value (tenths; beyond ±9.9 shown as the bound). */
export function valueLabel(v: number): string {
  const k = Math.max(-LABEL_RANGE, Math.min(LABEL_RANGE, Math.round(v * 10)));
  return LABELS[k + LABEL_RANGE];
}

/**
 * One sample large (`cell` CSS px a pixel) with each pixel's value written on it, at time t. The
 * values are read from the snapshot in place; the text is drawn only where it fits.
 */
export function drawSampleLarge(canvas: HTMLCanvasElement, samples: Float32Array, frames: number, count: number, i: number, t: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const cssSide = canvas.clientWidth || 320;
  const dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
  const side = Math.round(cssSide * dpr);
  if (canvas.width !== side) {
    canvas.width = side;
    canvas.height = side;
  }
  const cell = side / SIDE;
  const text = cssSide / SIDE >= 17;
  const font = `${Math.round(cell * 0.36)}px system-ui, sans-serif`;
  if (ctx.font !== font) ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let p = 0; p < DIM; p++) {
    const v = pixelAt(samples, frames, count, i, p, t);
    const g = grayByte(v);
    const x = (p & 15) * cell;
    const y = (p >> 4) * cell;
    ctx.fillStyle = GRAY_STYLES[g];
    ctx.fillRect(x, y, cell + 0.5, cell + 0.5);
    if (text) {
      ctx.fillStyle = g > 140 ? '#111' : '#cbd5e1';
      ctx.fillText(valueLabel(v), x + cell / 2, y + cell / 2);
    }
  }
}
