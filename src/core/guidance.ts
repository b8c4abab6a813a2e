/**
 * Classifier-free guidance: one conditional network v(x, t, c), trained with c sometimes dropped to
 * NULL_CLASS, is evaluated with and without the class and extrapolated:
 *   v_w = v(x, t, null) + w (v(x, t, c) - v(x, t, null)).
 * w = 0 samples the unconditional model, w = 1 the conditional one, w > 1 pushes particles deeper into
 * their class (higher class accuracy, less diversity). Guided sampling costs two network evaluations
 * per velocity, except at w = 0 and w = 1 where one suffices.
 */
import { NULL_CLASS } from './labels';
import type { VelocityFn } from './solvers';

export const GUIDANCE_LIMITS = { min: 0, max: 8 } as const;
/** Plain conditional sampling. */
export const DEFAULT_GUIDANCE = 1;

/** A conditional velocity: labels holds one class (or NULL_CLASS) per point of x. */
export type ConditionalVelocityFn = (x: Float32Array, t: number, labels: Uint8Array, out: Float32Array) => void;

/** out = vNull + w (vCond - vNull), elementwise; out may be either input. */
export function guide(vNull: Float32Array, vCond: Float32Array, w: number, out: Float32Array): Float32Array {
  for (let k = 0; k < out.length; k++) out[k] = vNull[k] + w * (vCond[k] - vNull[k]);
  return out;
}

/**
 * The guided velocity field for fixed per-point classes, as a VelocityFn any solver or the SDE sampler
 * can integrate. Buffers are reused between calls.
 */
export function guidedVelocity(v: ConditionalVelocityFn, labels: Uint8Array, w: number): VelocityFn {
  const nullLabels = new Uint8Array(labels.length).fill(NULL_CLASS);
  let vNull = new Float32Array(0);
  return (x, t, out) => {
    if (w === 1) return v(x, t, labels, out);
    if (w === 0) return v(x, t, nullLabels, out);
    if (vNull.length !== x.length) vNull = new Float32Array(x.length);
    v(x, t, nullLabels, vNull);
    v(x, t, labels, out);
    guide(vNull, out, w, out);
  };
}
