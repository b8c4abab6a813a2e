/**
 * The Images view's actions: open and close it, pick data and source, set the net and sampling, train,
 * pause and reset. They change the images store and tell the worker; the worker's answers come back
 * through applyImagesMessage (imagesStore.ts).
 */
import { clampToRange } from '../core/config';
import { DIGITS_DEFAULT } from '../core/images/digits16';
import { IMAGE_DIM } from '../core/images/imageSet';
import type { ImageDataSpec, ImageRunSettings } from '../worker/imageProtocol';
import { closeCompare } from './compareSession';
import { useCompare } from './compareStore';
import { clearImagesProgress, IMAGE_DATA_LABELS, IMAGES_LIMITS, useImages, type ImageDataKind, type ImagesSampling, type ImagesSettings } from './imagesStore';
import { useUserImages } from './imagesUserData';
import { notify } from './noticeStore';
import { sendToWorker, setTraining } from './session';
import { useTraining } from './trainingStore';

/** Images made from each drawing (small random shifts), so a handful of drawings is a data set. */
export const AUGMENT_PER_DRAWING = 64;
const MIN_AUGMENTED = 256;

/** The worker's description of one image set, or why there is none. */
export function dataSpec(kind: ImageDataKind): ImageDataSpec | string {
  const user = useUserImages.getState();
  switch (kind) {
    case 'digits':
      return { kind: 'digits', seed: DIGITS_DEFAULT.seed, perClass: DIGITS_DEFAULT.perClass };
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
      return { kind: 'imported', pixels, count: user.imported.length };
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
  const { hiddenLayers, width, batchSize, learningRate, conditional, labelDrop, coupling, seed } = settings;
  return { target, source, seed, config: { hiddenLayers, width, batchSize, learningRate, conditional, labelDrop, coupling } };
}

/** Why the view cannot train now, or null. */
export function imagesProblem(): string | null {
  const r = runSettings();
  return typeof r === 'string' ? r : null;
}

/** Start the model afresh on the current data and settings. */
export function restartImages(): void {
  if (!useImages.getState().open) return;
  clearImagesProgress();
  const settings = runSettings();
  const seq = nextSeq();
  useImages.setState({ run: seq });
  sendToWorker({ type: 'images', settings: typeof settings === 'string' ? null : settings, seq });
  if (typeof settings !== 'string') sendSampling();
}

function sendSampling(): void {
  const { solver, steps, digit, guidance } = useImages.getState().sampling;
  sendToWorker({ type: 'imagesSample', sample: { solver, steps, digit, guidance } });
}

export function openImages(): void {
  if (useImages.getState().open) return;
  // One view at a time, and the worker's time goes to the images.
  closeCompare();
  setTraining(false);
  useImages.setState({ open: true });
  restartImages();
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

/** The user's data changed: a model training on it starts over on the new set. */
useUserImages.subscribe((s, p) => {
  const { open, settings } = useImages.getState();
  if (!open) return;
  const uses = (k: ImageDataKind) => settings.data === k || settings.source === k;
  if ((s.drawings !== p.drawings && uses('drawings')) || (s.imported !== p.imported && uses('imported'))) resetImages();
});

/** A replacement worker (the old one crashed) starts the Images view's model afresh. */
useTraining.subscribe((s, p) => {
  if (p.status === 'crashed' && s.status !== 'crashed' && useImages.getState().open) resetImages();
});

/** Whoever opens the compare view (a lesson, a scene file) closes this one: one view at a time. */
useCompare.subscribe((s, p) => {
  if (s.open && !p.open) closeImages();
});
