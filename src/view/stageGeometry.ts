/** The mapping between data coordinates and stage pixels (y up in data, down on screen). */
import { scaleLinear, type ScaleLinear } from 'd3';
import { STAGE_EXTENT } from '../core/config';

export interface StageGeometry {
  /** CSS pixels of the square stage. */
  size: number;
  /** Space for the axes inside the square. */
  margin: number;
  /** Type size of the text drawn on the stage (axis ticks, stop labels) in CSS pixels; 0: the small default. */
  textPx: number;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** px = ax * x + bx, py = ay * y + by: the same maps without function calls, for hot loops. */
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export function stageGeometry(size: number, textPx = 0): StageGeometry {
  // Large type (presenter mode) needs room for a tick label like "−6" beside the axis.
  const margin = Math.round(Math.max(22, Math.min(34, size * 0.05), 2.3 * textPx));
  const x = scaleLinear().domain([-STAGE_EXTENT, STAGE_EXTENT]).range([margin, size - margin]);
  const y = scaleLinear().domain([-STAGE_EXTENT, STAGE_EXTENT]).range([size - margin, margin]);
  const ax = (size - 2 * margin) / (2 * STAGE_EXTENT);
  return { size, margin, textPx, x, y, ax, bx: margin + ax * STAGE_EXTENT, ay: -ax, by: size - margin - ax * STAGE_EXTENT };
}

/** Data coordinates of a point given in stage CSS pixels. */
export function toData(g: StageGeometry, px: number, py: number): [number, number] {
  return [(px - g.bx) / g.ax, (py - g.by) / g.ay];
}

/** The axis tick values for a stage of this size (fewer on small stages). */
export const stageTicks = (size: number): number[] => (size < 360 ? [-6, -3, 0, 3, 6] : [-6, -4, -2, 0, 2, 4, 6]);
