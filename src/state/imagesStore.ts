/**
 * The Images view's state (issue 16): which data and source, the net and sampling settings, and what
 * the worker reported (steps, losses, the grid's latest picture, the fit). Worker messages come in
 * through applyImagesMessage; the actions that talk to the worker are in imagesSession.ts. The
 * user's drawings and imported images live in imagesUserData.ts (they persist).
 */
import { create } from 'zustand';
import { DEFAULT_IMAGE_CONFIG } from '../engine/imageTrainer';
import type { ImageTrainConfig } from '../core/images/imageConfig';
import { DEFAULT_HELD_OUT } from '../core/images/imageConfig';
import { DIGITS_DEFAULT } from '../core/images/digits16';
import type { ImageFromWorker, ImageSolver, ImagesDataInfo, ImagesFit, ImagesSnapshot, ImageWeights } from '../worker/imageProtocol';

export type ImageDataKind = 'digits' | 'drawings' | 'imported';
export type ImageSourceKind = 'gaussian' | ImageDataKind;

export const IMAGE_DATA_LABELS: Record<ImageDataKind, string> = {
  digits: 'Digits (made in the browser)',
  drawings: 'My drawings',
  imported: 'Imported images',
};

export const IMAGE_SOURCE_LABELS: Record<ImageSourceKind, string> = {
  gaussian: 'N(0, I) noise',
  ...IMAGE_DATA_LABELS,
};

/** The trainer's own settings (ImageTrainConfig) plus what data it trains on and from which seed. */
export interface ImagesSettings extends ImageTrainConfig {
  data: ImageDataKind;
  source: ImageSourceKind;
  seed: number;
  /** The generated digits' recipe (a scene file may name another than the default). */
  digitsSeed: number;
  digitsPerClass: number;
  /** Share of the data held out for the fit (a scene file's; 0.1 by default). */
  heldOut: number;
}

export interface ImagesSampling {
  solver: ImageSolver;
  steps: number;
  /** -1: every cell its own digit; 0-9: all cells that digit. */
  digit: number;
  guidance: number;
}

export const IMAGES_LIMITS = {
  hiddenLayers: { min: 1, max: 6, integer: true },
  width: { min: 16, max: 1024, integer: true },
  batchSize: { min: 8, max: 1024, integer: true },
  learningRate: { min: 1e-5, max: 1e-1 },
  labelDrop: { min: 0, max: 0.5 },
  steps: { min: 1, max: 200, integer: true },
  guidance: { min: 0, max: 5 },
} as const;

export const WIDTHS = [64, 128, 256, 512, 1024] as const;

/** Images made from each drawing (small random shifts), so a handful of drawings is a data set. */
export const AUGMENT_PER_DRAWING = 64;
export const MIN_AUGMENTED = 256;

export const DEFAULT_IMAGES_SETTINGS: ImagesSettings = {
  data: 'digits',
  source: 'gaussian',
  hiddenLayers: DEFAULT_IMAGE_CONFIG.hiddenLayers,
  width: DEFAULT_IMAGE_CONFIG.width,
  batchSize: DEFAULT_IMAGE_CONFIG.batchSize,
  learningRate: DEFAULT_IMAGE_CONFIG.learningRate,
  conditional: DEFAULT_IMAGE_CONFIG.conditional,
  labelDrop: DEFAULT_IMAGE_CONFIG.labelDrop,
  coupling: DEFAULT_IMAGE_CONFIG.coupling,
  seed: 1,
  digitsSeed: DIGITS_DEFAULT.seed,
  digitsPerClass: DIGITS_DEFAULT.perClass,
  heldOut: DEFAULT_HELD_OUT,
};

export const DEFAULT_IMAGES_SAMPLING: ImagesSampling = { solver: 'euler', steps: 20, digit: -1, guidance: 1 };

/** Recorded losses: growing arrays, read by the chart when `version` moves. */
export interface LossHistory {
  steps: number[];
  values: number[];
}

export interface ImagesState {
  open: boolean;
  settings: ImagesSettings;
  sampling: ImagesSampling;
  step: number;
  loss: number;
  stepsPerSecond: number;
  /** The user asked for training (the worker's progress says whether it is). */
  running: boolean;
  history: LossHistory;
  historyVersion: number;
  /** Numbers the Train / Pause / start-over requests sent; progress for an older one does not say whether training is on. */
  seq: number;
  /** The seq of the request that started the current run. */
  run: number;
  info: ImagesDataInfo | null;
  snapshot: ImagesSnapshot | null;
  fit: ImagesFit | null;
  diverged: string | null;
  /** The grid cell shown large (and whose path is highlighted). */
  selected: number;
  select(i: number): void;
}

export const useImages = create<ImagesState>((set) => ({
  open: false,
  settings: { ...DEFAULT_IMAGES_SETTINGS },
  sampling: { ...DEFAULT_IMAGES_SAMPLING },
  step: 0,
  loss: NaN,
  stepsPerSecond: 0,
  running: false,
  history: { steps: [], values: [] },
  historyVersion: 0,
  seq: 0,
  run: 0,
  info: null,
  snapshot: null,
  fit: null,
  diverged: null,
  selected: 0,
  select: (selected) => set({ selected }),
}));

/**
 * The newest weights of the current run the worker posted (every few seconds while training, and on
 * pausing), so a replacement worker goes on from them after a crash.
 */
let checkpoint: ImageWeights | null = null;
const checkpointListeners = new Set<(c: ImageWeights | null) => void>();

/** Be told of each new checkpoint (null: the model started afresh); returns the unsubscribe. */
export function onImagesCheckpoint(fn: (c: ImageWeights | null) => void): () => void {
  checkpointListeners.add(fn);
  return () => checkpointListeners.delete(fn);
}

/** The last checkpoint (copies), or null. */
export function imagesCheckpoint(): ImageWeights | null {
  return checkpoint ? { weights: { shape: { ...checkpoint.weights.shape }, arrays: checkpoint.weights.arrays.map((a) => a.slice()) }, step: checkpoint.step } : null;
}

/** A new run starts from these weights (or afresh: null); they are its first checkpoint. */
export function setImagesCheckpoint(c: ImageWeights | null): void {
  if (c === checkpoint) return;
  checkpoint = c;
  checkpointListeners.forEach((fn) => fn(c));
}

/** Back to step 0 (the worker is told separately). */
export function clearImagesProgress(): void {
  const s = useImages.getState();
  useImages.setState({ step: 0, loss: NaN, stepsPerSecond: 0, running: false, history: { steps: [], values: [] }, historyVersion: s.historyVersion + 1, info: null, snapshot: null, fit: null, diverged: null });
}

/** Fold one worker message into the store (dropped while the view is closed). */
export function applyImagesMessage(msg: ImageFromWorker): void {
  const s = useImages.getState();
  if (!s.open || msg.run !== s.run) return;
  switch (msg.type) {
    case 'imagesData':
      useImages.setState({ info: msg.info });
      break;
    case 'imagesProgress': {
      const { history } = s;
      for (let i = 0; i < msg.losses.length; i += 2) {
        history.steps.push(msg.losses[i]);
        history.values.push(msg.losses[i + 1]);
      }
      useImages.setState({
        step: msg.step,
        stepsPerSecond: msg.stepsPerSecond,
        loss: msg.losses.length > 0 ? msg.losses[msg.losses.length - 1] : s.loss,
        // Progress posted before the worker got the latest Train / Pause does not undo the click.
        running: msg.seq === s.seq ? msg.running : s.running,
        historyVersion: msg.losses.length > 0 ? s.historyVersion + 1 : s.historyVersion,
      });
      break;
    }
    case 'imagesSnapshot':
      useImages.setState({ snapshot: msg.snapshot });
      break;
    case 'imagesFit':
      useImages.setState({ fit: msg.fit });
      break;
    case 'imagesDiverged':
      useImages.setState({ running: false, diverged: msg.message });
      break;
    case 'imagesCheckpoint':
      setImagesCheckpoint(msg.checkpoint);
      break;
    case 'imagesWeightsResult':
      // A reply: its request's promise has it.
      break;
  }
}
