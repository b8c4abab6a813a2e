/**
 * fm train --objective cnf | realnvp: the engine's maximum-likelihood trainers (src/engine/cnfTrainer.ts,
 * src/engine/realnvp.ts) on the target preset as the app draws it, from the source preset's exact
 * Gaussian density. Chunks are sized by time only to report progress; the numbers do not depend on them.
 * It needs tfjs's gradients (autodiff): the command line runs bundled (scripts/fm.mjs) for that.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import type { IsoGaussian } from '../core/gaussianField';
import { realNvpShapeOf, type FlowConfig } from '../core/objectives';
import { presetCloud } from '../core/scene';
import { CnfTrainer } from '../engine/cnfTrainer';
import type { MlpWeights } from '../engine/mlp';
import { RealNvpTrainer, type NllPoint, type RealNvpWeights } from '../engine/realnvp';
import { explicitTransposeFor } from '../engine/trainerOptions';

export interface LikelihoodTraining {
  objective: 'cnf' | 'realnvp';
  /** Preset specs, already parsed and formatted; the source's exact density in `sourceDensity`. */
  sourceSpec: string;
  targetSpec: string;
  sourceDensity: IsoGaussian;
  seed: number;
  steps: number;
  /** The CNF's network, learning rate and batch (both objectives take learningRate and batchSize). */
  train: TrainConfig;
  flow: FlowConfig;
  lossEvery?: number;
}

export type LikelihoodTrainingResult = {
  source: Float32Array;
  target: Float32Array;
  step: number;
  /** Mean NLL of the last recorded batch, nats per point. */
  lastNll: number;
} & ({ objective: 'cnf'; weights: MlpWeights } | { objective: 'realnvp'; weights: RealNvpWeights });

const CHUNK_MS = 250;
const MAX_CHUNK = 1000;

/**
 * Train on the current tfjs backend; onChunk gets the step reached and the NLLs recorded after each
 * chunk. A non-finite NLL stops the run with an error. Every tensor is disposed, error or not.
 */
export async function trainLikelihood(run: LikelihoodTraining, onChunk?: (step: number, nll: NllPoint[]) => void): Promise<LikelihoodTrainingResult> {
  const source = presetCloud('source', run.sourceSpec, run.seed);
  const target = presetCloud('target', run.targetSpec, run.seed);
  const common = { seed: run.seed, learningRate: run.train.learningRate, batchSize: run.train.batchSize, source: run.sourceDensity };
  const trainer =
    run.objective === 'cnf'
      ? new CnfTrainer({ ...common, shape: run.train, explicitTranspose: explicitTransposeFor(tf.getBackend()), steps: run.flow.cnfSteps, solver: 'rk4' })
      : new RealNvpTrainer(realNvpShapeOf(run.flow), common);
  trainer.setTarget(target);
  const lossEvery = run.lossEvery ?? 10;
  let chunk = 1;
  let lastNll = NaN;
  try {
    while (trainer.step < run.steps) {
      const count = Math.min(chunk, run.steps - trainer.step);
      const t0 = performance.now();
      const nll = await trainer.train(count, lossEvery);
      const ms = performance.now() - t0;
      chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round((count * CHUNK_MS) / Math.max(ms, 1))));
      const bad = nll.find((p) => !Number.isFinite(p.nll));
      if (bad) throw new Error(`training diverged at step ${bad.step} (the NLL became ${bad.nll}); try a smaller --lr`);
      lastNll = nll[nll.length - 1].nll;
      onChunk?.(trainer.step, nll);
    }
    const base = { source, target, step: trainer.step, lastNll };
    return trainer instanceof CnfTrainer
      ? { ...base, objective: 'cnf', weights: await trainer.getWeights() }
      : { ...base, objective: 'realnvp', weights: await trainer.model.getWeights() };
  } finally {
    trainer.dispose();
  }
}
