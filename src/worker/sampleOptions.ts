/**
 * How the run's settings sample its model: the path and prediction kind it was trained with, the class
 * each particle asks for (the picked class, or each drawn from the target's labels), the guidance
 * weight and the SDE noise (seeded, so the same settings draw the same picture).
 */
import type { SampleConfig, TrainConfig } from '../core/config';
import { NULL_CLASS } from '../core/labels';
import { deriveSeed } from '../core/rng';
import { particleClasses, type DiffusionSampling, type FieldOptions } from '../engine/diffusionSampling';

export interface SamplingContext {
  train: TrainConfig;
  sample: SampleConfig;
  targetLabels: Uint8Array | null;
  seed: number;
}

/** The sampler settings for n particles; `ode` drops the SDE noise (probes, reverse paths). */
export function samplingFor(ctx: SamplingContext, n: number, opts: { ode?: boolean; sampleClass?: number | null; guidance?: number } = {}): DiffusionSampling {
  const { train, sample } = ctx;
  const sampleClass = opts.sampleClass !== undefined ? opts.sampleClass : sample.sampleClass;
  const labels = train.conditional ? particleClasses(sampleClass, ctx.targetLabels, n, ctx.seed) : null;
  return {
    kind: train.targetKind,
    path: train.path,
    labels,
    guidance: opts.guidance ?? sample.guidance,
    sdeNoise: opts.ode ? 0 : sample.sdeNoise,
    seed: deriveSeed(ctx.seed, 'sde'),
  };
}

/** The field the stage's arrows show: the picked class's guided field, or the unconditional one for "all classes". */
export function fieldFor(ctx: SamplingContext): FieldOptions {
  const { train, sample } = ctx;
  return { kind: train.targetKind, path: train.path, label: train.conditional && sample.sampleClass !== null ? sample.sampleClass : NULL_CLASS, guidance: sample.guidance };
}
