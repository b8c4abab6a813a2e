/**
 * Sampling images from a trained net: integrate dx/dt = v(x, t) from the t = 0 starts to t = 1 with a
 * fixed-step solver, on tensors, reading back only the frames asked for. A conditional net samples
 * with classifier-free guidance: v = v_uncond + w (v_cond - v_uncond), both halves in one forward pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapeClasses } from '../core/networkShape';
import { createRng } from '../core/rng';
import { TABLEAUX, type SolverName } from '../core/solvers';
import { TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import type { Mlp } from './mlp';

export interface SampleImagesOptions {
  /** count x dim start points (the t = 0 state). */
  start: Float32Array;
  count: number;
  dim: number;
  steps: number;
  solver: SolverName;
  /** Frames returned, evenly spaced in t from 0 to 1 (1: only the final sample). */
  frames: number;
  /** Class per sample for a conditional net (-1 = unconditional); absent or null: all unconditional. */
  classes?: Int32Array | null;
  /** Guidance weight w (1 when absent: the plain conditional field; 0: the unconditional one). */
  guidance?: number;
}

/** count x dim draws of N(0, I) from a seed. */
export function noiseImages(count: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/** Row-major count x slots one-hot, slot `classes` (the null class) where the class is absent or < 0. */
function oneHots(count: number, classes: number, labels: Int32Array | null): Float32Array {
  const slots = classes + 1;
  const out = new Float32Array(count * slots);
  for (let i = 0; i < count; i++) {
    const c = labels && labels[i] >= 0 && labels[i] < classes ? labels[i] : classes;
    out[i * slots + c] = 1;
  }
  return out;
}

/** Step index (possibly fractional) of each frame. */
function frameSteps(frames: number, steps: number): number[] {
  if (frames <= 1) return [steps];
  return Array.from({ length: frames }, (_, k) => (k * steps) / (frames - 1));
}

/**
 * frames x count x dim: frame k is the state at t = k / (frames - 1). Between solver steps the state is
 * interpolated linearly (exact for Euler, whose path is piecewise straight), so even 1 step plays smoothly.
 */
export async function sampleImages(model: Mlp, opts: SampleImagesOptions): Promise<Float32Array> {
  const { count: n, dim, steps } = opts;
  if (opts.start.length !== n * dim) throw new Error(`start holds ${opts.start.length} values, expected ${n} x ${dim}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a whole number >= 1, not ${steps}`);
  const frames = Math.max(1, Math.floor(opts.frames));
  if (n === 0) return new Float32Array(0);
  const tableau = TABLEAUX[opts.solver];
  const conditional = !!model.shape.conditional;
  const classes = conditional ? shapeClasses(model.shape) : 0;
  const labels = conditional && opts.classes ? opts.classes : null;
  const w = opts.guidance ?? 1;
  const anyClass = !!labels && labels.some((c) => c >= 0);
  // Two halves (conditional, then null) only when guidance mixes them; else one pass on one one-hot.
  const guided = conditional && anyClass && w !== 1;
  const rows = guided ? 2 * n : n;
  const slots = conditional ? classes + 1 : 0;
  const hot = conditional
    ? tf.keep(
        tf.tensor2d(
          guided ? new Float32Array([...oneHots(n, classes, labels), ...oneHots(n, classes, null)]) : oneHots(n, classes, w === 0 ? null : labels),
          [rows, slots],
        ),
      )
    : null;
  const wScalar = tf.keep(tf.scalar(w));
  const feats = new Float32Array(TIME_FEATURE_COUNT);

  const velocity = (x: tf.Tensor2D, t: number): tf.Tensor2D => {
    writeTimeFeatures(t, feats, 0);
    const time = tf.broadcastTo(tf.tensor2d(feats, [1, TIME_FEATURE_COUNT]), [rows, TIME_FEATURE_COUNT]);
    const xs = guided ? tf.concat([x, x], 0) : x;
    const input = tf.concat(hot ? [xs, time, hot] : [xs, time], 1) as tf.Tensor2D;
    const out = model.forward(input);
    if (!guided) return out;
    const vc = tf.slice(out, [0, 0], [n, dim]);
    const vu = tf.slice(out, [n, 0], [n, dim]);
    return tf.add(vu, tf.mul(wScalar, tf.sub(vc, vu))) as tf.Tensor2D;
  };

  const want = frameSteps(frames, steps);
  const needed = new Set<number>();
  for (const s of want) {
    needed.add(Math.floor(s));
    needed.add(Math.min(steps, Math.ceil(s)));
  }
  const kept = new Map<number, tf.Tensor2D>();
  let x = tf.keep(tf.tensor2d(opts.start, [n, dim]));
  if (needed.has(0)) kept.set(0, x);
  const h = 1 / steps;
  try {
    for (let i = 0; i < steps; i++) {
      const t = i * h;
      const next = tf.tidy(() => {
        const ks: tf.Tensor2D[] = [];
        for (let s = 0; s < tableau.b.length; s++) {
          let xs: tf.Tensor2D = x;
          tableau.a[s].forEach((a, j) => {
            if (a !== 0) xs = tf.add(xs, tf.mul(ks[j], tf.scalar(a * h))) as tf.Tensor2D;
          });
          ks.push(velocity(xs, t + tableau.c[s] * h));
        }
        let y: tf.Tensor2D = x;
        tableau.b.forEach((b, s) => {
          if (b !== 0) y = tf.add(y, tf.mul(ks[s], tf.scalar(b * h))) as tf.Tensor2D;
        });
        return y;
      });
      if (!kept.has(i)) x.dispose();
      x = tf.keep(next);
      if (needed.has(i + 1)) kept.set(i + 1, x);
    }
    const order = [...kept.keys()].sort((a, b) => a - b);
    const stacked = tf.stack(order.map((k) => kept.get(k)!));
    const data = (await stacked.data()) as Float32Array;
    stacked.dispose();
    const at = new Map(order.map((k, i) => [k, data.subarray(i * n * dim, (i + 1) * n * dim)]));
    const out = new Float32Array(want.length * n * dim);
    want.forEach((s, f) => {
      const i0 = Math.floor(s);
      const i1 = Math.min(steps, Math.ceil(s));
      const a = at.get(i0)!;
      const b = at.get(i1)!;
      const u = s - i0;
      const o = f * n * dim;
      if (u === 0 || i0 === i1) out.set(a, o);
      else for (let k = 0; k < n * dim; k++) out[o + k] = a[k] + u * (b[k] - a[k]);
    });
    if (frames > 1) out.set(opts.start, 0);
    return out;
  } finally {
    kept.forEach((t) => t.dispose());
    if (!x.isDisposed) x.dispose();
    hot?.dispose();
    wScalar.dispose();
  }
}
