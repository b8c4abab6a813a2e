/**
 * The model's log density by the instantaneous change of variables (the CNF view of a flow):
 *   log p_t(x) = log p0(x0) - integral_0^t div v(x_s, s) ds,
 * where x_s is the trajectory through x at time t. We integrate it backwards from t to 0, carrying the
 * divergence integral beside the position, then add the source's log density at the origin x0.
 * In 2D the divergence is exact (two forward-mode tangents), so no Hutchinson noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LogDensityFn } from '../core/densityModels';
import { TABLEAUX, type SolverName } from '../core/solvers';
import { DATA_SCALE } from '../core/trainingBatch';
import { TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import type { Mlp } from './mlp';

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

/** A FieldSample from rows [v_x, v_y, div] read back from an [n, 3] tensor. */
export function fieldSampleOfRows(data: Float32Array, n: number): FieldSample {
  const v = new Float32Array(2 * n);
  const div = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    v[2 * i] = data[3 * i];
    v[2 * i + 1] = data[3 * i + 1];
    div[i] = data[3 * i + 2];
  }
  return { v, div };
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
 * The network's output (network units, before the output scale) at points x [n, 2] in data units and
 * time t, with the two forward-mode tangents of its input Jacobian. Call inside tf.tidy.
 * out [n, 2]; jac [2n, 2]: rows 0..n-1 are d out / dx, rows n..2n-1 are d out / dy.
 * The tangents stay a [2, n, width] stack, multiplied by each layer's SiLU slope by broadcasting (no
 * copies of the slope); the input's time features are folded into layer 0's bias and 1 / DATA_SCALE
 * into its x, y rows, so layer 0's tangents are those two rows times the slope (broadcast again: tiling
 * them per point cost about half of a single-threaded pass on wasm). extraBias [n, width], if given, is
 * added to layer 0's pre-activation (diffusionSampling.ts labelBias: the one-hot class of each point).
 */
export function forwardWithTangents(model: Mlp, x: tf.Tensor2D, t: number, extraBias?: tf.Tensor2D): { out: tf.Tensor2D; jac: tf.Tensor2D } {
  const n = x.shape[0];
  const p = model.params;
  const last = model.layerCount - 1;
  const width = p[0].shape[1] as number;
  const feats = new Float32Array(TIME_FEATURE_COUNT);
  writeTimeFeatures(t, feats, 0);
  const w0x = tf.mul(tf.slice(p[0], [0, 0], [2, width]), tf.scalar(1 / DATA_SCALE)) as tf.Tensor2D;
  const b0 = tf.add(p[1], tf.reshape(tf.matMul(tf.tensor2d(feats, [1, TIME_FEATURE_COUNT]), tf.slice(p[0], [2, 0], [TIME_FEATURE_COUNT, width]) as tf.Tensor2D), [width]));
  let h = x;
  let tan = tf.reshape(w0x, [2, 1, width]) as tf.Tensor3D; // d z0 / dx_k, the same for every point
  for (let l = 0; l < last; l++) {
    const w = p[2 * l] as tf.Tensor2D;
    let z = l === 0 ? tf.fused.matMul({ a: h, b: w0x, bias: b0 }) : tf.fused.matMul({ a: h, b: w, bias: p[2 * l + 1] });
    // A per-point bias (a conditional model's class rows) shifts layer 0 but not its x, y tangents.
    if (l === 0 && extraBias) z = tf.add(z, extraBias) as tf.Tensor2D;
    const zt = l === 0 ? tan : (tf.reshape(tf.matMul(tf.reshape(tan, [2 * n, width]) as tf.Tensor2D, w), [2, n, width]) as tf.Tensor3D);
    const s = tf.sigmoid(z);
    h = tf.mul(z, s) as tf.Tensor2D;
    // silu'(z) = s + z s (1 - s) = s + h (1 - s)
    const slope = tf.add(s, tf.mul(h, tf.sub(1, s)));
    tan = tf.mul(zt, tf.reshape(slope, [1, n, width])) as tf.Tensor3D;
  }
  const wOut = p[2 * last] as tf.Tensor2D;
  const out = tf.fused.matMul({ a: h, b: wOut, bias: p[2 * last + 1] }) as tf.Tensor2D;
  const jac = tf.matMul(tf.reshape(tan, [2 * n, width]) as tf.Tensor2D, wOut) as tf.Tensor2D;
  return { out, jac };
}

/**
 * Velocity (data units) and its exact divergence at points x [n, 2], as [n, 3] = [v_x, v_y, div].
 * Call inside tf.tidy. Forward mode: beside the activations, push the two tangents d/dx and d/dy
 * through the layers; no autodiff tape, and one pass yields both the velocity and the divergence,
 * about a third of the work of a forward pass plus tf.grad.
 * The input scale 1 / DATA_SCALE and the output scale DATA_SCALE cancel in the derivative.
 */
export function velocityAndDivergenceTensor(model: Mlp, x: tf.Tensor2D, t: number): tf.Tensor2D {
  const n = x.shape[0];
  const { out, jac } = forwardWithTangents(model, x, t);
  const div = tf.add(tf.slice(jac, [0, 0], [n, 1]), tf.slice(jac, [n, 1], [n, 1]));
  return tf.mul(tf.concat([out, div], 1), tf.scalar(DATA_SCALE)) as tf.Tensor2D;
}

/** Exact divergence of the learned field at interleaved points and one time (one readback). */
export async function exactDivergence(model: Mlp, points: Float32Array, t: number): Promise<Float32Array> {
  const n = points.length >> 1;
  if (n === 0) return new Float32Array(0);
  const out = tf.tidy(() => tf.slice(velocityAndDivergenceTensor(model, tf.tensor2d(points, [n, 2]), t), [0, 2], [n, 1]));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/**
 * The learned field as a FieldWithDivergence: velocity and divergence in one pass per call; the
 * output scale and the Jacobian's trace are taken on the host from the two small readbacks.
 */
export function modelField(model: Mlp): FieldWithDivergence {
  return async (points, t) => {
    const n = points.length >> 1;
    if (n === 0) return { v: new Float32Array(0), div: new Float32Array(0) };
    const { out, jac } = tf.tidy(() => forwardWithTangents(model, tf.tensor2d(points, [n, 2]), t));
    const [o, j] = (await Promise.all([out.data(), jac.data()])) as Float32Array[];
    out.dispose();
    jac.dispose();
    const v = new Float32Array(2 * n);
    const div = new Float32Array(n);
    for (let i = 0; i < 2 * n; i++) v[i] = o[i] * DATA_SCALE;
    for (let i = 0; i < n; i++) div[i] = (j[2 * i] + j[2 * (n + i) + 1]) * DATA_SCALE;
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

/** The model's log p_t on a grid, [row][col] (row = y index). NFE = steps x stages, each a forward pass with two tangents. */
export async function logDensityGrid(model: Mlp, opts: DensityGridOptions): Promise<Float32Array> {
  if (!Number.isInteger(opts.gridSize) || opts.gridSize < 1) throw new Error(`grid size must be a positive integer, got ${opts.gridSize}`);
  return logDensityAt(modelField(model), gridPoints(opts.gridSize, opts.extent), opts);
}
