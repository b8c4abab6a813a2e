/**
 * Training and sampling settings: defaults and the limits every boundary (store, URL, worker, CLI)
 * clamps to. One place knows them.
 */
import type { DiffusionPathName } from './diffusionPaths';
import { DEFAULT_GUIDANCE, GUIDANCE_LIMITS } from './guidance';
import { DEFAULT_LABEL_DROP } from './labels';
import type { TargetKind } from './predictionTargets';
import { SDE_NOISE_MAX } from './sdeSampler';
import type { SolverName } from './solvers';

export type CouplingName = 'independent' | 'ot';

export interface TrainConfig {
  hiddenLayers: number;
  width: number;
  learningRate: number;
  batchSize: number;
  /** Std of the Gaussian jitter added to resampled cloud points. */
  jitter: number;
  /** Probability path; vp and ve assume N(0, I) noise as the source (gaussianSource.ts). */
  path: DiffusionPathName;
  sigmaMin: number;
  coupling: CouplingName;
  /** What the network regresses on; sampling converts it to a velocity (predictionTargets.ts). */
  targetKind: TargetKind;
  /** Train v(x, t, c) on the target's labels (classifier-free guidance needs it). */
  conditional: boolean;
  /** Probability of hiding a label during conditional training (the null class). */
  labelDrop: number;
}

export interface SampleConfig {
  solver: SolverName;
  steps: number;
  particles: number;
  /** Classifier-free guidance weight w: 0 unconditional, 1 plain conditional (conditional models only). */
  guidance: number;
  /** Class every particle asks for; null draws each particle's class from the target's labels. */
  sampleClass: number | null;
  /** SDE noise scale (Euler-Maruyama, sdeSampler.ts); 0 is the ODE. */
  sdeNoise: number;
}

/**
 * The recipe a user gets on pressing Train. 3 x 64 at batch 256 with lr 4e-3 fits the default scene
 * (sliced W2 within 2x its noise floor) in a median ~3-4 s on wasm on a 2-core laptop, against ~10 s
 * for the earlier 3 x 128 / batch 512 / lr 2e-3 (npm run bench, part `fit`); a 2D field needs no more.
 * Links written before this recipe (format 2) omit fields equal to the old one: see sceneLink.ts.
 */
export const DEFAULT_TRAIN: TrainConfig = {
  hiddenLayers: 3,
  width: 64,
  learningRate: 4e-3,
  batchSize: 256,
  jitter: 0.03,
  path: 'straight',
  sigmaMin: 0,
  coupling: 'independent',
  targetKind: 'velocity',
  conditional: false,
  labelDrop: DEFAULT_LABEL_DROP,
};

export const DEFAULT_SAMPLE: SampleConfig = {
  solver: 'euler',
  steps: 50,
  particles: 2000,
  guidance: DEFAULT_GUIDANCE,
  sampleClass: null,
  sdeNoise: 0,
};

type NumericKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

export interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

/** Seeds: whole numbers that fit 32 bits (files, links, the command line and the store all hold them here). */
export const SEED_LIMITS: Range = { min: 0, max: 0xffffffff, integer: true };

export const TRAIN_LIMITS: Record<NumericKeys<TrainConfig>, Range> = {
  hiddenLayers: { min: 1, max: 6, integer: true },
  width: { min: 8, max: 512, integer: true },
  learningRate: { min: 1e-5, max: 10 },
  batchSize: { min: 16, max: 4096, integer: true },
  jitter: { min: 0, max: 1 },
  sigmaMin: { min: 0, max: 1 },
  labelDrop: { min: 0, max: 1 },
};

export const SAMPLE_LIMITS: Record<NumericKeys<SampleConfig>, Range> = {
  steps: { min: 1, max: 200, integer: true },
  particles: { min: 10, max: 10000, integer: true },
  guidance: { min: GUIDANCE_LIMITS.min, max: GUIDANCE_LIMITS.max },
  sdeNoise: { min: 0, max: SDE_NOISE_MAX },
};

/** Classes a sampleClass may name: 0 .. MAX_CLASSES - 1 (labels.ts). */
export const SAMPLE_CLASS_LIMITS: Range = { min: 0, max: 3, integer: true };

/** Optional, costlier views the worker computes only when shown. */
export interface LabConfig {
  /** Map the target back to the source (t from 1 to 0) in each snapshot. */
  reverse: boolean;
  /** Compute the metrics panel's numbers (energy distance, straightness, fit against steps...). */
  metrics: boolean;
}

export const DEFAULT_LAB: LabConfig = { reverse: false, metrics: false };

/** Steps the fit-against-steps chart samples. */
export const FIT_STEP_COUNTS = [1, 2, 4, 8, 16, 32, 100] as const;

/** Points one cloud may hold. */
export const MAX_CLOUD_POINTS = 20000;
/** Points a preset cloud gets by default. */
export const PRESET_POINTS = 2000;
/** The stage shows data coordinates in [-STAGE_EXTENT, STAGE_EXTENT] on both axes. */
export const STAGE_EXTENT = 6;

/** Clamp one value to its range; returns the value and whether it had to change. */
export function clampToRange(value: number, range: Range): { value: number; changed: boolean } {
  if (!Number.isFinite(value)) return { value: range.min, changed: true };
  let v = Math.min(Math.max(value, range.min), range.max);
  if (range.integer) v = Math.round(v);
  return { value: v, changed: v !== value };
}

/** Whether one training step may now cost very differently (network shape, batch, or an OT solve per batch). */
export function stepCostChanged(a: TrainConfig, b: TrainConfig): boolean {
  return a.hiddenLayers !== b.hiddenLayers || a.width !== b.width || a.batchSize !== b.batchSize || a.coupling !== b.coupling;
}
