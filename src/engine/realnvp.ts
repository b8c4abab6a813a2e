/**
 * RealNVP: a discrete normalizing flow of K affine coupling layers on the plane, trained by maximum
 * likelihood. Layer k transforms one coordinate d = k mod 2 (alternating) given the other c:
 *   x_d = z_d exp(s_k(z_c)) + m_k(z_c),  x_c = z_c,
 * so its Jacobian is triangular and log|det dx/dz| = s_k; the inverse is exact:
 *   z_d = (x_d - m_k(x_c)) exp(-s_k(x_c)).
 * s_k and m_k come from a small SiLU MLP of the other coordinate; s_k = g_k tanh(raw) with a learnable
 * gain g_k (init 1), which keeps the log-scale bounded at the start, when a wild scale would blow up.
 * forward maps source to target (z -> x), inverse target to source; after k of K layers is "t = k/K".
 */
import * as tf from '@tensorflow/tfjs-core';
// Autodiff (tf.variableGrads) for the likelihood loss.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { IsoGaussian } from '../core/gaussianField';
import { DEFAULT_FLOW, realNvpShapeOf } from '../core/objectives';
import { createRng, deriveSeed, type Rng } from '../core/rng';
import { drawRows } from '../core/targetBatch';
import { DATA_SCALE } from '../core/trainingBatch';
import { Adam } from './adam';
import { gaussianLogProb } from './sourceLogProb';

export interface RealNvpShape {
  /** Coupling layers K. */
  couplings: number;
  /** Hidden layers of each coupling's MLP. */
  hiddenLayers: number;
  width: number;
}

/** K = 8 couplings of 2 x 32 (core/objectives.ts DEFAULT_FLOW: one place knows the defaults). */
export const DEFAULT_REALNVP_SHAPE: RealNvpShape = realNvpShapeOf(DEFAULT_FLOW);

/**
 * Parameters as plain arrays: per coupling W0, b0, ..., W_last, b_last (sizes 1 -> width x hiddenLayers
 * -> 2: raw log-scale and shift), then the gain g_k (one value); couplings in order.
 */
export interface RealNvpWeights {
  shape: RealNvpShape;
  arrays: Float32Array[];
}

function couplingSizes(shape: RealNvpShape): number[] {
  return [1, ...new Array<number>(shape.hiddenLayers).fill(shape.width), 2];
}

/** Arrays per coupling: a weight and a bias per layer, and the gain. */
export function arraysPerCoupling(shape: RealNvpShape): number {
  return 2 * (shape.hiddenLayers + 1) + 1;
}

function checkShape(shape: RealNvpShape): void {
  for (const [k, v] of Object.entries(shape)) {
    if (!Number.isInteger(v) || v < (k === 'hiddenLayers' ? 0 : 1)) throw new Error(`RealNVP ${k} must be a positive integer, got ${v}`);
  }
}

/** Glorot-uniform weights, zero biases, gains 1; the last layer scaled down so the flow starts near the identity. */
export function initRealNvpWeights(shape: RealNvpShape, seed: number): RealNvpWeights {
  checkShape(shape);
  const rng = createRng(seed);
  const sizes = couplingSizes(shape);
  const arrays: Float32Array[] = [];
  for (let k = 0; k < shape.couplings; k++) {
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const limit = Math.sqrt(6 / (fanIn + fanOut)) * (l + 2 === sizes.length ? 0.1 : 1);
      arrays.push(Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng.uniform() - 1) * limit), new Float32Array(fanOut));
    }
    arrays.push(Float32Array.of(1));
  }
  return { shape: { ...shape }, arrays };
}

/** The map with its log-determinant: the points [n, 2] and log|det| of the map applied, [n]. */
export interface MappedPoints {
  points: tf.Tensor2D;
  logDet: tf.Tensor1D;
}

export class RealNvp {
  readonly shape: RealNvpShape;
  readonly params: tf.Variable[];

  constructor(weights: RealNvpWeights) {
    checkShape(weights.shape);
    this.shape = { ...weights.shape };
    const sizes = couplingSizes(this.shape);
    const per = arraysPerCoupling(this.shape);
    if (weights.arrays.length !== per * this.shape.couplings) throw new Error(`RealNVP weights: ${weights.arrays.length} arrays, expected ${per * this.shape.couplings}`);
    this.params = weights.arrays.map((a, i) => {
      const j = i % per;
      const l = j >> 1;
      const shp: number[] = j === per - 1 ? [1] : j % 2 === 0 ? [sizes[l], sizes[l + 1]] : [sizes[l + 1]];
      if (a.length !== shp.reduce((p, q) => p * q, 1)) throw new Error(`RealNVP weight ${i} has ${a.length} values, expected ${shp.join('x')}`);
      return tf.tidy(() => tf.variable(tf.tensor(a, shp), true));
    });
  }

  get couplings(): number {
    return this.shape.couplings;
  }

  /** Log-scale s_k and shift m_k [n, 1] of coupling k from the conditioning coordinate c [n, 1]. Call inside tf.tidy. */
  private conditioner(k: number, c: tf.Tensor2D): { s: tf.Tensor2D; m: tf.Tensor2D } {
    const per = arraysPerCoupling(this.shape);
    const p = this.params.slice(k * per, (k + 1) * per);
    const layers = this.shape.hiddenLayers + 1;
    // Data units in and out, network units inside (as the velocity MLP).
    let h = tf.mul(c, tf.scalar(1 / DATA_SCALE)) as tf.Tensor2D;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(h, p[2 * l] as tf.Tensor2D), p[2 * l + 1]) as tf.Tensor2D;
      h = l + 1 < layers ? (tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D) : z;
    }
    const s = tf.mul(p[per - 1], tf.tanh(tf.slice(h, [0, 0], [-1, 1]))) as tf.Tensor2D;
    const m = tf.mul(tf.slice(h, [0, 1], [-1, 1]), tf.scalar(DATA_SCALE)) as tf.Tensor2D;
    return { s, m };
  }

  /** Which coordinate coupling k transforms (0: x, 1: y), alternating. */
  static transformed(k: number): 0 | 1 {
    return (k % 2) as 0 | 1;
  }

  /**
   * Source to target: the first `upTo` couplings (default all) applied to z [n, 2], with
   * log|det dx/dz| = sum of the log-scales. Call inside tf.tidy.
   */
  forward(z: tf.Tensor2D, upTo = this.couplings): MappedPoints {
    if (!Number.isInteger(upTo) || upTo < 0 || upTo > this.couplings) throw new Error(`couplings applied must lie in 0..${this.couplings}, got ${upTo}`);
    let cols = [tf.slice(z, [0, 0], [-1, 1]) as tf.Tensor2D, tf.slice(z, [0, 1], [-1, 1]) as tf.Tensor2D];
    let logDet: tf.Tensor = tf.zeros([z.shape[0], 1]);
    for (let k = 0; k < upTo; k++) {
      const d = RealNvp.transformed(k);
      const { s, m } = this.conditioner(k, cols[1 - d]);
      const moved = tf.add(tf.mul(cols[d], tf.exp(s)), m) as tf.Tensor2D;
      cols = d === 0 ? [moved, cols[1]] : [cols[0], moved];
      logDet = tf.add(logDet, s);
    }
    return { points: tf.concat(cols, 1) as tf.Tensor2D, logDet: tf.reshape(logDet, [-1]) as tf.Tensor1D };
  }

  /** Target to source, exactly: all couplings undone in reverse, with log|det dz/dx| = -sum of the log-scales. Call inside tf.tidy. */
  inverse(x: tf.Tensor2D): MappedPoints {
    let cols = [tf.slice(x, [0, 0], [-1, 1]) as tf.Tensor2D, tf.slice(x, [0, 1], [-1, 1]) as tf.Tensor2D];
    let logDet: tf.Tensor = tf.zeros([x.shape[0], 1]);
    for (let k = this.couplings - 1; k >= 0; k--) {
      const d = RealNvp.transformed(k);
      const { s, m } = this.conditioner(k, cols[1 - d]);
      const moved = tf.mul(tf.sub(cols[d], m), tf.exp(tf.neg(s))) as tf.Tensor2D;
      cols = d === 0 ? [moved, cols[1]] : [cols[0], moved];
      logDet = tf.sub(logDet, s);
    }
    return { points: tf.concat(cols, 1) as tf.Tensor2D, logDet: tf.reshape(logDet, [-1]) as tf.Tensor1D };
  }

  /** log p(x) = log p0(z) + log|det dz/dx| at x [n, 2], as [n]. Call inside tf.tidy. */
  logProb(x: tf.Tensor2D, source: IsoGaussian): tf.Tensor1D {
    const { points, logDet } = this.inverse(x);
    return tf.add(gaussianLogProb(points, source), logDet) as tf.Tensor1D;
  }

  /** Source to target on interleaved points, after `upTo` couplings (the map at t = upTo / K). */
  async mapPoints(points: Float32Array, upTo = this.couplings): Promise<Float32Array> {
    const out = tf.tidy(() => this.forward(tf.tensor2d(points, [points.length >> 1, 2]), upTo).points);
    const data = Float32Array.from((await out.data()) as Float32Array);
    out.dispose();
    return data;
  }

  /** Exact log-likelihood of each interleaved point (one readback). */
  async logLikelihood(points: Float32Array, source: IsoGaussian): Promise<Float32Array> {
    const out = tf.tidy(() => this.logProb(tf.tensor2d(points, [points.length >> 1, 2]), source));
    const data = Float32Array.from((await out.data()) as Float32Array);
    out.dispose();
    return data;
  }

  async getWeights(): Promise<RealNvpWeights> {
    const arrays = await Promise.all(this.params.map((p) => p.data() as Promise<Float32Array>));
    return { shape: { ...this.shape }, arrays: arrays.map((a) => Float32Array.from(a)) };
  }

  setWeights(w: RealNvpWeights): void {
    if (w.shape.couplings !== this.shape.couplings || w.shape.hiddenLayers !== this.shape.hiddenLayers || w.shape.width !== this.shape.width) {
      throw new Error('weights do not fit this RealNVP');
    }
    tf.tidy(() => w.arrays.forEach((a, i) => this.params[i].assign(tf.tensor(a, this.params[i].shape))));
  }

  dispose(): void {
    this.params.forEach((p) => p.dispose());
  }
}

/** Mean negative log-likelihood in nats per point (a step's loss, or a held-out score). */
export interface NllPoint {
  step: number;
  nll: number;
}

export interface LikelihoodTrainerOptions {
  seed: number;
  learningRate: number;
  batchSize: number;
  /** The source density (exact; see core/sourceDensity). */
  source: IsoGaussian;
}

/** Gradients of a scalar loss for the given variables, in their order. Call inside tf.tidy. */
export function gradsInOrder(loss: () => tf.Scalar, params: tf.Variable[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(loss, params);
  return { value, grads: params.map((p) => grads[p.name]) };
}

/** RealNVP trained by maximum likelihood on batches of the target cloud, with the engine's Adam. */
export class RealNvpTrainer {
  model: RealNvp;
  readonly opts: LikelihoodTrainerOptions;
  private readonly loop: LikelihoodLoop;

  constructor(shape: RealNvpShape, opts: LikelihoodTrainerOptions) {
    this.opts = { ...opts };
    this.model = new RealNvp(initRealNvpWeights(shape, opts.seed));
    this.loop = new LikelihoodLoop(this.model.params, opts);
  }

  /** Training steps taken. */
  get step(): number {
    return this.loop.step;
  }

  setTarget(target: Float32Array): void {
    this.loop.target = target;
  }

  /** Network evaluations per training step: the K coupling nets, once each. */
  get evalsPerStep(): number {
    return this.model.couplings;
  }

  /** Run count steps; the mean NLL of each recorded batch (every lossEvery steps and the last), read back once. */
  async train(count: number, lossEvery = 10): Promise<NllPoint[]> {
    return this.loop.run(count, lossEvery, (x) => tf.neg(tf.mean(this.model.logProb(x, this.opts.source))) as tf.Scalar);
  }

  /** Held-out mean NLL (nats per point) by the exact inverse. */
  async heldOutNll(points: Float32Array): Promise<number> {
    return -mean(await this.model.logLikelihood(points, this.opts.source));
  }

  dispose(): void {
    this.loop.dispose();
    this.model.dispose();
  }
}

/**
 * The step loop both likelihood trainers share: seeded batches of target rows, the mean NLL `nll(x)`
 * minimised by autodiff and the engine's Adam; the NLL of every `lossEvery`-th step (and the last)
 * read back once at the end.
 */
export class LikelihoodLoop {
  readonly optimizer: Adam;
  target: Float32Array = new Float32Array(0);
  step = 0;
  private readonly rng: Rng;
  private readonly batch: Float32Array;

  constructor(
    private readonly params: tf.Variable[],
    opts: LikelihoodTrainerOptions,
  ) {
    this.optimizer = new Adam(params, { learningRate: opts.learningRate });
    this.rng = createRng(deriveSeed(opts.seed, 'batches'));
    this.batch = new Float32Array(2 * opts.batchSize);
  }

  async run(count: number, lossEvery: number, nll: (x: tf.Tensor2D) => tf.Scalar): Promise<NllPoint[]> {
    const pending: { step: number; loss: tf.Scalar }[] = [];
    const b = this.batch.length >> 1;
    for (let i = 0; i < count; i++) {
      drawRows(this.target, this.rng, this.batch);
      this.step += 1;
      const record = this.step % lossEvery === 0 || i === count - 1;
      const loss = tf.tidy(() => {
        const { value, grads } = gradsInOrder(() => nll(tf.tensor2d(this.batch, [b, 2])), this.params);
        this.optimizer.apply(this.params, grads);
        return record ? value : undefined;
      });
      if (loss) pending.push({ step: this.step, loss: loss as tf.Scalar });
    }
    return readLosses(pending);
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Read back recorded losses in one stack. */
export async function readLosses(pending: { step: number; loss: tf.Scalar }[]): Promise<NllPoint[]> {
  if (pending.length === 0) return [];
  const stacked = tf.stack(pending.map((p) => p.loss));
  const values = (await stacked.data()) as Float32Array;
  stacked.dispose();
  pending.forEach((p) => p.loss.dispose());
  return pending.map((p, i) => ({ step: p.step, nll: values[i] }));
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}
