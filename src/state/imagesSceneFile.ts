/**
 * The Images view as an image scene file (version 3, sceneImages.ts) and back: the same document the
 * command line writes (fm train --data) and reads (fm sample --png). Pure: the stores and the worker
 * are imagesSceneIO.ts's business.
 */
import type { ImageSampleConfig } from '../core/images/imageConfig';
import { DIGIT_CLASSES } from '../core/images/imageSet';
import type { ImageDataRecipe } from '../core/images/recipe';
import { deriveSeed } from '../core/rng';
import type { ImageScene } from '../core/sceneImages';
import type { ImageWeights } from '../worker/imageProtocol';
import { AUGMENT_PER_DRAWING, IMAGE_DATA_LABELS, MIN_AUGMENTED, IMAGES_LIMITS, type ImageDataKind, type ImagesSampling, type ImagesSettings } from './imagesStore';
import { MAX_USER_IMAGES, type Drawing, type ImportedImage } from './imagesUserData';

export interface ImagesAppState {
  settings: ImagesSettings;
  sampling: ImagesSampling;
  drawings: Drawing[];
  imported: ImportedImage[];
  /** The model's weights and step, or null (a scene without weights: it trains afresh when opened). */
  weights: ImageWeights | null;
}

/** The seed the worker augments drawings with, by their role (imageRuns.ts builds the sets the same way). */
export const drawingsSeed = (seed: number, role: 'target' | 'source'): number => deriveSeed(seed, role === 'target' ? 'images-target' : 'images-source');

/** The recipe of one of the view's data sets, or why there is none. */
function recipeOf(kind: ImageDataKind, role: 'target' | 'source', app: ImagesAppState): ImageDataRecipe | string {
  const { settings } = app;
  switch (kind) {
    case 'digits':
      return { kind: 'digits16', seed: settings.digitsSeed, perClass: settings.digitsPerClass };
    case 'drawings': {
      if (app.drawings.length === 0) return 'there are no drawings';
      const labelled = app.drawings.every((d) => d.label !== null);
      return {
        kind: 'drawings',
        drawings: app.drawings.map((d) => d.pixels.slice()),
        ...(labelled ? { labels: app.drawings.map((d) => d.label!) } : {}),
        count: Math.max(MIN_AUGMENTED, AUGMENT_PER_DRAWING * app.drawings.length),
        seed: drawingsSeed(settings.seed, role),
      };
    }
    case 'imported': {
      if (app.imported.length === 0) return 'there are no imported pictures';
      const labelled = app.imported.every((im) => im.label !== undefined && im.label !== null);
      return { kind: 'imported', images: app.imported.map((im) => im.pixels.slice()), ...(labelled ? { labels: app.imported.map((im) => im.label!) } : {}) };
    }
  }
}

/** Whether a recipe's images carry digit labels of more than one class (what a conditional net needs). */
function labelled(r: ImageDataRecipe): boolean {
  if (r.kind === 'digits16') return true;
  return !!r.labels && new Set(r.labels).size > 1;
}

/** The view's state as an image scene, or why it cannot be saved. */
export function imageSceneFromApp(app: ImagesAppState): ImageScene | string {
  const { settings, sampling, weights } = app;
  const data = recipeOf(settings.data, 'target', app);
  if (typeof data === 'string') return `${IMAGE_DATA_LABELS[settings.data]}: ${data}`;
  let source: ImageDataRecipe | null = null;
  if (settings.source !== 'gaussian') {
    const s = recipeOf(settings.source, 'source', app);
    if (typeof s === 'string') return `source ${IMAGE_DATA_LABELS[settings.source]}: ${s}`;
    source = s;
  }
  // The net is conditional when asked and the data has labels (as the worker decides); weights say it for certain.
  const conditional = weights ? !!weights.weights.shape.conditional : settings.conditional && labelled(data);
  const hiddenLayers = weights ? weights.weights.shape.hiddenLayers : settings.hiddenLayers;
  const width = weights ? weights.weights.shape.width : settings.width;
  const sample: ImageSampleConfig = { solver: sampling.solver, steps: sampling.steps, guidance: sampling.guidance, sampleClass: sampling.digit >= 0 ? sampling.digit : null };
  const scene: ImageScene = {
    version: 3,
    seed: settings.seed,
    images: {
      data,
      source,
      heldOut: settings.heldOut,
      train: { hiddenLayers, width, batchSize: settings.batchSize, learningRate: settings.learningRate, conditional, labelDrop: settings.labelDrop, coupling: settings.coupling },
      sample,
    },
  };
  if (weights) scene.images.weights = { shape: { ...weights.weights.shape }, arrays: weights.weights.arrays.map((a) => a.slice()), step: weights.step };
  return scene;
}

/** What opening a scene does to the view: its settings, the user's data it brings, its weights, and notes on what changed. */
export interface OpenedImageScene {
  settings: ImagesSettings;
  sampling: ImagesSampling;
  drawings?: Drawing[];
  imported?: ImportedImage[];
  weights: ImageWeights | null;
  /** Values the view holds differently (clamped to its controls), one sentence each. */
  notes: string[];
}

const KIND_OF: Record<ImageDataRecipe['kind'], ImageDataKind> = { digits16: 'digits', drawings: 'drawings', imported: 'imported' };

/** The view's state for an image scene, or why the view cannot show it. */
export function appFromImageScene(scene: ImageScene, seedSettings: ImagesSettings): OpenedImageScene | string {
  const im = scene.images;
  const notes: string[] = [];
  const dataKind = KIND_OF[im.data.kind];
  const sourceKind = im.source ? KIND_OF[im.source.kind] : 'gaussian';
  if (sourceKind === dataKind) return `its source and its data are both ${IMAGE_DATA_LABELS[dataKind].toLowerCase()}, which the Images view cannot hold at once (fm sample can sample it)`;
  const settings: ImagesSettings = { ...seedSettings, data: dataKind, source: sourceKind, seed: scene.seed, heldOut: im.heldOut };
  let drawings: Drawing[] | undefined;
  let imported: ImportedImage[] | undefined;
  for (const [recipe, role] of [[im.data, 'target'], [im.source, 'source']] as const) {
    if (!recipe) continue;
    if (recipe.kind === 'digits16') {
      settings.digitsSeed = recipe.seed;
      settings.digitsPerClass = recipe.perClass;
    } else if (recipe.kind === 'drawings') {
      drawings = recipe.drawings.map((pixels, i) => ({ pixels: Float32Array.from(pixels), label: recipe.labels ? recipe.labels[i] : null }));
      const count = Math.max(MIN_AUGMENTED, AUGMENT_PER_DRAWING * recipe.drawings.length);
      if (recipe.count !== count || recipe.seed !== drawingsSeed(scene.seed, role)) notes.push(`its ${recipe.drawings.length} drawings are grown to ${count} images by the view's own shifts (the file asked for ${recipe.count}, seed ${recipe.seed})`);
    } else {
      imported = recipe.images.map((pixels, i) => ({ pixels: Float32Array.from(pixels), name: `scene image ${i + 1}`, ...(recipe.labels ? { label: recipe.labels[i] } : {}) }));
    }
  }
  for (const [list, what] of [[drawings, 'drawings'], [imported, 'pictures']] as const) {
    if (list && list.length > MAX_USER_IMAGES) notes.push(`the view keeps ${MAX_USER_IMAGES} of its ${list.length} ${what} (the last ones)`);
  }
  // The net's shape is the file's (its weights need it); the rest as the view's controls allow.
  const t = im.train;
  settings.hiddenLayers = t.hiddenLayers;
  settings.width = t.width;
  settings.conditional = t.conditional;
  settings.coupling = t.coupling;
  const clamp = (name: string, v: number, r: { min: number; max: number }): number => {
    const c = Math.min(r.max, Math.max(r.min, v));
    if (c !== v) notes.push(`${name} ${v} is ${c} here (the view allows ${r.min} to ${r.max})`);
    return c;
  };
  settings.batchSize = Math.round(clamp('batch', t.batchSize, IMAGES_LIMITS.batchSize));
  settings.learningRate = clamp('learning rate', t.learningRate, IMAGES_LIMITS.learningRate);
  settings.labelDrop = clamp('label drop', t.labelDrop, IMAGES_LIMITS.labelDrop);
  const s = im.sample;
  const sampling: ImagesSampling = {
    solver: s.solver,
    steps: Math.round(clamp('sampling steps', s.steps, IMAGES_LIMITS.steps)),
    digit: s.sampleClass ?? -1,
    guidance: clamp('guidance', s.guidance, IMAGES_LIMITS.guidance),
  };
  if (t.conditional && !labelled(im.data)) return 'it is a conditional model but its data has no digit labels';
  const w = im.weights;
  if (w && w.shape.conditional && (w.shape.classes ?? DIGIT_CLASSES) !== DIGIT_CLASSES) return `its network has ${w.shape.classes} classes, not ${DIGIT_CLASSES}`;
  const weights: ImageWeights | null = w ? { weights: { shape: { ...w.shape }, arrays: w.arrays.map((a) => Float32Array.from(a)) }, step: w.step } : null;
  return { settings, sampling, ...(drawings ? { drawings } : {}), ...(imported ? { imported } : {}), weights, notes };
}
