/**
 * The velocity field a model is SAMPLED with (diffusionSampling.ts: prediction kind, path, classes,
 * guidance; the ODE part), with its exact divergence: what the density heatmap, the straightness
 * metric and every other view that reads the network as a field must use. A plain unconditional
 * velocity model keeps density.ts' modelField, its fast path.
 *
 * Guidance is linear in the passes, so the guided prediction's Jacobian is the same weighted sum of
 * each pass's Jacobian (density.ts forwardWithTangents with the pass's class rows as a per-point bias);
 * the prediction then becomes a velocity with its divergence on the host (core/velocityDivergence.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { targetScale } from '../core/conditionalBatch';
import type { DiffusionPathName } from '../core/diffusionPaths';
import { NULL_CLASS } from '../core/labels';
import type { TargetKind } from '../core/predictionTargets';
import { velocityWithDivergence } from '../core/velocityDivergence';
import { forwardWithTangents, modelField, type FieldSample, type FieldWithDivergence } from './density';
import { guidancePasses, labelBias } from './diffusionSampling';
import type { Mlp } from './mlp';

export interface ModelVelocityOptions {
  kind: TargetKind;
  path: DiffusionPathName;
  /** One class per point (conditional models); wins over `label`. */
  labels?: Uint8Array | null;
  /** The class of every point (conditional models; default NULL_CLASS, the unconditional field). */
  label?: number;
  /** Guidance weight w (conditional models; default 1). */
  guidance?: number;
}

/** Whether density.ts' modelField already is this field: an unconditional velocity model. */
export function isPlainField(model: Mlp, f: ModelVelocityOptions | undefined): boolean {
  return !model.shape.conditional && (!f || f.kind === 'velocity');
}

/**
 * The guided prediction (its own units) at points x [n, 2] (data units) and time t, with the diagonal of
 * its input Jacobian, as [n, 4] = [p_x, p_y, d p_x / dx, d p_y / dy]. Call inside tf.tidy.
 */
export function predictionWithDiagonal(model: Mlp, x: tf.Tensor2D, t: number, f: ModelVelocityOptions): tf.Tensor2D {
  const n = x.shape[0];
  const conditional = model.shape.conditional === true;
  let passes: { bias: tf.Tensor2D | undefined; weight: number }[] = [{ bias: undefined, weight: 1 }];
  if (conditional) {
    const labels = f.labels ?? new Uint8Array(n).fill(f.label ?? NULL_CLASS);
    if (labels.length !== n) throw new Error(`${labels.length} classes for ${n} points`);
    passes = guidancePasses(labels, f.guidance ?? 1).map((p) => ({ bias: labelBias(model.params[0] as tf.Tensor2D, p.labels), weight: p.weight }));
  }
  let out: tf.Tensor2D | null = null;
  let jac: tf.Tensor2D | null = null;
  for (const p of passes) {
    const r = forwardWithTangents(model, x, t, p.bias);
    const o = p.weight === 1 ? r.out : (tf.mul(r.out, tf.scalar(p.weight)) as tf.Tensor2D);
    const j = p.weight === 1 ? r.jac : (tf.mul(r.jac, tf.scalar(p.weight)) as tf.Tensor2D);
    out = out ? (tf.add(out, o) as tf.Tensor2D) : o;
    jac = jac ? (tf.add(jac, j) as tf.Tensor2D) : j;
  }
  // jac rows 0..n-1 are d out / dx, rows n..2n-1 d out / dy: the diagonal is column 0 of the first, 1 of the second.
  const diag = tf.concat([tf.slice(jac!, [0, 0], [n, 1]), tf.slice(jac!, [n, 1], [n, 1])], 1);
  return tf.mul(tf.concat([out!, diag], 1), tf.scalar(targetScale(f.kind))) as tf.Tensor2D;
}

/** Velocity (interleaved xy, data units) and its exact divergence at points, all at time t (one readback). */
export async function modelVelocityAndDivergence(model: Mlp, points: Float32Array, t: number, f: ModelVelocityOptions): Promise<FieldSample> {
  const n = points.length >> 1;
  if (n === 0) return { v: new Float32Array(0), div: new Float32Array(0) };
  const rows = tf.tidy(() => predictionWithDiagonal(model, tf.tensor2d(points, [n, 2]), t, f));
  const data = (await rows.data()) as Float32Array;
  rows.dispose();
  const pred = new Float32Array(2 * n);
  const diag = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    pred[2 * i] = data[4 * i];
    pred[2 * i + 1] = data[4 * i + 1];
    diag[2 * i] = data[4 * i + 2];
    diag[2 * i + 1] = data[4 * i + 3];
  }
  const v = new Float32Array(2 * n);
  const div = new Float32Array(n);
  velocityWithDivergence(f.kind, f.path, t, points, pred, diag, v, div);
  return { v, div };
}

/** The model's sampled field as a FieldWithDivergence (density.ts pullBack / logDensityAt); plain models keep modelField. */
export function modelVelocityField(model: Mlp, f?: ModelVelocityOptions): FieldWithDivergence {
  if (isPlainField(model, f)) return modelField(model);
  // A conditional model asked without settings: its unconditional (null-class) velocity field.
  const opts = f ?? { kind: 'velocity', path: 'straight' };
  return (points, t) => modelVelocityAndDivergence(model, points, t, opts);
}
