/**
 * The Images view's messages (issue 16): the page asks the worker to train an MLP on 16 x 16 images
 * and to draw its samples; the worker answers with progress, pictures and the pixel-space fit.
 * protocol.ts only unions these into ToWorker / FromWorker.
 */
import type { ImageTrainConfig } from '../engine/imageTrainer';
import type { MlpShape } from '../core/networkShape';

export type ImageSolver = 'euler' | 'midpoint' | 'heun' | 'rk4';

/** An image set as the page describes it; the worker builds the pixels (digits are made there). */
export type ImageDataSpec =
  | { kind: 'digits'; seed: number; perClass: number }
  /** The user's drawings (count x 256 in [-1, 1]), augmented to `count` images by small shifts. */
  | { kind: 'drawings'; drawings: Float32Array[]; labels: number[] | null; count: number }
  /** Imported pictures, already 16 x 16 gray in [-1, 1]; labels: a digit per picture, or null. */
  | { kind: 'imported'; pixels: Float32Array; count: number; labels?: number[] | null };

/** Image-model weights and their step: a scene file's, or the page's last checkpoint after a crash. */
export interface ImageWeights {
  weights: { shape: MlpShape; arrays: Float32Array[] };
  step: number;
}

export interface ImageRunSettings {
  target: ImageDataSpec;
  /** null: N(0, I) in 256 dimensions. */
  source: ImageDataSpec | null;
  config: ImageTrainConfig;
  seed: number;
  /** Share of the data held out (default 0.1); the split is seeded by `seed`. */
  heldOut?: number;
  /** Start from these weights instead of fresh ones (a scene file, or the last checkpoint after a crash). */
  resume?: ImageWeights | null;
}

export interface ImageSampleSettings {
  solver: ImageSolver;
  steps: number;
  /** -1: every cell its own digit (cell i asks for i mod 10); 0-9: every cell that digit. */
  digit: number;
  /** Classifier-free guidance w: 0 unconditional, 1 conditional, more sharpens toward the digit. */
  guidance: number;
}

/** What the worker learned of the data: sizes and the clouds on the data's first two principal axes. */
export interface ImagesDataInfo {
  trainCount: number;
  heldOutCount: number;
  /** The data has digit labels (a conditional net is possible). */
  labelled: boolean;
  /** The net is conditional (asked for, and the data has labels). */
  conditional: boolean;
  /** Data (target) and source images on the data's two principal axes, n x 2 interleaved. */
  dataCloud: Float32Array;
  sourceCloud: Float32Array;
  /** Variance along each axis, and the share of the total it explains. */
  variance: [number, number];
  explained: number;
}

/** The grid's picture at one training step. */
export interface ImagesSnapshot {
  step: number;
  /** Samples in the grid (64) and frames from t = 0 to t = 1 (frame k at t = k / (frames - 1)). */
  count: number;
  frames: number;
  /** frames x count x 256. */
  samples: Float32Array;
  /** The same on the data's principal axes: frames x count x 2. */
  paths: Float32Array;
  /** Each final sample's nearest training image (count x 256) and the distance to it. */
  nearest: Float32Array;
  nearestDistance: Float32Array;
  /** Median distance from a held-out image to its nearest training image (the scale for "close"). */
  heldOutDistance: number;
  /** The digit each cell asked for (-1: none). */
  classes: Int32Array;
  guidance: number;
  /** What drawing it cost the worker (sampling, projection, nearest images). */
  ms: number;
}

/** The pixel-space fit and the Euler-steps strip, measured less often than the grid is drawn. */
export interface ImagesFit {
  step: number;
  /** Sliced W2 of generated images against held-out ones, and the floor (two draws of the data). */
  slicedW2: number;
  floor: number;
  floorSd: number;
  /** Mean NN distance to train of generated over held-out: ~1 generates, << 1 copies. */
  nnRatio: number;
  samples: number;
  /** Euler steps of each strip row, and the rows: stripSteps.length x stripCount x 256. */
  stripSteps: number[];
  stripCount: number;
  strip: Float32Array;
  /** What measuring cost the worker. */
  ms: number;
}

export type ImageToWorker =
  /** Start the Images view's model afresh on these data and settings (null: close it). */
  | { type: 'images'; settings: ImageRunSettings | null; seq: number }
  /** seq: numbers the page's Train / Pause / start-over requests; progress says which it has applied. */
  | { type: 'imagesTrain'; running: boolean; seq: number }
  /** How the grid is sampled (solver, steps, digit, guidance): a new picture follows. */
  | { type: 'imagesSample'; sample: ImageSampleSettings }
  /** The current weights (to save a scene); answered with 'imagesWeightsResult' (weights null without a model). */
  | { type: 'imagesWeights'; id: number };

/** run: the seq of the 'images' request that started the run (the page drops what an older run says). */
export type ImageFromWorker =
  | { type: 'imagesData'; run: number; info: ImagesDataInfo }
  /** seq: the last request of the page's this run applied (its `running` is current only for that request). */
  | { type: 'imagesProgress'; run: number; step: number; losses: Float32Array; stepsPerSecond: number; running: boolean; seq: number }
  | { type: 'imagesSnapshot'; run: number; snapshot: ImagesSnapshot }
  | { type: 'imagesFit'; run: number; fit: ImagesFit }
  | { type: 'imagesDiverged'; run: number; step: number; message: string }
  /** A periodic copy of the weights: the page keeps the newest, so a new worker goes on from it after a crash. */
  | { type: 'imagesCheckpoint'; run: number; checkpoint: ImageWeights }
  | { type: 'imagesWeightsResult'; id: number; run: number; checkpoint: ImageWeights | null };

const TO = new Set<string>(['images', 'imagesTrain', 'imagesSample', 'imagesWeights']);
const FROM = new Set<string>(['imagesData', 'imagesProgress', 'imagesSnapshot', 'imagesFit', 'imagesDiverged', 'imagesCheckpoint', 'imagesWeightsResult']);

export const isImageToWorker = (msg: { type: string }): msg is ImageToWorker => TO.has(msg.type);
export const isImageFromWorker = (msg: { type: string }): msg is ImageFromWorker => FROM.has(msg.type);
export const isImageMessage = (msg: { type: string }): msg is ImageToWorker | ImageFromWorker => TO.has(msg.type) || FROM.has(msg.type);

/** Arrays to hand over (not copy) with an image message. */
export function imageTransferables(msg: ImageToWorker | ImageFromWorker): Transferable[] {
  switch (msg.type) {
    case 'images': {
      const s = msg.settings;
      if (!s) return [];
      return [...specBuffers(s.target), ...(s.source ? specBuffers(s.source) : []), ...(s.resume ? s.resume.weights.arrays.map((a) => a.buffer) : [])];
    }
    case 'imagesCheckpoint':
      return msg.checkpoint.weights.arrays.map((a) => a.buffer);
    case 'imagesWeightsResult':
      return msg.checkpoint ? msg.checkpoint.weights.arrays.map((a) => a.buffer) : [];
    case 'imagesData':
      return [msg.info.dataCloud.buffer, msg.info.sourceCloud.buffer];
    case 'imagesProgress':
      return [msg.losses.buffer];
    case 'imagesSnapshot': {
      const s = msg.snapshot;
      return [s.samples.buffer, s.paths.buffer, s.nearest.buffer, s.nearestDistance.buffer, s.classes.buffer];
    }
    case 'imagesFit':
      return [msg.fit.strip.buffer];
    default:
      return [];
  }
}

function specBuffers(spec: ImageDataSpec): Transferable[] {
  const list = spec.kind === 'drawings' ? spec.drawings.map((d) => d.buffer) : spec.kind === 'imported' ? [spec.pixels.buffer] : [];
  // One buffer may back several arrays: transfer each once.
  return [...new Set(list)];
}
