/**
 * fm train's work: the app's trainer (src/engine/trainer.ts, with the options the app's worker
 * passes for the current backend) between two presets drawn as the app draws them. Chunks are sized
 * by time only to report progress; the numbers do not depend on them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import { couplerFor } from '../core/couplers';
import { samplePresetLabelled } from '../core/labels';
import { parsePreset } from '../core/presets';
import { deriveSeed } from '../core/rng';
import { PRESET_POINTS } from '../core/config';
import { presetCloud } from '../core/scene';
import type { MlpWeights } from '../engine/mlp';
import { Trainer, type LossPoint } from '../engine/trainer';
import { explicitTransposeFor } from '../engine/trainerOptions';

export interface PresetTraining {
  /** Preset specs, already parsed and formatted (formatPreset). */
  sourceSpec: string;
  targetSpec: string;
  seed: number;
  steps: number;
  train: TrainConfig;
  /** Record the loss every this many steps (and on each chunk's last step), as the worker does. */
  lossEvery?: number;
  /** Classes of the labelled target preset (labels.ts); absent: an unlabelled target. */
  classes?: number;
}

export interface PresetTrainingResult {
  source: Float32Array;
  target: Float32Array;
  /** The target's classes when it was drawn labelled. */
  targetLabels: Uint8Array | null;
  weights: MlpWeights;
  step: number;
  /** Loss of the last step. */
  lastLoss: number;
}

/** Wall time of a chunk: progress updates a few times a second. */
const CHUNK_MS = 250;
const MAX_CHUNK = 1000;

/**
 * Train on the current tfjs backend. onChunk gets the step reached and the losses recorded after
 * each chunk. A non-finite loss stops the run with an error. Every tensor is disposed, error or not.
 */
export async function trainPresets(run: PresetTraining, onChunk?: (step: number, losses: LossPoint[]) => void): Promise<PresetTrainingResult> {
  const source = presetCloud('source', run.sourceSpec, run.seed);
  // A labelled preset draws the very points presetCloud draws, with their classes.
  const labelled = run.classes !== undefined ? samplePresetLabelled(parsePreset(run.targetSpec), PRESET_POINTS, deriveSeed(run.seed, 'target'), run.classes) : null;
  if (run.classes !== undefined && !labelled) throw new Error(`the preset ${run.targetSpec} has no ${run.classes}-class labels`);
  const target = labelled ? labelled.points : presetCloud('target', run.targetSpec, run.seed);
  const targetLabels = labelled ? labelled.labels : null;
  const trainer = new Trainer({
    config: run.train,
    seed: run.seed,
    explicitTranspose: explicitTransposeFor(tf.getBackend()),
    coupler: (cfg) => couplerFor(cfg.coupling),
  });
  trainer.setClouds(source, target, run.train.conditional ? targetLabels : null);
  const lossEvery = run.lossEvery ?? 10;
  let chunk = 5;
  let lastLoss = NaN;
  try {
    while (trainer.step < run.steps) {
      const count = Math.min(chunk, run.steps - trainer.step);
      const t0 = performance.now();
      const losses = await trainer.train(count, lossEvery);
      const ms = performance.now() - t0;
      chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round((count * CHUNK_MS) / Math.max(ms, 1))));
      const bad = losses.find((p) => !Number.isFinite(p.loss));
      if (bad) throw new Error(`training diverged at step ${bad.step} (the loss became ${bad.loss}); try a smaller --lr`);
      lastLoss = losses[losses.length - 1].loss;
      onChunk?.(trainer.step, losses);
    }
    const weights = await trainer.model.getWeights();
    return { source, target, targetLabels, weights, step: trainer.step, lastLoss };
  } finally {
    trainer.dispose();
  }
}
