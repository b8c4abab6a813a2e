/**
 * Single step: train exactly one batch and return what the page shows of it: the batch's pairs and
 * times, the field grid before the step, and the step's loss.
 */
import type { TrainConfig } from '../core/config';
import { fieldGrid } from '../engine/sampling';
import type { FieldOptions } from '../engine/diffusionSampling';
import type { LossPoint, Trainer } from '../engine/trainer';

export interface SingleStepResult {
  x0: Float32Array;
  x1: Float32Array;
  t: Float32Array;
  fieldBefore: Float32Array;
  loss: LossPoint;
}

/**
 * One step at `rate` (a lesson's scheduled rate) or the configured one. The field before the step is
 * taken on the snapshot's grid (fieldTimes, gridSize, extent), so the page can compare arrow by arrow.
 */
export async function trainOneBatch(
  trainer: Trainer,
  cfg: TrainConfig,
  seed: number,
  rate: number | null,
  grid: { fieldTimes: Float32Array; gridSize: number; extent: number; field?: FieldOptions },
): Promise<SingleStepResult> {
  // The snapshot's field (kind, path, class, guidance), or the arrows before and after would not compare.
  const fieldBefore = await fieldGrid(trainer.model, grid.fieldTimes, grid.gridSize, grid.extent, grid.field);
  if (rate !== null && rate !== trainer.config.learningRate) trainer.setConfig({ ...cfg, learningRate: rate }, seed);
  // lossEvery 1: this one step's loss is read back.
  const points = await trainer.train(1, 1);
  return { ...trainer.lastBatch(), fieldBefore, loss: points[points.length - 1] };
}
