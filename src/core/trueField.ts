/**
 * The "true field" the laboratory compares the learned one with: the exact marginal velocity of the
 * training distribution on the chosen path, with independent pairs, from a Gaussian source.
 * - Gaussian preset target: the closed form (gaussianPathField.ts).
 * - Any other target cloud: the empirical marginal field of its points (each a component of std =
 *   the training jitter). Every component's marginal at t has the same variance
 *   V = alpha^2 j^2 + sigma^2 s0^2, so the posterior weights are a softmax of -|x - m_k|^2 / (2V) and
 *   u_t(x) = sum_k r_k(x) [alpha' y_k + sigma' m0 + c (x - m_k)],  m_k = alpha y_k + sigma m0,
 *   c = (alpha' alpha j^2 + sigma' sigma s0^2) / V.
 * Which target: the field on the stage is the picked class's (conditional model, w = 1), or the
 * unconditional one (no class picked, or w = 0). A guided field (w elsewhere) is no distribution's
 * marginal velocity: there is nothing exact to compare it with, and planTrueField says so.
 */
import type { CouplingName } from './config';
import { diffusionCoefficients, type DiffusionPathName } from './diffusionPaths';
import type { IsoGaussian } from './gaussianField';
import { gaussianPathMarginalAt, gaussianPathVelocity } from './gaussianPathField';
import { pointsOfClass } from './labels';

/** Points of an empirical target used at most (a fixed stride through the cloud keeps its shape). */
export const TRUE_FIELD_MAX_POINTS = 1000;
/** Variance floor of the empirical components (a jitter-free cloud at the end of a path is point masses). */
const MIN_VARIANCE = 1e-4;

export type TrueTarget = { kind: 'gaussian'; gaussian: IsoGaussian } | { kind: 'points'; points: Float32Array; jitter: number };

export interface TrueFieldSpec {
  path: DiffusionPathName;
  source: IsoGaussian;
  target: TrueTarget;
  /** Class of the target it is (the picked class at w = 1), or null for the whole target. */
  targetClass: number | null;
}

/** Every k-th point so that at most `max` remain. */
export function thinPoints(points: Float32Array, max: number): Float32Array {
  const n = points.length >> 1;
  if (n <= max) return points;
  const out = new Float32Array(2 * max);
  for (let i = 0; i < max; i++) {
    const j = Math.floor((i * n) / max);
    out[2 * i] = points[2 * j];
    out[2 * i + 1] = points[2 * j + 1];
  }
  return out;
}

/** The exact marginal velocity at (x, y) and t. */
export function trueFieldAt(spec: TrueFieldSpec): (t: number, x: number, y: number, out: [number, number]) => void {
  const { path, source, target } = spec;
  if (target.kind === 'gaussian') {
    const f = gaussianPathVelocity(path, source, target.gaussian);
    const xy = new Float32Array(2);
    const v = new Float32Array(2);
    return (t, x, y, out) => {
      xy[0] = x;
      xy[1] = y;
      f(xy, t, v);
      out[0] = v[0];
      out[1] = v[1];
    };
  }
  const pts = target.points;
  const m = pts.length >> 1;
  const j2 = target.jitter * target.jitter;
  const s0 = source.std * source.std;
  const logW = new Float64Array(m);
  return (t, x, y, out) => {
    if (m === 0) {
      out[0] = out[1] = 0;
      return;
    }
    const { alpha, sigma, dAlpha, dSigma } = diffusionCoefficients(path, t);
    const V = Math.max(alpha * alpha * j2 + sigma * sigma * s0, MIN_VARIANCE);
    const c = (dAlpha * alpha * j2 + dSigma * sigma * s0) / V;
    const ox = sigma * source.mean[0];
    const oy = sigma * source.mean[1];
    let max = -Infinity;
    for (let k = 0; k < m; k++) {
      const dx = x - (alpha * pts[2 * k] + ox);
      const dy = y - (alpha * pts[2 * k + 1] + oy);
      const l = -(dx * dx + dy * dy) / (2 * V);
      logW[k] = l;
      if (l > max) max = l;
    }
    let sum = 0;
    let ux = 0;
    let uy = 0;
    for (let k = 0; k < m; k++) {
      const r = Math.exp(logW[k] - max);
      const px = pts[2 * k];
      const py = pts[2 * k + 1];
      sum += r;
      ux += r * (dAlpha * px + dSigma * source.mean[0] + c * (x - alpha * px - ox));
      uy += r * (dAlpha * py + dSigma * source.mean[1] + c * (y - alpha * py - oy));
    }
    out[0] = ux / sum;
    out[1] = uy / sum;
  };
}

/** How much of p_t lies at (x, y), relative (a Gaussian bump of at least 0.3 std per component; the caller normalises). */
export function trueFieldMass(spec: TrueFieldSpec): (t: number, x: number, y: number) => number {
  const { path, source, target } = spec;
  if (target.kind === 'gaussian') {
    return (t, x, y) => {
      const g = gaussianPathMarginalAt(path, source, target.gaussian, t);
      const sd = Math.max(g.std, 0.3);
      return Math.exp(-((x - g.mean[0]) ** 2 + (y - g.mean[1]) ** 2) / (2 * sd * sd));
    };
  }
  // A weight needs no fine detail: a few hundred of the points place the mass well enough.
  const pts = thinPoints(target.points, 250);
  const m = pts.length >> 1;
  const j2 = target.jitter * target.jitter;
  return (t, x, y) => {
    const { alpha, sigma } = diffusionCoefficients(path, t);
    const V = Math.max(alpha * alpha * j2 + sigma * sigma * source.std * source.std, 0.09);
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const dx = x - (alpha * pts[2 * k] + sigma * source.mean[0]);
      const dy = y - (alpha * pts[2 * k + 1] + sigma * source.mean[1]);
      sum += Math.exp(-(dx * dx + dy * dy) / (2 * V));
    }
    return m > 0 ? sum / m : 0;
  };
}

export interface TrueFieldGrid {
  /** [time][row][col][uv], the layout of a snapshot's field; 0 where the weight is 0 (not computed: the error leaves those cells out). */
  field: Float32Array;
  /** [time][row][col]: p_t's mass there relative to that time's largest, 0 below 1e-3 (left out of the error). */
  weight: Float32Array;
}

/** The exact field and where p_t has mass, on a snapshot's grid (cell centres over [-extent, extent]^2). */
export function trueFieldGrid(spec: TrueFieldSpec, times: ArrayLike<number>, gridSize: number, extent: number): TrueFieldGrid {
  const at = trueFieldAt(spec);
  const mass = trueFieldMass(spec);
  const out: [number, number] = [0, 0];
  const cell = (2 * extent) / gridSize;
  const cells = gridSize * gridSize;
  const field = new Float32Array(2 * times.length * cells);
  const weight = new Float32Array(times.length * cells);
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    let top = 0;
    for (let c = 0; c < cells; c++) {
      const w = mass(t, -extent + ((c % gridSize) + 0.5) * cell, -extent + (Math.floor(c / gridSize) + 0.5) * cell);
      weight[k * cells + c] = w;
      top = Math.max(top, w);
    }
    // The field only where it counts: an empirical one costs a sum over the target's points per cell.
    for (let c = 0; c < cells; c++) {
      const w = top > 0 ? weight[k * cells + c] / top : 0;
      weight[k * cells + c] = w < 1e-3 ? 0 : w;
      if (w < 1e-3) continue;
      at(t, -extent + ((c % gridSize) + 0.5) * cell, -extent + (Math.floor(c / gridSize) + 0.5) * cell, out);
      field[2 * (k * cells + c)] = out[0];
      field[2 * (k * cells + c) + 1] = out[1];
    }
  }
  return { field, weight };
}

/** Mean |learned - true| over the grid, weighted by where p_t has mass (NaN when the grids do not match). */
export function fieldErrorAgainst(truth: TrueFieldGrid, learned: Float32Array): number {
  if (learned.length !== truth.field.length) return NaN;
  let num = 0;
  let den = 0;
  for (let c = 0; c < truth.weight.length; c++) {
    const w = truth.weight[c];
    if (w === 0) continue;
    num += w * Math.hypot(learned[2 * c] - truth.field[2 * c], learned[2 * c + 1] - truth.field[2 * c + 1]);
    den += w;
  }
  return den > 0 ? num / den : NaN;
}

export interface TrueFieldInputs {
  /** The source as a Gaussian (an untouched Gaussian preset), or null. */
  source: IsoGaussian | null;
  /** The target as a Gaussian (an untouched Gaussian preset), or null: then its points are used. */
  targetGaussian: IsoGaussian | null;
  target: Float32Array;
  targetLabels: Uint8Array | null;
  path: DiffusionPathName;
  jitter: number;
  /** The model takes classes (the run trains conditionally on a labelled target). */
  conditional: boolean;
  sampleClass: number | null;
  guidance: number;
}

export type TrueFieldPlan = { spec: TrueFieldSpec; reason: null } | { spec: null; reason: string };

/** Which exact field the stage's arrows should match, or why there is none. */
export function planTrueField(inp: TrueFieldInputs): TrueFieldPlan {
  if (!inp.source) return { spec: null, reason: 'No true field: it needs a Gaussian preset as the source (the exact field starts from a Gaussian).' };
  const picked = inp.conditional && inp.sampleClass !== null && inp.targetLabels !== null && inp.targetLabels.length === inp.target.length >> 1;
  if (picked && inp.guidance !== 0 && inp.guidance !== 1) {
    return { spec: null, reason: `No true field at guidance w = ${inp.guidance}: v_null + w (v_c − v_null) is no distribution's marginal velocity (at w = 0 and w = 1 it is).` };
  }
  if (picked && inp.guidance === 1) {
    const points = thinPoints(pointsOfClass(inp.target, inp.targetLabels!, inp.sampleClass!), TRUE_FIELD_MAX_POINTS);
    if (points.length === 0) return { spec: null, reason: 'No true field: the picked class has no target points.' };
    return { spec: { path: inp.path, source: inp.source, target: { kind: 'points', points, jitter: inp.jitter }, targetClass: inp.sampleClass }, reason: null };
  }
  if (inp.targetGaussian) return { spec: { path: inp.path, source: inp.source, target: { kind: 'gaussian', gaussian: inp.targetGaussian }, targetClass: null }, reason: null };
  if (inp.target.length === 0) return { spec: null, reason: 'No true field: the target cloud is empty.' };
  return { spec: { path: inp.path, source: inp.source, target: { kind: 'points', points: thinPoints(inp.target, TRUE_FIELD_MAX_POINTS), jitter: inp.jitter }, targetClass: null }, reason: null };
}

/** What the exact field assumes that training may not do (shown beside the number), or null. */
export function trueFieldCaveat(coupling: CouplingName, reflowRound: number, sigmaMin: number): string | null {
  const parts: string[] = [];
  if (coupling !== 'independent') parts.push('independent pairs (training uses minibatch OT)');
  if (reflowRound > 0) parts.push('the first round (reflow re-pairs the points)');
  if (sigmaMin > 0) parts.push('no σ_min noise');
  return parts.length > 0 ? `the exact field assumes ${parts.join(', ')}` : null;
}
