/**
 * Adam with bias correction folded into one scalar step size, so each parameter costs a handful of
 * elementwise kernels and no per-step scalar uploads beyond one.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly b1: tf.Scalar;
  private readonly b2: tf.Scalar;
  private readonly c1: tf.Scalar;
  private readonly c2: tf.Scalar;
  private readonly eps: tf.Scalar;
  private t = 0;

  constructor(params: readonly tf.Variable[], opts: AdamOptions) {
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.m = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.b1 = tf.keep(tf.scalar(this.beta1));
    this.b2 = tf.keep(tf.scalar(this.beta2));
    this.c1 = tf.keep(tf.scalar(1 - this.beta1));
    this.c2 = tf.keep(tf.scalar(1 - this.beta2));
    this.eps = tf.keep(tf.scalar(this.epsilon));
  }

  get iterations(): number {
    return this.t;
  }

  /** One update of params from grads (same order). Call inside tf.tidy. */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    this.t += 1;
    const step = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    const lr = tf.scalar(-step);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const m = tf.add(tf.mul(this.m[i], this.b1), tf.mul(g, this.c1));
      const v = tf.add(tf.mul(this.v[i], this.b2), tf.mul(tf.square(g), this.c2));
      this.m[i].assign(m);
      this.v[i].assign(v);
      params[i].assign(tf.add(params[i], tf.mul(lr, tf.div(m, tf.add(tf.sqrt(v), this.eps)))));
    }
  }

  /** Forget the moments (after the weights are replaced). */
  reset(): void {
    this.t = 0;
    for (const m of this.m) m.assign(tf.zerosLike(m));
    for (const v of this.v) v.assign(tf.zerosLike(v));
  }

  dispose(): void {
    [...this.m, ...this.v, this.b1, this.b2, this.c1, this.c2, this.eps].forEach((x) => x.dispose());
  }
}

/** Placeholder until the fused kernel lands. */
export async function checkFusedAdam(): Promise<{ maxAbsErr: number; fused: boolean }> {
  return { maxAbsErr: 0, fused: false };
}
