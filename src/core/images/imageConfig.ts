/**
 * The image trainer's settings, their defaults and the ranges scene files and the command line accept.
 * Here (pure) rather than in the engine so scene parsing needs no tfjs; engine/imageTrainer re-exports them.
 */
export interface ImageTrainConfig {
  hiddenLayers: number;
  width: number;
  batchSize: number;
  learningRate: number;
  conditional: boolean;
  /** Probability that a training row's class is replaced by the null class. */
  labelDrop: number;
  coupling: 'independent' | 'ot';
}

export const IMAGE_COUPLINGS = ['independent', 'ot'] as const satisfies readonly ImageTrainConfig['coupling'][];

export const DEFAULT_IMAGE_CONFIG: ImageTrainConfig = {
  hiddenLayers: 3,
  width: 256,
  batchSize: 256,
  learningRate: 3e-3,
  conditional: true,
  labelDrop: 0.15,
  coupling: 'independent',
};

export interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
}

export const IMAGE_CONFIG_LIMITS = {
  hiddenLayers: { min: 1, max: 6, integer: true },
  width: { min: 4, max: 1024, integer: true },
  batchSize: { min: 1, max: 2048, integer: true },
  learningRate: { min: 1e-6, max: 0.1 },
  labelDrop: { min: 0, max: 0.9 },
} as const satisfies Record<string, NumberRange>;

/** How the Images view and fm sample draw samples by default. */
export interface ImageSampleConfig {
  solver: 'euler' | 'midpoint' | 'heun' | 'rk4';
  steps: number;
  /** Classifier-free guidance w (0 = unconditional, 1 = plain conditional). */
  guidance: number;
  /** The digit asked for, or null for every class in turn. */
  sampleClass: number | null;
}

export const DEFAULT_IMAGE_SAMPLE: ImageSampleConfig = { solver: 'euler', steps: 50, guidance: 2, sampleClass: null };

export const IMAGE_SAMPLE_LIMITS = {
  steps: { min: 1, max: 1000, integer: true },
  guidance: { min: 0, max: 8 },
} as const satisfies Record<string, NumberRange>;

/** Share of the data kept out of training for the fit score and the nearest-neighbour ratio. */
export const DEFAULT_HELD_OUT = 0.1;
