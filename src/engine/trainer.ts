/**
 * A flow-matching trainer: owns the network, the optimizer and the clouds, and runs steps.
 * No DOM and no worker here, so the command line and Node tests drive the same code.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import { createDiffusionBatch, fillDiffusionBatch, targetScale, type BatchCouplers, type DiffusionBatch } from '../core/conditionalBatch';
import type { PathName } from '../core/paths';
import { createRng, deriveSeed, type Rng } from '../core/rng';
import { createBatchBuffers, DATA_SCALE, fillBatch, type BatchBuffers, type Coupler } from '../core/trainingBatch';
import { INPUT_SIZE } from '../core/timeFeatures';
import { Adam } from './adam';
import { initWeights, Mlp, type MlpWeights } from './mlp';

export interface TrainerOptions {
  config: TrainConfig;
  seed: number;
  explicitTranspose: boolean;
  /** Optional minibatch re-pairing (OT coupling). */
  coupler?: (cfg: TrainConfig) => Coupler | undefined;
}

/** Loss of step `step` in data units (mean over batch and both coordinates). */
export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * The recipe fillBatch builds: a straight or cosine path, velocity target, no labels. Everything else
 * (vp / ve, epsilon / score, conditional) goes through conditionalBatch.ts.
 */
export function isPlainRecipe(cfg: TrainConfig): cfg is TrainConfig & { path: PathName } {
  return (cfg.path === 'straight' || cfg.path === 'cosine') && cfg.targetKind === 'velocity' && !cfg.conditional;
}

/** Read the recorded losses back in one transfer, and free them. */
async function readLosses(pending: { step: number; loss: tf.Scalar }[]): Promise<LossPoint[]> {
  if (pending.length === 0) return [];
  const stacked = tf.stack(pending.map((p) => p.loss));
  const values = await stacked.data();
  stacked.dispose();
  pending.forEach((p) => p.loss.dispose());
  return pending.map((p, i) => ({ step: p.step, loss: values[i] }));
}

export class Trainer {
  config: TrainConfig;
  model: Mlp;
  private optimizer: Adam;
  private rng: Rng;
  private buffers: BatchBuffers;
  private source: Float32Array = new Float32Array(0);
  private target: Float32Array = new Float32Array(0);
  private targetLabels: Uint8Array | null = null;
  /** Batch of the diffusion recipes (made on first use, remade when batch size or conditioning change). */
  private diffusion: DiffusionBatch | null = null;
  /** The diffusion batch's couplers, kept between calls (the class OT coupler holds scratch buffers). */
  private readonly couplers: BatchCouplers = {};
  private readonly opts: TrainerOptions;
  step = 0;

  constructor(opts: TrainerOptions) {
    this.opts = opts;
    this.config = { ...opts.config };
    this.model = new Mlp(initWeights(this.config, opts.seed), { explicitTranspose: opts.explicitTranspose });
    this.optimizer = new Adam(this.model.params, { learningRate: this.config.learningRate });
    this.rng = createRng(deriveSeed(opts.seed, 'batches'));
    this.buffers = createBatchBuffers(this.config.batchSize);
  }

  /** The clouds to train on; targetLabels (one class per target point) for conditional training. */
  setClouds(source: Float32Array, target: Float32Array, targetLabels: Uint8Array | null = null): void {
    if (targetLabels && targetLabels.length !== target.length >> 1) throw new Error(`${targetLabels.length} labels for ${target.length >> 1} target points`);
    this.source = source;
    this.target = target;
    this.targetLabels = targetLabels;
  }

  get clouds(): { source: Float32Array; target: Float32Array } {
    return { source: this.source, target: this.target };
  }

  /** Why training cannot run now, or null. */
  blocker(): string | null {
    if (this.source.length === 0 && this.target.length === 0) return 'Both clouds are empty: add points to train.';
    if (this.source.length === 0) return 'The source cloud is empty: add points to train.';
    if (this.target.length === 0) return 'The target cloud is empty: add points to train.';
    if (this.config.conditional && !this.targetLabels) return 'The target cloud has no class labels: conditional training needs a labelled target.';
    return null;
  }

  /** Apply new settings; a new architecture re-initialises the network (returns true then). */
  setConfig(cfg: TrainConfig, seed: number): boolean {
    const rebuild = cfg.hiddenLayers !== this.config.hiddenLayers || cfg.width !== this.config.width || cfg.conditional !== this.config.conditional;
    if (cfg.batchSize !== this.config.batchSize) this.buffers = createBatchBuffers(cfg.batchSize);
    this.config = { ...cfg };
    this.optimizer.learningRate = cfg.learningRate;
    if (rebuild) this.reset(seed);
    return rebuild;
  }

  /** Fresh weights and optimizer state from a seed. */
  reset(seed: number): void {
    this.optimizer.dispose();
    this.model.dispose();
    this.model = new Mlp(initWeights(this.config, seed), { explicitTranspose: this.opts.explicitTranspose });
    this.optimizer = new Adam(this.model.params, { learningRate: this.config.learningRate });
    this.rng = createRng(deriveSeed(seed, 'batches'));
    this.step = 0;
  }

  /** Replace the weights (restore, load) and forget optimizer moments. */
  setWeights(w: MlpWeights, step: number): void {
    const conditional = w.shape.conditional === true;
    if (w.shape.hiddenLayers !== this.config.hiddenLayers || w.shape.width !== this.config.width || conditional !== this.config.conditional) {
      this.config = { ...this.config, hiddenLayers: w.shape.hiddenLayers, width: w.shape.width, conditional };
      this.reset(0);
    }
    this.model.setWeights(w);
    this.optimizer.reset();
    this.step = step;
  }

  /**
   * Run `count` steps. Losses are recorded every `lossEvery` steps (and on the last step) as
   * tensors, read back once at the end: no per-step GPU sync.
   */
  async train(count: number, lossEvery = 10): Promise<LossPoint[]> {
    const blocker = this.blocker();
    if (blocker) throw new Error(blocker);
    const pending: { step: number; loss: tf.Scalar }[] = [];
    const coupler = this.opts.coupler?.(this.config);
    const b = this.config.batchSize;
    if (!isPlainRecipe(this.config)) return this.trainDiffusion(count, lossEvery, coupler);
    for (let i = 0; i < count; i++) {
      fillBatch(this.buffers, this.source, this.target, this.config, this.rng, coupler);
      this.step += 1;
      const record = this.step % lossEvery === 0 || i === count - 1;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(this.buffers.inputs, [b, INPUT_SIZE]);
        const y = tf.tensor2d(this.buffers.targets, [b, 2]);
        const { grads, residual } = this.model.gradientsFor(x, y, record);
        this.optimizer.apply(this.model.params, grads);
        // Loss in data units: network units times DATA_SCALE^2.
        return record && residual ? tf.mul(tf.mean(tf.square(residual)), tf.scalar(DATA_SCALE * DATA_SCALE)) : undefined;
      });
      if (loss) pending.push({ step: this.step, loss: loss as tf.Scalar });
    }
    return readLosses(pending);
  }

  /**
   * train() for any path, target kind and conditioning (conditionalBatch.ts): the network regresses on
   * target / targetScale(kind), the score's loss weighted by sigma_t^2, conditional rows carry the one-hot label.
   */
  private async trainDiffusion(count: number, lossEvery: number, coupler: Coupler | undefined): Promise<LossPoint[]> {
    const cfg = this.config;
    const b = cfg.batchSize;
    if (!this.diffusion || this.diffusion.t.length !== b || this.diffusion.conditional !== cfg.conditional) this.diffusion = createDiffusionBatch(b, cfg.conditional);
    const buf = this.diffusion;
    const couplers = this.couplers;
    couplers.plain = coupler;
    const labels = cfg.conditional ? this.targetLabels : null;
    const width = this.model.inputSize;
    const lossScale = targetScale(cfg.targetKind) ** 2;
    const weighted = cfg.targetKind === 'score';
    const pending: { step: number; loss: tf.Scalar }[] = [];
    for (let i = 0; i < count; i++) {
      fillDiffusionBatch(buf, this.source, this.target, labels, cfg, this.rng, couplers);
      this.step += 1;
      const record = this.step % lossEvery === 0 || i === count - 1;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(buf.inputs, [b, width]);
        const y = tf.tensor2d(buf.targets, [b, 2]);
        const { grads, residual } = this.model.gradientsFor(x, y, record, weighted ? buf.weight : undefined);
        this.optimizer.apply(this.model.params, grads);
        // Loss in the target's units (the score's sigma^2-weighted).
        return record && residual ? tf.mul(tf.mean(tf.square(residual)), tf.scalar(lossScale)) : undefined;
      });
      if (loss) pending.push({ step: this.step, loss: loss as tf.Scalar });
    }
    return readLosses(pending);
  }

  /**
   * WebGPU only (a no-op elsewhere): compile the training step's GPU programs without running them,
   * in parallel (tfjs's compile-only mode), so the first step after Train does not wait for dozens
   * of shader compilations one by one (seconds on a software adapter). Weights, moments, the step
   * count and the batch stream are untouched. `alsoCompile` adds other programs to the same pass.
   */
  async compileStep(alsoCompile?: () => void): Promise<void> {
    if (tf.getBackend() !== 'webgpu') return;
    const b = this.config.batchSize;
    // Kept tensors must hold real values: make them before compile-only mode skips every kernel.
    this.model.prepare(b);
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
    try {
      tf.tidy(() => {
        const x = tf.zeros([b, this.model.inputSize]) as tf.Tensor2D;
        const y = tf.zeros([b, 2]) as tf.Tensor2D;
        const { grads, residual } = this.model.gradientsFor(x, y, true);
        this.optimizer.compile(this.model.params, grads);
        tf.mul(tf.mean(tf.square(residual!)), tf.scalar(DATA_SCALE * DATA_SCALE));
      });
      alsoCompile?.();
    } finally {
      tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
    }
    await (tf.backend() as unknown as { checkCompileCompletionAsync(): Promise<void> }).checkCompileCompletionAsync();
  }

  /** Copies of the last batch's pairs and times (what the last step trained on). */
  lastBatch(): { x0: Float32Array; x1: Float32Array; t: Float32Array } {
    const buf = isPlainRecipe(this.config) || !this.diffusion ? this.buffers : this.diffusion;
    return { x0: buf.x0.slice(), x1: buf.x1.slice(), t: buf.t.slice() };
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
