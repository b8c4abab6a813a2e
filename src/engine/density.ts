/**
 * The model's log density by the instantaneous change of variables (the CNF view of a flow):
 *   log p_t(x) = log p0(x0) - integral_0^t div v(x_s, s) ds,
 * where x_s is the trajectory through x at time t. We integrate it backwards from t to 0, carrying the
 * divergence integral beside the position, then add the source's log density at the origin x0.
 * In 2D the divergence is exact (two derivative passes), so no Hutchinson noise.
 */
import * as tf from '@tensorflow/tfjs-core';
// Autodiff (tf.grad) needs the gradient kernels registered; the trainer itself never uses them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { LogDensityFn } from '../core/densityModels';
import { TABLEAUX, type SolverName } from '../core/solvers';
import type { Mlp } from './mlp';
import { velocityAt } from './sampling';

/** Velocity (interleaved xy) and its divergence (one per point) of a batch at one time. */
export interface FieldSample {
  v: Float32Array;
  div: Float32Array;
}

/** A velocity field with its divergence, learned or closed-form. */
export type FieldWithDivergence = (x: Float32Array, t: number) => FieldSample | Promise<FieldSample>;

export interface PullBackOptions {
  /** Time of the query points, in [0, 1]. */
  t: number;
  /** Fixed solver steps from t back to 0. */
  steps: number;
  /** Default RK4: the density compounds velocity errors, and K RK4 steps beat 4K Euler steps. */
  solver?: SolverName;
}

export interface PullBack {
  /** Where each query point came from at t = 0 (interleaved xy). */
  origins: Float32Array;
  /** integral_0^t div v(x_s, s) ds along each trajectory: log p0(x0) - log p_t(x). */
  divergenceIntegral: Float32Array;
}

/**
 * Integrate the augmented ODE d/ds [x, I] = [v(x, s), div v(x, s)] from s = t down to s = 0 with the
 * solver's tableau; the divergence shares the stage probes of the position, so both are of the same order.
 */
export async function pullBack(field: FieldWithDivergence, points: Float32Array, opts: PullBackOptions): Promise<PullBack> {
  const { t, steps, solver = 'rk4' } = opts;
  if (!(t >= 0 && t <= 1)) throw new Error(`query time must lie in [0, 1], got ${t}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const len = points.length;
  const n = len >> 1;
  const x = Float64Array.from(points);
  const acc = new Float64Array(n);
  if (t > 0) {
    const tab = TABLEAUX[solver];
    const h = -t / steps;
    const kv: Float32Array[] = [];
    const kd: Float32Array[] = [];
    for (let s = 0; s < steps; s++) {
      const ts = t + s * h;
      for (let st = 0; st < tab.b.length; st++) {
        // A fresh probe per stage: the callback may keep or reuse what it is given.
        const probe = new Float32Array(len);
        const row = tab.a[st];
        for (let j = 0; j < len; j++) {
          let p = x[j];
          for (let q = 0; q < row.length; q++) if (row[q] !== 0) p += h * row[q] * kv[q][j];
          probe[j] = p;
        }
        const { v, div } = await field(probe, ts + tab.c[st] * h);
        if (v.length !== len || div.length !== n) throw new Error('field returned the wrong number of values');
        kv[st] = v;
        kd[st] = div;
      }
      for (let j = 0; j < len; j++) {
        let d = 0;
        for (let st = 0; st < tab.b.length; st++) d += tab.b[st] * kv[st][j];
        x[j] += h * d;
      }
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let st = 0; st < tab.b.length; st++) d += tab.b[st] * kd[st][i];
        acc[i] += h * d;
      }
    }
  }
  // acc = integral from t down to 0 = -integral_0^t.
  return { origins: Float32Array.from(x), divergenceIntegral: Float32Array.from(acc, (a) => -a) };
}

/** log p_t at the query points: log p0 at their origins minus the divergence integral. */
export async function logDensityAt(
  field: FieldWithDivergence,
  points: Float32Array,
  opts: PullBackOptions & { sourceLogDensity: LogDensityFn },
): Promise<Float32Array> {
  const { origins, divergenceIntegral } = await pullBack(field, points, opts);
  const logp0 = opts.sourceLogDensity(origins);
  return logp0.map((l, i) => l - divergenceIntegral[i]);
}

/**
 * Divergence of the network's data-unit velocity at points x [n, 2] (data units). Call inside tf.tidy.
 * The MLP maps rows independently, so d/dx_i of sum_j v_x(x_j) is the gradient of v_x at x_i alone:
 * one backward pass over the batch stacked twice, the first copy selecting v_x and the second v_y,
 * yields dv_x/dx and dv_y/dy for every point. Differentiating velocityAt (input x / DATA_SCALE, output
 * x DATA_SCALE) keeps the chain rule honest: the two scales cancel and the result is in 1/time.
 */
export function divergenceTensor(model: Mlp, x: tf.Tensor2D, t: number): tf.Tensor1D {
  const n = x.shape[0];
  const select = tf.concat([
    tf.tile(tf.tensor2d([1, 0], [1, 2]), [n, 1]),
    tf.tile(tf.tensor2d([0, 1], [1, 2]), [n, 1]),
  ]) as tf.Tensor2D;
  // tf.grad types its input as a plain Tensor; it is the [2n, 2] stack below.
  const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(velocityAt(model, z as tf.Tensor2D, t), select)));
  const g = tf.sum(tf.mul(grad(tf.concat([x, x])), select), 1);
  return tf.add(tf.slice(g, 0, n), tf.slice(g, n, n)) as tf.Tensor1D;
}

/** Exact divergence of the learned field at interleaved points and one time (one readback). */
export async function exactDivergence(model: Mlp, points: Float32Array, t: number): Promise<Float32Array> {
  const n = points.length >> 1;
  if (n === 0) return new Float32Array(0);
  const out = tf.tidy(() => divergenceTensor(model, tf.tensor2d(points, [n, 2]), t));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** The learned field as a FieldWithDivergence: velocity and divergence in one readback per call. */
export function modelField(model: Mlp): FieldWithDivergence {
  return async (points, t) => {
    const n = points.length >> 1;
    if (n === 0) return { v: new Float32Array(0), div: new Float32Array(0) };
    const out = tf.tidy(() => {
      const x = tf.tensor2d(points, [n, 2]);
      return tf.concat([velocityAt(model, x, t), tf.reshape(divergenceTensor(model, x, t), [n, 1])], 1);
    });
    const data = (await out.data()) as Float32Array;
    out.dispose();
    const v = new Float32Array(2 * n);
    const div = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      v[2 * i] = data[3 * i];
      v[2 * i + 1] = data[3 * i + 1];
      div[i] = data[3 * i + 2];
    }
    return { v, div };
  };
}

export interface DensityGridOptions {
  gridSize: number;
  /** The grid covers [-extent, extent]^2; values are at cell centres, as in sampling.ts fieldGrid. */
  extent: number;
  /** Time at which to show the density, in [0, 1]. */
  t: number;
  steps: number;
  solver?: SolverName;
  sourceLogDensity: LogDensityFn;
}

/** Cell centres [row][col][xy] of a square grid; row indexes y, col indexes x. */
export function gridPoints(gridSize: number, extent: number): Float32Array {
  const pts = new Float32Array(2 * gridSize * gridSize);
  const step = (2 * extent) / gridSize;
  for (let row = 0; row < gridSize; row++) {
    const y = -extent + (row + 0.5) * step;
    for (let col = 0; col < gridSize; col++) {
      const o = 2 * (row * gridSize + col);
      pts[o] = -extent + (col + 0.5) * step;
      pts[o + 1] = y;
    }
  }
  return pts;
}

/** The model's log p_t on a grid, [row][col] (row = y index). NFE = steps x stages, each with a backward pass. */
export async function logDensityGrid(model: Mlp, opts: DensityGridOptions): Promise<Float32Array> {
  if (!Number.isInteger(opts.gridSize) || opts.gridSize < 1) throw new Error(`grid size must be a positive integer, got ${opts.gridSize}`);
  return logDensityAt(modelField(model), gridPoints(opts.gridSize, opts.extent), opts);
}
