/**
 * The learned field as arrows, shared by the canvas stage and the SVG export so both draw the same
 * thing: the field interpolated in t, lengths scaled by a high percentile of speed, speed bins.
 * Nothing here allocates per call; callers pass their own buffers.
 */
import type { Snapshot } from '../worker/protocol';
import { SPEED_BINS } from './palette';
import { quantile } from 'd3';
import type { StageGeometry } from './stageGeometry';

/** Speed that draws a full-length arrow: the 90th percentile over every cell and time, so a few fast corners do not shrink the rest. */
export function fieldSpeedScale(field: Float32Array): number {
  const speeds = new Float32Array(field.length >> 1);
  for (let i = 0; i < speeds.length; i++) speeds[i] = Math.hypot(field[2 * i], field[2 * i + 1]);
  return Math.max(quantile(speeds, 0.9) ?? 0, 1e-6);
}

/** The field at time t, linearly interpolated between the snapshot's times, into out [cell][uv]. */
export function fieldAt(s: Snapshot, t: number, out: Float32Array): void {
  const nt = s.fieldTimes.length;
  const n = 2 * s.gridSize * s.gridSize;
  const f = Math.min(Math.max(t, 0), 1) * (nt - 1);
  const k0 = Math.max(0, Math.min(Math.floor(f), nt - 2));
  const w = nt > 1 ? f - k0 : 0;
  const o0 = k0 * n;
  const o1 = nt > 1 ? o0 + n : o0;
  const a = s.field;
  for (let i = 0; i < n; i++) out[i] = a[o0 + i] + w * (a[o1 + i] - a[o0 + i]);
}

/** Pixel sizes of the arrows for a grid on this stage. */
export interface ArrowStyle {
  maxLen: number;
  head: number;
  lineWidth: number;
}

/** The arrow sizes for this grid and stage, written into `out` (the render loop reuses one object). */
export function arrowStyle(s: Snapshot, g: StageGeometry, out: ArrowStyle = { maxLen: 0, head: 0, lineWidth: 0 }): ArrowStyle {
  const cellPx = ((2 * s.gridExtent) / s.gridSize) * g.ax;
  out.maxLen = 0.85 * cellPx;
  out.head = Math.max(2.5, cellPx * 0.22);
  out.lineWidth = Math.max(1, cellPx * 0.05);
  return out;
}

/**
 * Cell c's arrow in pixels, into out[8c ..]: shaft x0 y0 x1 y1, then the two barb ends bx0 by0 bx1 by1
 * (both joined to x1 y1). Returns its speed bin, or -1 when the cell is (nearly) still.
 */
export function arrowAt(s: Snapshot, g: StageGeometry, style: ArrowStyle, now: Float32Array, maxSpeed: number, c: number, out: Float64Array): number {
  const u = now[2 * c];
  const v = now[2 * c + 1];
  const speed = Math.sqrt(u * u + v * v);
  if (speed < 1e-6) return -1;
  const rel = Math.min(speed / maxSpeed, 0.9999);
  const cellData = (2 * s.gridExtent) / s.gridSize;
  const row = (c / s.gridSize) | 0;
  const col = c - row * s.gridSize;
  const cx = g.ax * (-s.gridExtent + (col + 0.5) * cellData) + g.bx;
  const cy = g.ay * (-s.gridExtent + (row + 0.5) * cellData) + g.by;
  const len = style.maxLen * Math.sqrt(rel);
  const dx = (u / speed) * len;
  const dy = (-v / speed) * len;
  const x1 = cx + dx / 2;
  const y1 = cy + dy / 2;
  const hl = Math.min(style.head, len * 0.5);
  const ux = dx / len;
  const uy = dy / len;
  const o = 8 * c;
  out[o] = cx - dx / 2;
  out[o + 1] = cy - dy / 2;
  out[o + 2] = x1;
  out[o + 3] = y1;
  out[o + 4] = x1 - hl * (ux - 0.55 * uy);
  out[o + 5] = y1 - hl * (uy + 0.55 * ux);
  out[o + 6] = x1 - hl * (ux + 0.55 * uy);
  out[o + 7] = y1 - hl * (uy - 0.55 * ux);
  return (rel * SPEED_BINS) | 0;
}
