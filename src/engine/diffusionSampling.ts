/**
 * Sampling a model trained with any path, target kind and conditioning (conditionalBatch.ts): the
 * network's prediction (velocity, epsilon or score) becomes a velocity (predictionTargets.ts), a
 * conditional model is guided (guidance.ts: v = v_null + w (v_c - v_null), two passes unless w is 0
 * or 1), and the particles follow the ODE with the chosen solver or, with sdeNoise > 0, the SDE by
 * Euler-Maruyama (sdeSampler.ts, same drift, seeded Brownian increments in the same order).
 * Everything runs on tensors with one readback at the end, like sampling.ts' fast path, which the
 * plain case (unconditional velocity ODE) keeps using.
 *
 * Guidance is applied to the raw prediction before the conversion: the conversion is affine in the
 * prediction (except the x1_hat clip), so this is the same guided velocity, and it is how diffusion
 * tooling guides epsilon models.
 */
import * as tf from '@tensorflow/tfjs-core';
import { targetScale } from '../core/conditionalBatch';
import { diffusionCoefficients, diffusionSourceStd, type DiffusionPathName } from '../core/diffusionPaths';
import { drawClasses, NULL_CLASS } from '../core/labels';
import { CONVERSION_DEFAULTS, convertPrediction, type TargetKind } from '../core/predictionTargets';
import { createRng, deriveSeed } from '../core/rng';
import { TABLEAUX, type SolverName } from '../core/solvers';
import { INPUT_SIZE, TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import { DATA_SCALE, writeInputRow } from '../core/trainingBatch';
import type { Mlp } from './mlp';

/** How a model turns into velocities: what it predicts, on which path, for which classes, how guided. */
export interface DiffusionSampling {
  kind: TargetKind;
  path: DiffusionPathName;
  /** One class per particle (conditional models; NULL_CLASS asks for none); ignored by unconditional ones. */
  labels?: Uint8Array | null;
  /** Guidance weight w (conditional models): 0 unconditional, 1 plain conditional. */
  guidance?: number;
  /** SDE noise scale (0: the ODE). */
  sdeNoise?: number;
  /** Seed of the SDE's Brownian increments. */
  seed?: number;
}

/** Whether sampling.ts' fast path gives the same result: an unconditional velocity model on the ODE. */
export function isPlainSampling(model: Mlp, d: DiffusionSampling | undefined): boolean {
  if (model.shape.conditional) return false;
  return !d || (d.kind === 'velocity' && !(d.sdeNoise! > 0));
}

/**
 * Starting points on the path's source: VE starts from its wide Gaussian (VE_SIGMA_MAX z), the other
 * paths from z itself (diffusionPaths.ts diffusionStart). Only a forward run from t = 0 starts there.
 */
export function scaledStart(path: DiffusionPathName | undefined, start: Float32Array, t0: number): Float32Array {
  const s = path ? diffusionSourceStd(path) : 1;
  if (s === 1 || t0 !== 0) return start;
  const out = new Float32Array(start.length);
  for (let i = 0; i < start.length; i++) out[i] = s * start[i];
  return out;
}

/**
 * The class of each of n particles: `sampleClass` for all, or (null) each drawn from the target's
 * labels in their proportions, from a seed. Null when the target has no labels.
 */
export function particleClasses(sampleClass: number | null, targetLabels: Uint8Array | null | undefined, n: number, seed: number): Uint8Array | null {
  if (sampleClass !== null) return new Uint8Array(n).fill(sampleClass);
  if (!targetLabels || targetLabels.length === 0) return null;
  return drawClasses(targetLabels, n, createRng(deriveSeed(seed, 'classes')));
}

export interface DiffusionTrajectoryRequest {
  start: Float32Array;
  steps: number;
  solver: SolverName;
  t0?: number;
  t1?: number;
  diffusion: DiffusionSampling;
}

/** Per-particle class rows of a conditional model's first layer, as a [n, width] bias (one gather). */
export function labelBias(w0: tf.Tensor2D, labels: Uint8Array): tf.Tensor2D {
  const width = w0.shape[1];
  const rows = tf.slice(w0, [INPUT_SIZE, 0], [w0.shape[0] - INPUT_SIZE, width]);
  return tf.gather(rows, tf.tensor1d(Int32Array.from(labels), 'int32')) as tf.Tensor2D;
}

/** One network pass of classifier-free guidance: its per-point classes and its weight in the sum. */
export interface GuidancePass {
  labels: Uint8Array;
  weight: number;
}

/**
 * The passes whose weighted sum is the guided prediction v_null + w (v_c - v_null): one at w = 1 (the
 * classes) or w = 0 (the null class), else w x classes + (1 - w) x null class.
 */
export function guidancePasses(labels: Uint8Array, w: number): GuidancePass[] {
  const nulls = new Uint8Array(labels.length).fill(NULL_CLASS);
  if (w === 1) return [{ labels, weight: 1 }];
  if (w === 0) return [{ labels: nulls, weight: 1 }];
  return [
    { labels, weight: w },
    { labels: nulls, weight: 1 - w },
  ];
}

/**
 * Trajectories [point][step][xy] (steps + 1 positions, data units) of a model sampled as `diffusion`
 * says. The ODE uses the solver's tableau; the SDE (sdeNoise > 0, forward only) Euler-Maruyama.
 */
export async function integrateDiffusion(model: Mlp, req: DiffusionTrajectoryRequest): Promise<Float32Array> {
  const { steps, solver, t0 = 0, t1 = 1, diffusion: d } = req;
  const start = req.start;
  const n = start.length >> 1;
  if (n === 0) return new Float32Array(0);
  const noise = d.sdeNoise ?? 0;
  if (noise > 0 && !(t1 > t0)) throw new Error('the SDE sampler runs forward in time (t0 < t1)');
  const [w0h, b0h] = (await Promise.all([model.params[0].data(), model.params[1].data()])) as Float32Array[];
  const params = model.params;
  const last = model.layerCount - 1;
  const width = params[0].shape[1] as number;
  const conditional = model.shape.conditional === true;
  const w = d.guidance ?? 1;
  const labels = conditional ? (d.labels ?? new Uint8Array(n).fill(NULL_CLASS)) : null;
  if (labels && labels.length !== n) throw new Error(`${labels.length} classes for ${n} particles`);
  const passes = labels ? guidancePasses(labels, w) : [];
  const outScale = targetScale(d.kind);
  const h = (t1 - t0) / steps;
  const feats = new Float32Array(TIME_FEATURE_COUNT);
  // The time features' share of the first layer, folded into its bias on the host (as sampling.ts does).
  const firstBias = (t: number): tf.Tensor1D => {
    writeTimeFeatures(t, feats, 0);
    const c = Float32Array.from(b0h);
    for (let k = 0; k < TIME_FEATURE_COUNT; k++) {
      const f = feats[k];
      const row = (2 + k) * width;
      for (let j = 0; j < width; j++) c[j] += f * w0h[row + j];
    }
    return tf.tensor1d(c);
  };
  const rng = noise > 0 ? createRng(d.seed ?? 0) : null;
  const normals = new Float32Array(2 * n);
  const o = CONVERSION_DEFAULTS;
  const stacked = tf.tidy(() => {
    // Positions stay in data units; x / DATA_SCALE is folded into the first layer's x rows.
    const w0x = tf.mul(tf.slice(params[0], [0, 0], [2, width]), tf.scalar(1 / DATA_SCALE)) as tf.Tensor2D;
    const biases = passes.map((p) => labelBias(params[0] as tf.Tensor2D, p.labels));
    const net = (x: tf.Tensor2D, bias: tf.Tensor1D, extra: tf.Tensor2D | null): tf.Tensor2D => {
      let z = tf.fused.matMul({ a: x, b: w0x, bias }) as tf.Tensor2D;
      if (extra) z = tf.add(z, extra) as tf.Tensor2D;
      let a = tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D;
      for (let l = 1; l < last; l++) {
        const zl = tf.fused.matMul({ a, b: params[2 * l] as tf.Tensor2D, bias: params[2 * l + 1] });
        a = tf.mul(zl, tf.sigmoid(zl)) as tf.Tensor2D;
      }
      return tf.fused.matMul({ a, b: params[2 * last] as tf.Tensor2D, bias: params[2 * last + 1] }) as tf.Tensor2D;
    };
    /** The guided prediction in its own units (velocity, epsilon or score). */
    const predict = (x: tf.Tensor2D, t: number): tf.Tensor2D => {
      const bias = firstBias(t);
      let out: tf.Tensor2D;
      if (passes.length === 0) out = net(x, bias, null);
      else {
        out = tf.mul(net(x, bias, biases[0]), tf.scalar(passes[0].weight)) as tf.Tensor2D;
        for (let p = 1; p < passes.length; p++) out = tf.add(out, tf.mul(net(x, bias, biases[p]), tf.scalar(passes[p].weight))) as tf.Tensor2D;
      }
      return tf.mul(out, tf.scalar(outScale)) as tf.Tensor2D;
    };
    /** The velocity at (x, t): predictionTargets' conversion, on tensors. */
    const velocity = (x: tf.Tensor2D, t: number): tf.Tensor2D => {
      const pred = predict(x, t);
      if (d.kind === 'velocity') return pred;
      const c = diffusionCoefficients(d.path, t);
      const eps = d.kind === 'epsilon' ? pred : (tf.mul(pred, tf.scalar(-c.sigma)) as tf.Tensor2D);
      const x1Hat = tf.clipByValue(tf.mul(tf.sub(x, tf.mul(eps, tf.scalar(c.sigma))), tf.scalar(1 / Math.max(c.alpha, o.alphaFloor))), -o.x1Limit, o.x1Limit);
      return tf.add(tf.mul(x1Hat, tf.scalar(c.dAlpha)), tf.mul(eps, tf.scalar(c.dSigma))) as tf.Tensor2D;
    };
    const combine = (x: tf.Tensor2D, coeffs: readonly number[], k: tf.Tensor2D[]): tf.Tensor2D => {
      let out = x;
      coeffs.forEach((c, q) => {
        if (c !== 0) out = tf.add(out, tf.mul(k[q], tf.scalar(c * h))) as tf.Tensor2D;
      });
      return out;
    };
    const tab = TABLEAUX[solver];
    let x = tf.tensor2d(start, [n, 2]);
    const positions: tf.Tensor2D[] = [x];
    for (let s = 0; s < steps; s++) {
      const t = t0 + s * h;
      const next = tf.tidy(() => {
        if (noise === 0) {
          const k: tf.Tensor2D[] = [];
          for (let st = 0; st < tab.b.length; st++) k.push(velocity(combine(x, tab.a[st], k), t + tab.c[st] * h));
          return combine(x, tab.b, k);
        }
        // Euler-Maruyama (sdeSampler.ts): drift v - (noise^2 / 2) eps, eps from v; g = noise sqrt(sigma_t).
        const v = velocity(x, t);
        const c = diffusionCoefficients(d.path, t);
        const den = c.dAlpha * c.sigma - c.alpha * c.dSigma;
        const eps = tf.div(tf.sub(tf.mul(x, tf.scalar(c.dAlpha)), tf.mul(v, tf.scalar(c.alpha))), tf.scalar(den));
        const drift = tf.sub(v, tf.mul(eps, tf.scalar(0.5 * noise * noise)));
        let moved = tf.add(x, tf.mul(drift, tf.scalar(h))) as tf.Tensor2D;
        const g = noise * Math.sqrt(c.sigma) * Math.sqrt(h);
        if (g > 0) {
          for (let i = 0; i < normals.length; i++) normals[i] = rng!.normal();
          moved = tf.add(moved, tf.mul(tf.tensor2d(normals, [n, 2]), tf.scalar(g))) as tf.Tensor2D;
        }
        return moved;
      });
      positions.push(next);
      x = next;
    }
    return tf.stack(positions, 1);
  });
  const out = (await stacked.data()) as Float32Array;
  stacked.dispose();
  return Float32Array.from(out);
}

export interface FieldOptions {
  kind: TargetKind;
  path: DiffusionPathName;
  /** The class asked for (conditional models; default NULL_CLASS, the unconditional field). */
  label?: number;
  /** Guidance weight (conditional models; default 1). */
  guidance?: number;
}

/**
 * Velocities (data units) of any model at points, each with its own time: the prediction converted to
 * velocity, guided for a conditional model. The general form of sampling.ts' velocitiesAt.
 */
export async function modelVelocities(model: Mlp, points: Float32Array, times: Float32Array, f: FieldOptions): Promise<Float32Array> {
  const n = times.length;
  const size = model.inputSize;
  const conditional = model.shape.conditional === true;
  const label = f.label ?? NULL_CLASS;
  const w = f.guidance ?? 1;
  const rowsFor = (c: number): Float32Array => {
    const inputs = new Float32Array(n * size);
    const row = new Float32Array(INPUT_SIZE);
    for (let i = 0; i < n; i++) {
      writeInputRow(points[2 * i], points[2 * i + 1], times[i], row, 0);
      inputs.set(row, i * size);
      if (conditional) inputs[i * size + INPUT_SIZE + c] = 1;
    }
    return inputs;
  };
  const run = async (c: number): Promise<Float32Array> => {
    const out = tf.tidy(() => tf.mul(model.forward(tf.tensor2d(rowsFor(c), [n, size])), tf.scalar(targetScale(f.kind))));
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return Float32Array.from(data);
  };
  let pred: Float32Array;
  if (!conditional || w === 1 || label === NULL_CLASS) pred = await run(conditional ? label : 0);
  else if (w === 0) pred = await run(NULL_CLASS);
  else {
    const [vc, vn] = [await run(label), await run(NULL_CLASS)];
    pred = vn.map((u, k) => u + w * (vc[k] - u));
  }
  if (f.kind === 'velocity') return pred;
  const out = new Float32Array(pred.length);
  const xy = new Float32Array(2);
  const p2 = new Float32Array(2);
  const v2 = new Float32Array(2);
  for (let i = 0; i < n; i++) {
    xy[0] = points[2 * i];
    xy[1] = points[2 * i + 1];
    p2[0] = pred[2 * i];
    p2[1] = pred[2 * i + 1];
    convertPrediction(f.kind, 'velocity', f.path, times[i], xy, p2, v2);
    out[2 * i] = v2[0];
    out[2 * i + 1] = v2[1];
  }
  return out;
}

/** The field grid of sampling.ts fieldGrid for any model: [time][row][col][uv] at cell centres over [-extent, extent]^2. */
export async function modelFieldGrid(model: Mlp, times: Float32Array, gridSize: number, extent: number, f: FieldOptions): Promise<Float32Array> {
  const cells = gridSize * gridSize;
  const points = new Float32Array(2 * times.length * cells);
  const ts = new Float32Array(times.length * cells);
  const step = (2 * extent) / gridSize;
  let r = 0;
  for (const t of times) {
    for (let row = 0; row < gridSize; row++) {
      for (let col = 0; col < gridSize; col++) {
        points[2 * r] = -extent + (col + 0.5) * step;
        points[2 * r + 1] = -extent + (row + 0.5) * step;
        ts[r++] = t;
      }
    }
  }
  return modelVelocities(model, points, ts, f);
}
