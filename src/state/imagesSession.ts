/**
 * The Images view's actions: open and close it, pick data and source, set the net and sampling, train,
 * pause and reset. They change the images store and tell the worker; the worker's answers come back
 * through applyImagesMessage (imagesStore.ts).
 */
import { clampToRange } from '../core/config';
import { IMAGE_DIM } from '../core/images/imageSet';
import type { ImageDataSpec, ImageRunSettings, ImageWeights } from '../worker/imageProtocol';
import { closeCompare } from './compareSession';
import { useCompare } from './compareStore';
import { AUGMENT_PER_DRAWING, clearImagesProgress, imagesCheckpoint, setImagesCheckpoint, IMAGE_DATA_LABELS, MIN_AUGMENTED, IMAGES_LIMITS, useImages, type ImageDataKind, type ImagesSampling, type ImagesSettings } from './imagesStore';
import { useUserImages } from './imagesUserData';
import { notify } from './noticeStore';
import { sendToWorker, setTraining } from './session';
import { useTraining } from './trainingStore';


/** The worker's description of one image set, or why there is none. */
export function dataSpec(kind: ImageDataKind): ImageDataSpec | string {
  const user = useUserImages.getState();
  switch (kind) {
    case 'digits': {
      const { digitsSeed, digitsPerClass } = useImages.getState().settings;
      return { kind: 'digits', seed: digitsSeed, perClass: digitsPerClass };
    }
    case 'drawings': {
      if (user.drawings.length === 0) return 'draw a few images on the pad first';
      const all = user.drawings.every((d) => d.label !== null);
      return {
        kind: 'drawings',
        // Copies: the message transfers them, the store keeps its own.
        drawings: user.drawings.map((d) => d.pixels.slice()),
        labels: all ? user.drawings.map((d) => d.label!) : null,
        count: Math.max(MIN_AUGMENTED, AUGMENT_PER_DRAWING * user.drawings.length),
      };
    }
    case 'imported': {
      if (user.imported.length === 0) return 'import a few PNG or JPEG pictures first';
      const pixels = new Float32Array(user.imported.length * IMAGE_DIM);
      user.imported.forEach((im, i) => pixels.set(im.pixels, i * IMAGE_DIM));
      const all = user.imported.every((im) => im.label !== undefined && im.label !== null);
      return { kind: 'imported', pixels, count: user.imported.length, labels: all ? user.imported.map((im) => im.label!) : null };
    }
  }
}

/** The next request number (see ImagesState.seq). */
function nextSeq(): number {
  const seq = useImages.getState().seq + 1;
  useImages.setState({ seq });
  return seq;
}

/** The run's settings for the worker, or why it cannot start. */
export function runSettings(): ImageRunSettings | string {
  const { settings } = useImages.getState();
  const target = dataSpec(settings.data);
  if (typeof target === 'string') return `${IMAGE_DATA_LABELS[settings.data]}: ${target}`;
  let source: ImageDataSpec | null = null;
  if (settings.source !== 'gaussian') {
    const s = dataSpec(settings.source);
    if (typeof s === 'string') return `Source ${IMAGE_DATA_LABELS[settings.source]}: ${s}`;
    source = s;
  }
  const { hiddenLayers, width, batchSize, learningRate, conditional, labelDrop, coupling, seed, heldOut } = settings;
  return { target, source, seed, heldOut, config: { hiddenLayers, width, batchSize, learningRate, conditional, labelDrop, coupling } };
}

/** Why the view cannot train now, or null. */
export function imagesProblem(): string | null {
  const r = runSettings();
  return typeof r === 'string' ? r : null;
}

/** Start the model on the current data and settings: afresh, or from `from` (a scene file's weights, the last checkpoint). */
export function restartImages(from: ImageWeights | null = null): void {
  if (!useImages.getState().open) return;
  clearImagesProgress();
  setImagesCheckpoint(from);
  const settings = runSettings();
  const seq = nextSeq();
  useImages.setState({ run: seq, ...(from ? { step: from.step } : {}) });
  // The page keeps its own copy: the message hands the arrays over.
  const resume = from ? { weights: { shape: { ...from.weights.shape }, arrays: from.weights.arrays.map((a) => a.slice()) }, step: from.step } : null;
  sendToWorker({ type: 'images', settings: typeof settings === 'string' ? null : { ...settings, resume }, seq });
  if (typeof settings !== 'string') sendSampling();
}

function sendSampling(): void {
  const { solver, steps, digit, guidance } = useImages.getState().sampling;
  sendToWorker({ type: 'imagesSample', sample: { solver, steps, digit, guidance } });
}

export function openImages(from: ImageWeights | null = null): void {
  if (useImages.getState().open) return;
  // One view at a time, and the worker's time goes to the images.
  closeCompare();
  setTraining(false);
  useImages.setState({ open: true });
  // Back in the view: the model goes on from where it was (the kept checkpoint fits the settings, which only change in the view).
  restartImages(from ?? keptModel());
}

/** The kept checkpoint when it fits the current net, else null. */
function keptModel(): ImageWeights | null {
  const c = imagesCheckpoint();
  const { hiddenLayers, width } = useImages.getState().settings;
  return c && c.weights.shape.hiddenLayers === hiddenLayers && c.weights.shape.width === width ? c : null;
}

export function closeImages(): void {
  if (!useImages.getState().open) return;
  useImages.setState({ open: false });
  clearImagesProgress();
  sendToWorker({ type: 'images', settings: null, seq: nextSeq() });
}

export function trainImages(running: boolean): void {
  const s = useImages.getState();
  if (!s.open) return;
  if (running) {
    const problem = imagesProblem();
    if (problem) {
      notify('warning', `The image model cannot train: ${problem}.`);
      return;
    }
    if (s.diverged) return;
  }
  useImages.setState({ running });
  sendToWorker({ type: 'imagesTrain', running, seq: nextSeq() });
}

/** Fresh weights on the same data; training goes on if it was on. */
export function resetImages(): void {
  const was = useImages.getState().running;
  restartImages();
  if (was) trainImages(true);
}

/** Change settings that shape the model or its data: the model starts over. */
export function setImagesSettings(patch: Partial<ImagesSettings>): void {
  const s = useImages.getState();
  const next = { ...s.settings, ...patch };
  // The source and the target are two different sets.
  if (next.source === next.data) next.source = 'gaussian';
  for (const key of ['hiddenLayers', 'width', 'batchSize', 'learningRate', 'labelDrop'] as const) {
    const c = clampToRange(next[key], IMAGES_LIMITS[key]);
    if (c.changed) notify('warning', `${key} must be from ${IMAGES_LIMITS[key].min} to ${IMAGES_LIMITS[key].max}; set to ${c.value}.`);
    next[key] = c.value;
  }
  useImages.setState({ settings: next });
  // Weights of the old net or data no longer apply.
  setImagesCheckpoint(null);
  resetImages();
}

/** Change how the grid is sampled: the same weights, a new picture. */
export function setImagesSampling(patch: Partial<ImagesSampling>): void {
  const s = useImages.getState();
  const next = { ...s.sampling, ...patch };
  next.steps = clampToRange(next.steps, IMAGES_LIMITS.steps).value;
  next.guidance = clampToRange(next.guidance, IMAGES_LIMITS.guidance).value;
  next.digit = Number.isInteger(next.digit) && next.digit >= -1 && next.digit <= 9 ? next.digit : -1;
  useImages.setState({ sampling: next });
  if (s.open && !imagesProblem()) sendSampling();
}

/** Set while a scene file replaces the user's data: the file's model, not a fresh one, follows. */
let quietData = false;

/** Run `fn` (which changes the user's data) without starting the model over. */
export function withoutDataRestart(fn: () => void): void {
  quietData = true;
  try {
    fn();
  } finally {
    quietData = false;
  }
}

/** The user's data changed: a model training on it starts over on the new set. */
useUserImages.subscribe((s, p) => {
  const { open, settings } = useImages.getState();
  if (!open || quietData) return;
  const uses = (k: ImageDataKind) => settings.data === k || settings.source === k;
  if ((s.drawings !== p.drawings && uses('drawings')) || (s.imported !== p.imported && uses('imported'))) resetImages();
});

/** A replacement worker (the old one crashed) goes on from the image model's last checkpoint (afresh when there is none). */
useTraining.subscribe((s, p) => {
  if (!(p.status === 'crashed' && s.status !== 'crashed' && useImages.getState().open)) return;
  const was = useImages.getState().running;
  const from = imagesCheckpoint();
  // The loss curve up to the checkpoint stays.
  const { history, historyVersion } = useImages.getState();
  const keep = from ? history.steps.findIndex((st) => st > from.step) : 0;
  const kept = keep < 0 ? history : { steps: history.steps.slice(0, keep), values: history.values.slice(0, keep) };
  restartImages(from);
  useImages.setState({ history: kept, historyVersion: historyVersion + 2 });
  if (from) notify('info', `The image model goes on from its checkpoint of step ${from.step.toLocaleString('en-US')}.`);
  if (was) trainImages(true);
});

/** Whoever opens the compare view (a lesson, a scene file) closes this one: one view at a time. */
useCompare.subscribe((s, p) => {
  if (s.open && !p.open) closeImages();
});
