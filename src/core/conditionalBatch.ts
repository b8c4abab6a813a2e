/**
 * trainingBatch.ts' batch for the diffusion settings: any Gaussian path, a velocity / epsilon / score
 * target, optional class labels (coupled within classes, then dropped into NULL_CLASS with probability
 * labelDrop), and the source either resampled from a cloud or drawn fresh as N(0, I) noise.
 * Order per batch: draw x0, draw x1 (with labels), couple, drop labels, draw t, build x_t and targets.
 */
import { createClassOtCoupler, type LabelledCoupler } from './classCouplers';
import type { CouplingName } from './config';
import { createOtCoupler } from './couplers';
import { interpolateDiffusionPairs, type DiffusionPathName } from './diffusionPaths';
import { dropLabels, MAX_CLASSES, resampleLabelled } from './labels';
import { resample, type Points } from './points';
import { fillTargets, targetLossWeight, type TargetKind } from './predictionTargets';
import type { Rng } from './rng';
import { INPUT_SIZE } from './timeFeatures';
import { DATA_SCALE, writeInputRow, type Coupler } from './trainingBatch';

import { CONDITIONAL_INPUT_SIZE } from './networkShape';

export { CONDITIONAL_INPUT_SIZE };

/**
 * Data units per network output unit, by target: velocities scale with the data (as in trainingBatch.ts);
 * epsilon is unit noise and the score's is 1 / noise, so both stay as they are.
 */
export const targetScale = (kind: TargetKind): number => (kind === 'velocity' ? DATA_SCALE : 1);

export interface DiffusionBatchConfig {
  path: DiffusionPathName;
  targetKind: TargetKind;
  jitter: number;
  coupling: CouplingName;
  /** Probability of hiding a label (ignored without labels). */
  labelDrop: number;
}

export interface DiffusionBatch {
  x0: Float32Array;
  x1: Float32Array;
  t: Float32Array;
  xt: Float32Array;
  /** The target in data units (velocity, epsilon or score). */
  target: Float32Array;
  /** Per-pair loss weight (sigma^2 for the score, else 1). */
  weight: Float32Array;
  /** x1's classes after coupling, with the dropped ones set to NULL_CLASS. */
  labels: Uint8Array;
  /** Network input [B][CONDITIONAL_INPUT_SIZE] with labels, [B][INPUT_SIZE] without. */
  inputs: Float32Array;
  /** Regression target [B][2]: target / targetScale. */
  targets: Float32Array;
  conditional: boolean;
}

export function createDiffusionBatch(batchSize: number, conditional: boolean): DiffusionBatch {
  return {
    x0: new Float32Array(2 * batchSize),
    x1: new Float32Array(2 * batchSize),
    t: new Float32Array(batchSize),
    xt: new Float32Array(2 * batchSize),
    target: new Float32Array(2 * batchSize),
    weight: new Float32Array(batchSize),
    labels: new Uint8Array(batchSize),
    inputs: new Float32Array((conditional ? CONDITIONAL_INPUT_SIZE : INPUT_SIZE) * batchSize),
    targets: new Float32Array(2 * batchSize),
    conditional,
  };
}

/** Write the one-hot of `label` (a class or NULL_CLASS) at out[offset .. offset + MAX_CLASSES]. */
export function writeLabelOneHot(label: number, out: Float32Array, offset: number): void {
  for (let c = 0; c <= MAX_CLASSES; c++) out[offset + c] = c === label ? 1 : 0;
}

/** Network input row for (x, y) at t with a label: writeInputRow's features, then the one-hot. */
export function writeConditionalInputRow(x: number, y: number, t: number, label: number, out: Float32Array, row: number): void {
  const scratch = conditionalScratch;
  writeInputRow(x, y, t, scratch, 0);
  const o = row * CONDITIONAL_INPUT_SIZE;
  out.set(scratch, o);
  writeLabelOneHot(label, out, o + INPUT_SIZE);
}
const conditionalScratch = new Float32Array(INPUT_SIZE);

/** Couplers kept between batches (they hold scratch buffers). */
export interface BatchCouplers {
  plain?: Coupler;
  byClass?: LabelledCoupler;
}

/**
 * Fill `buf` with a fresh batch. source null draws x0 as N(0, I) noise; targetLabels null trains an
 * unconditional model (buf.conditional must match).
 */
export function fillDiffusionBatch(
  buf: DiffusionBatch,
  source: Points | null,
  target: Points,
  targetLabels: Uint8Array | null,
  cfg: DiffusionBatchConfig,
  rng: Rng,
  couplers: BatchCouplers = {},
): void {
  if ((targetLabels !== null) !== buf.conditional) throw new Error('labels given to an unconditional batch, or missing for a conditional one');
  const b = buf.t.length;
  // Source first, then target: the draws of trainingBatch.fillBatch, so an unconditional straight
  // velocity batch from a source cloud is the very batch the existing trainer builds.
  if (source) resample(source, b, cfg.jitter, rng, buf.x0);
  else for (let i = 0; i < 2 * b; i++) buf.x0[i] = rng.normal();
  if (targetLabels) resampleLabelled(target, targetLabels, b, cfg.jitter, rng, buf.x1, buf.labels);
  else resample(target, b, cfg.jitter, rng, buf.x1);
  if (cfg.coupling === 'ot') {
    if (targetLabels) (couplers.byClass ??= createClassOtCoupler())(buf.x0, buf.x1, buf.labels);
    else (couplers.plain ??= createOtCoupler())(buf.x0, buf.x1);
  }
  if (targetLabels) dropLabels(buf.labels, cfg.labelDrop, rng, buf.labels);
  for (let i = 0; i < b; i++) buf.t[i] = rng.uniform();
  // x_t, and the velocity target on the way; the other targets replace it.
  interpolateDiffusionPairs(cfg.path, buf.x0, buf.x1, buf.t, buf.xt, buf.target);
  if (cfg.targetKind !== 'velocity') fillTargets(cfg.targetKind, cfg.path, buf.x0, buf.x1, buf.t, buf.target);
  const scale = 1 / targetScale(cfg.targetKind);
  for (let i = 0; i < b; i++) {
    buf.weight[i] = targetLossWeight(cfg.targetKind, cfg.path, buf.t[i]);
    if (buf.conditional) writeConditionalInputRow(buf.xt[2 * i], buf.xt[2 * i + 1], buf.t[i], buf.labels[i], buf.inputs, i);
    else writeInputRow(buf.xt[2 * i], buf.xt[2 * i + 1], buf.t[i], buf.inputs, i);
    buf.targets[2 * i] = buf.target[2 * i] * scale;
    buf.targets[2 * i + 1] = buf.target[2 * i + 1] * scale;
  }
}
