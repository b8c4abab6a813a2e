/**
 * The compare view's three models behind one interface: train a few steps, map points through the
 * model at the frames of the time slider, score held-out points by the model's exact likelihood, and
 * the log-density on a grid. Flow matching and the CNF share the velocity MLP (their maps are ODE
 * solves); RealNVP's map after k of its K couplings is its frame k.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import { gaussianLogDensity } from '../core/densityModels';
import type { IsoGaussian } from '../core/gaussianField';
import { DEFAULT_FLOW, type Objective } from '../core/objectives';
import { couplerFor } from '../core/couplers';
import { CnfTrainer, mlpHeldOutNll } from './cnfTrainer';
import { gridPoints, logDensityGrid } from './density';
import type { Mlp } from './mlp';
import { RealNvp, RealNvpTrainer, type RealNvpShape } from './realnvp';
import { integrateTrajectories } from './sampling';
import { Trainer } from './trainer';

/** Flow matching and the CNF are scored (and their densities drawn) by the same RK4 solve. */
export const SCORE_ODE = { steps: 8, solver: 'rk4' as const };
/** ODE frames of the time slider for the continuous models (RK4 steps). */
export const ODE_FRAMES = 8;
/** RealNVP's coupling nets in the compare view (the scene format's defaults). */
export const COUPLING_NET = { hiddenLayers: DEFAULT_FLOW.couplingLayers, width: DEFAULT_FLOW.couplingWidth };

export interface CompareModelOptions {
  objective: Objective;
  seed: number;
  /** Network, batch and learning rate: the playground's (RealNVP keeps its batch and learning rate, with its own small nets). */
  train: TrainConfig;
  source: IsoGaussian;
  cnfSteps: number;
  couplings: number;
  explicitTranspose: boolean;
}

export interface StepLoss {
  step: number;
  loss: number;
}

export interface CompareModel {
  readonly objective: Objective;
  readonly step: number;
  /** Network evaluations per training step. */
  readonly evalsPerStep: number;
  setData(source: Float32Array, target: Float32Array): void;
  train(count: number): Promise<StepLoss[]>;
  /** Positions [point][frame][xy] of the model's map at t = k / (frames - 1). */
  frames(points: Float32Array): Promise<{ frames: number; positions: Float32Array }>;
  /** Mean negative log-likelihood (nats per point) of points, by the model's exact route. */
  heldOutNll(points: Float32Array): Promise<number>;
  /** log p1 at grid cell centres [row][col] over [-extent, extent]^2. */
  logDensityGrid(gridSize: number, extent: number): Promise<Float32Array>;
  /** Trained weights: the MLP's W0, b0, ... or RealNVP's arrays (realnvp.ts). */
  getArrays(): Promise<Float32Array[]>;
  setArrays(arrays: Float32Array[], step: number): void;
  dispose(): void;
}

async function mlpFrames(model: Mlp, points: Float32Array): Promise<{ frames: number; positions: Float32Array }> {
  return { frames: ODE_FRAMES + 1, positions: await integrateTrajectories(model, { start: points, steps: ODE_FRAMES, solver: 'rk4' }) };
}

const mlpDensity = (model: Mlp, source: IsoGaussian, gridSize: number, extent: number) =>
  logDensityGrid(model, { gridSize, extent, t: 1, ...SCORE_ODE, sourceLogDensity: gaussianLogDensity(source.mean, source.std) });

const mlpShape = (train: TrainConfig) => ({ hiddenLayers: train.hiddenLayers, width: train.width });

/** Flow matching: the playground's trainer (its coupling too), scored by the ODE with the exact divergence. */
class FmModel implements CompareModel {
  readonly objective = 'fm' as const;
  readonly evalsPerStep = 1;
  private readonly trainer: Trainer;

  constructor(private readonly opts: CompareModelOptions) {
    this.trainer = new Trainer({ config: opts.train, seed: opts.seed, explicitTranspose: opts.explicitTranspose, coupler: (cfg) => couplerFor(cfg.coupling) });
  }

  get step(): number {
    return this.trainer.step;
  }

  setData(source: Float32Array, target: Float32Array): void {
    this.trainer.setClouds(source, target);
  }

  train(count: number): Promise<StepLoss[]> {
    return this.trainer.train(count);
  }

  frames(points: Float32Array) {
    return mlpFrames(this.trainer.model, points);
  }

  heldOutNll(points: Float32Array): Promise<number> {
    return mlpHeldOutNll(this.trainer.model, points, this.opts.source, SCORE_ODE);
  }

  logDensityGrid(gridSize: number, extent: number): Promise<Float32Array> {
    return mlpDensity(this.trainer.model, this.opts.source, gridSize, extent);
  }

  async getArrays(): Promise<Float32Array[]> {
    return (await this.trainer.model.getWeights()).arrays;
  }

  setArrays(arrays: Float32Array[], step: number): void {
    this.trainer.setWeights({ shape: mlpShape(this.opts.train), arrays }, step);
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/** What the two likelihood trainers share. */
interface LikelihoodTrainer {
  readonly step: number;
  readonly evalsPerStep: number;
  setTarget(target: Float32Array): void;
  train(count: number): Promise<{ step: number; nll: number }[]>;
  dispose(): void;
}

/** A model trained by maximum likelihood on the target alone; its step count goes on from a loaded model's. */
abstract class LikelihoodModel<T extends LikelihoodTrainer> {
  /** Steps before this trainer's (a loaded model's). */
  protected base = 0;

  constructor(protected readonly trainer: T) {}

  get step(): number {
    return this.base + this.trainer.step;
  }

  get evalsPerStep(): number {
    return this.trainer.evalsPerStep;
  }

  setData(_source: Float32Array, target: Float32Array): void {
    this.trainer.setTarget(target);
  }

  async train(count: number): Promise<StepLoss[]> {
    return (await this.trainer.train(count)).map((p) => ({ step: this.base + p.step, loss: p.nll }));
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/** The CNF by maximum likelihood: the same MLP, the ODE solved (and backpropagated) at every step. */
class CnfModel extends LikelihoodModel<CnfTrainer> implements CompareModel {
  readonly objective = 'cnf' as const;

  constructor(private readonly opts: CompareModelOptions) {
    const { train } = opts;
    super(new CnfTrainer({
      shape: mlpShape(train),
      explicitTranspose: opts.explicitTranspose,
      seed: opts.seed,
      learningRate: train.learningRate,
      batchSize: train.batchSize,
      source: opts.source,
      steps: opts.cnfSteps,
      solver: 'rk4',
    }));
  }

  frames(points: Float32Array) {
    return mlpFrames(this.trainer.model, points);
  }

  heldOutNll(points: Float32Array): Promise<number> {
    return mlpHeldOutNll(this.trainer.model, points, this.opts.source, SCORE_ODE);
  }

  logDensityGrid(gridSize: number, extent: number): Promise<Float32Array> {
    return mlpDensity(this.trainer.model, this.opts.source, gridSize, extent);
  }

  async getArrays(): Promise<Float32Array[]> {
    return (await this.trainer.getWeights()).arrays;
  }

  setArrays(arrays: Float32Array[], step: number): void {
    this.trainer.setWeights({ shape: mlpShape(this.opts.train), arrays });
    this.base = step - this.trainer.step;
  }
}

/** RealNVP by maximum likelihood; frame k is the map after k couplings. */
class RealNvpModel extends LikelihoodModel<RealNvpTrainer> implements CompareModel {
  readonly objective = 'realnvp' as const;
  private readonly shape: RealNvpShape;

  constructor(private readonly opts: CompareModelOptions) {
    const shape: RealNvpShape = { couplings: opts.couplings, ...COUPLING_NET };
    super(new RealNvpTrainer(shape, { seed: opts.seed, learningRate: opts.train.learningRate, batchSize: opts.train.batchSize, source: opts.source }));
    this.shape = shape;
  }

  async frames(points: Float32Array): Promise<{ frames: number; positions: Float32Array }> {
    const model: RealNvp = this.trainer.model;
    const k = model.couplings;
    const n = points.length >> 1;
    const stacked = tf.tidy(() => {
      const z = tf.tensor2d(points, [n, 2]);
      const outs: tf.Tensor2D[] = [z];
      for (let c = 1; c <= k; c++) outs.push(model.forward(z, c).points);
      // [point][frame][xy]
      return tf.stack(outs, 1);
    });
    const positions = Float32Array.from((await stacked.data()) as Float32Array);
    stacked.dispose();
    return { frames: k + 1, positions };
  }

  async heldOutNll(points: Float32Array): Promise<number> {
    return this.trainer.heldOutNll(points);
  }

  logDensityGrid(gridSize: number, extent: number): Promise<Float32Array> {
    return this.trainer.model.logLikelihood(gridPoints(gridSize, extent), this.opts.source);
  }

  async getArrays(): Promise<Float32Array[]> {
    return (await this.trainer.model.getWeights()).arrays;
  }

  setArrays(arrays: Float32Array[], step: number): void {
    this.trainer.model.setWeights({ shape: this.shape, arrays });
    this.base = step - this.trainer.step;
  }
}

export function createCompareModel(opts: CompareModelOptions): CompareModel {
  switch (opts.objective) {
    case 'fm':
      return new FmModel(opts);
    case 'cnf':
      return new CnfModel(opts);
    case 'realnvp':
      return new RealNvpModel(opts);
  }
}
