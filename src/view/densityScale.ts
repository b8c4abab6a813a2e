/**
 * The density heatmap's colour scale, shared by the renderer and the legend's colour bar: colour and
 * opacity follow p = exp(GAIN (log p(x) − max)), so the bar can say which log density each colour is.
 */
import { interpolateMagma, rgb } from 'd3';

/** How fast colour falls off with log density below the grid's maximum. */
export const DENSITY_GAIN = 0.6;

/** Colour of a level p in [0, 1] (1 at the maximum density). */
export const densityColorAt = (p: number): string => interpolateMagma(0.15 + 0.85 * p);

export const DENSITY_RAMP: readonly [number, number, number][] = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(densityColorAt(i / 255));
  return [c.r, c.g, c.b];
});

/** Level p of a log density, given the grid's maximum. */
export const densityLevel = (logDensity: number, max: number): number => Math.exp((logDensity - max) * DENSITY_GAIN);

/** The lowest log density that gets a colour of its own (ramp entry 1; below it, the darkest and nearly transparent). */
export const lowestShownLogDensity = (max: number): number => max + Math.log(1 / 255) / DENSITY_GAIN;

/** Largest finite value of a grid (−Infinity when none). */
export function maxFinite(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/** CSS gradient of the colour bar, left (low) to right (high), with the heatmap's opacity ramp. */
export function densityBarGradient(stops = 8): string {
  const parts: string[] = [];
  for (let i = 0; i <= stops; i++) {
    const p = i / stops;
    const c = rgb(densityColorAt(p));
    c.opacity = Math.round(235 * Math.sqrt(p)) / 255;
    parts.push(`${c.formatRgb()} ${((100 * i) / stops).toFixed(1)}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/**
 * Paint a log-density grid [row][col] (row = y, bottom-up) into `canvas` as an n x n image (top-down),
 * colour and opacity by level; the renderers scale it onto their plot.
 */
export function paintDensity(canvas: HTMLCanvasElement, logDensity: ArrayLike<number>, n: number): void {
  canvas.width = n;
  canvas.height = n;
  const img = new ImageData(n, n);
  const max = maxFinite(logDensity);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const v = logDensity[row * n + col];
      const o = 4 * ((n - 1 - row) * n + col);
      const p = Number.isFinite(v) ? densityLevel(v, max) : 0;
      const c3 = DENSITY_RAMP[Math.min(255, Math.floor(p * 255))];
      img.data[o] = c3[0];
      img.data[o + 1] = c3[1];
      img.data[o + 2] = c3[2];
      img.data[o + 3] = Math.round(235 * Math.sqrt(p));
    }
  }
  canvas.getContext('2d')!.putImageData(img, 0, 0);
}
