/**
 * A continuous normalizing flow trained by maximum likelihood: the same velocity MLP as flow matching,
 * but each step solves the ODE. A batch of target points is integrated from t = 1 back to t = 0 with a
 * fixed-step solver (RK4 by default), carrying the exact divergence (2D: the trace of the Jacobian by
 * two forward-mode tangents, density.ts forwardWithTangents, all plain differentiable tfjs ops), so
 *   log p1(x) = log p0(z0) - integral_0^1 div v(x_t, t) dt,
 * and the mean NLL is minimised by backpropagating through the whole solve (tf.variableGrads).
 * What this costs against flow matching is the point of the comparison: stages x steps network
 * evaluations with tangents per step, forward and backward, against flow matching's one.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { IsoGaussian } from '../core/gaussianField';
import { gaussianLogDensity } from '../core/densityModels';
import { DEFAULT_CNF_STEPS } from '../core/objectives';
import { TABLEAUX, type SolverName } from '../core/solvers';
import type { MlpShape } from '../core/networkShape';
import { logDensityAt, modelField, velocityAndDivergenceTensor } from './density';
import { initWeights, Mlp, type MlpWeights } from './mlp';
import { LikelihoodLoop, mean, type LikelihoodTrainerOptions, type NllPoint } from './realnvp';
import { gaussianLogProb } from './sourceLogProb';

// The default lives with the other objective settings (core/objectives.ts); re-exported for the engine's users.
export { DEFAULT_CNF_STEPS };

export interface OdeOptions {
  /** Fixed solver steps from t = 1 down to 0. */
  steps: number;
  solver: SolverName;
}

/**
 * log p1 of a batch x [n, 2] under the model's ODE, differentiable in the network's parameters.
 * The augmented state [x, integral of div] takes the solver's tableau backwards in time. Call inside tf.tidy.
 */
export function cnfLogProb(model: Mlp, x: tf.Tensor2D, source: IsoGaussian, ode: OdeOptions): tf.Tensor1D {
  const { steps, solver } = ode;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const tab = TABLEAUX[solver];
  const n = x.shape[0];
  const h = -1 / steps;
  let pos: tf.Tensor2D = x;
  // acc = integral from 1 down to 0 of div = -integral_0^1 div.
  let acc: tf.Tensor2D = tf.zeros([n, 1]);
  for (let s = 0; s < steps; s++) {
    const ts = 1 + s * h;
    const kv: tf.Tensor2D[] = [];
    const kd: tf.Tensor2D[] = [];
    for (let st = 0; st < tab.b.length; st++) {
      let probe: tf.Tensor2D = pos;
      tab.a[st].forEach((w, q) => {
        if (w !== 0) probe = tf.add(probe, tf.mul(kv[q], tf.scalar(h * w))) as tf.Tensor2D;
      });
      const vd = velocityAndDivergenceTensor(model, probe, ts + tab.c[st] * h);
      kv.push(tf.slice(vd, [0, 0], [n, 2]) as tf.Tensor2D);
      kd.push(tf.slice(vd, [0, 2], [n, 1]) as tf.Tensor2D);
    }
    tab.b.forEach((w, st) => {
      if (w === 0) return;
      pos = tf.add(pos, tf.mul(kv[st], tf.scalar(h * w))) as tf.Tensor2D;
      acc = tf.add(acc, tf.mul(kd[st], tf.scalar(h * w))) as tf.Tensor2D;
    });
  }
  return tf.add(gaussianLogProb(pos, source), tf.reshape(acc, [n])) as tf.Tensor1D;
}

export interface CnfTrainerOptions extends LikelihoodTrainerOptions, Partial<OdeOptions> {
  shape: MlpShape;
  explicitTranspose: boolean;
}

/** The CNF trained by maximum likelihood, with the engine's Adam and seeded batches of the target. */
export class CnfTrainer {
  model: Mlp;
  readonly opts: LikelihoodTrainerOptions & OdeOptions & { shape: MlpShape; explicitTranspose: boolean };
  private readonly loop: LikelihoodLoop;

  constructor(opts: CnfTrainerOptions) {
    this.opts = { ...opts, steps: opts.steps ?? DEFAULT_CNF_STEPS, solver: opts.solver ?? 'rk4' };
    this.model = new Mlp(initWeights(opts.shape, opts.seed), { explicitTranspose: opts.explicitTranspose });
    this.loop = new LikelihoodLoop(this.model.params, opts);
  }

  /** Training steps taken. */
  get step(): number {
    return this.loop.step;
  }

  setTarget(target: Float32Array): void {
    this.loop.target = target;
  }

  /** Network evaluations per training step (each with its two tangents, then backpropagated): stages x steps. */
  get evalsPerStep(): number {
    return TABLEAUX[this.opts.solver].b.length * this.opts.steps;
  }

  /** Run count steps; the mean NLL of each recorded batch (every lossEvery steps and the last), read back once. */
  async train(count: number, lossEvery = 10): Promise<NllPoint[]> {
    return this.loop.run(count, lossEvery, (x) => tf.neg(tf.mean(cnfLogProb(this.model, x, this.opts.source, this.opts))) as tf.Scalar);
  }

  /** Held-out mean NLL by the ODE with the exact divergence (its own solver and steps unless given). */
  heldOutNll(points: Float32Array, ode: Partial<OdeOptions> = {}): Promise<number> {
    return mlpHeldOutNll(this.model, points, this.opts.source, { steps: ode.steps ?? this.opts.steps, solver: ode.solver ?? this.opts.solver });
  }

  getWeights(): Promise<MlpWeights> {
    return this.model.getWeights();
  }

  setWeights(w: MlpWeights): void {
    this.model.setWeights(w);
    this.loop.optimizer.reset();
  }

  dispose(): void {
    this.loop.dispose();
    this.model.dispose();
  }
}

/**
 * Held-out mean NLL (nats per point) of any velocity MLP (flow matching's or the CNF's) on a Gaussian
 * source: the ODE pulled back from t = 1 with the exact divergence (density.ts).
 */
export async function mlpHeldOutNll(model: Mlp, points: Float32Array, source: IsoGaussian, ode: OdeOptions): Promise<number> {
  const logp = await logDensityAt(modelField(model), points, { t: 1, steps: ode.steps, solver: ode.solver, sourceLogDensity: gaussianLogDensity(source.mean, source.std) });
  return -mean(logp);
}
