/**
 * The previous forward-mode density pass, kept as the reference the faster one must reproduce: the
 * network input built with networkInput, layer 0's tangents tiled per point, the SiLU slope
 * concatenated twice, and the velocity and divergence read back as one [n, 3] tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fieldSampleOfRows, type FieldWithDivergence } from '../../src/engine/density';
import type { Mlp } from '../../src/engine/mlp';
import { networkInput } from '../../src/engine/sampling';
import { DATA_SCALE } from '../../src/core/trainingBatch';

function previousVelocityAndDivergence(model: Mlp, x: tf.Tensor2D, t: number): tf.Tensor2D {
  const n = x.shape[0];
  const p = model.params;
  const last = model.layerCount - 1;
  let h = networkInput(x, t);
  const w0x = tf.mul(tf.slice(p[0], [0, 0], [2, -1]), tf.scalar(1 / DATA_SCALE)) as tf.Tensor2D;
  let tan = tf.concat([tf.broadcastTo(tf.slice(w0x, [0, 0], [1, -1]), [n, w0x.shape[1]]), tf.broadcastTo(tf.slice(w0x, [1, 0], [1, -1]), [n, w0x.shape[1]])]) as tf.Tensor2D;
  for (let l = 0; l < last; l++) {
    const z = tf.fused.matMul({ a: h, b: p[2 * l] as tf.Tensor2D, bias: p[2 * l + 1] }) as tf.Tensor2D;
    if (l > 0) tan = tf.matMul(tan, p[2 * l] as tf.Tensor2D);
    const s = tf.sigmoid(z);
    h = tf.mul(z, s) as tf.Tensor2D;
    const slope = tf.add(s, tf.mul(h, tf.sub(1, s)));
    tan = tf.mul(tan, tf.concat([slope, slope])) as tf.Tensor2D;
  }
  const wOut = p[2 * last] as tf.Tensor2D;
  const v = tf.mul(tf.fused.matMul({ a: h, b: wOut, bias: p[2 * last + 1] }), tf.scalar(DATA_SCALE));
  const jac = tf.matMul(tan, wOut);
  const div = tf.mul(tf.add(tf.slice(jac, [0, 0], [n, 1]), tf.slice(jac, [n, 1], [n, 1])), tf.scalar(DATA_SCALE));
  return tf.concat([v, div], 1) as tf.Tensor2D;
}

export function previousModelField(model: Mlp): FieldWithDivergence {
  return async (points, t) => {
    const n = points.length >> 1;
    const out = tf.tidy(() => previousVelocityAndDivergence(model, tf.tensor2d(points, [n, 2]), t));
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return fieldSampleOfRows(data, n);
  };
}

/** |a - b| <= tol (1 + |b|) elementwise, and the largest |b| (a comparison means something only if b is not ~0). */
export function expectClose(a: Float32Array, b: Float32Array, tol: number, what: string): number {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values vs ${b.length}`);
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(b[i]));
    if (!(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])))) throw new Error(`${what} ${i}: ${a[i]} vs ${b[i]}`);
  }
  return maxAbs;
}
