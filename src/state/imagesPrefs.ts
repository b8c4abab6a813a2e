/**
 * The Images view's settings (data, source, net, coupling, conditioning, sampling) kept in
 * localStorage so a reload comes back to them. Read field by field: a field that is missing, of the
 * wrong type or out of range takes its default, and text that is not JSON gives all defaults.
 */
import { IMAGE_CONFIG_LIMITS } from '../core/images/imageConfig';
import { MAX_RECIPE_IMAGES } from '../core/sceneImages';
import { DIGIT_CLASSES } from '../core/images/imageSet';
import { SEED_LIMITS } from '../core/config';
import { DEFAULT_IMAGES_SAMPLING, DEFAULT_IMAGES_SETTINGS, IMAGE_DATA_LABELS, IMAGE_SOURCE_LABELS, IMAGES_LIMITS, useImages, type ImagesSampling, type ImagesSettings } from './imagesStore';
import { userStorage } from './userStorage';

export const IMAGES_PREFS_KEY = 'fm-images-settings-v1';

interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

const inRange = (v: unknown, r: Range): v is number => typeof v === 'number' && Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v));
const oneOf = <T extends string>(v: unknown, list: readonly T[]): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

/** Settings and sampling from stored text; anything unreadable falls back to the defaults. */
export function readImagesPrefs(text: string | null | undefined): { settings: ImagesSettings; sampling: ImagesSampling } {
  const settings = { ...DEFAULT_IMAGES_SETTINGS };
  const sampling = { ...DEFAULT_IMAGES_SAMPLING };
  let doc: unknown = null;
  try {
    doc = text ? JSON.parse(text) : null;
  } catch {
    doc = null;
  }
  if (!doc || typeof doc !== 'object') return { settings, sampling };
  const s = ((doc as Record<string, unknown>).settings ?? {}) as Record<string, unknown>;
  const p = ((doc as Record<string, unknown>).sampling ?? {}) as Record<string, unknown>;
  if (typeof s === 'object' && s) {
    if (oneOf(s.data, Object.keys(IMAGE_DATA_LABELS) as ImagesSettings['data'][])) settings.data = s.data;
    if (oneOf(s.source, Object.keys(IMAGE_SOURCE_LABELS) as ImagesSettings['source'][])) settings.source = s.source;
    // Layers and width as a scene file may have them (the weights need them exactly); the rest as the controls allow.
    if (inRange(s.hiddenLayers, IMAGE_CONFIG_LIMITS.hiddenLayers)) settings.hiddenLayers = s.hiddenLayers;
    if (inRange(s.width, IMAGE_CONFIG_LIMITS.width)) settings.width = s.width;
    if (inRange(s.batchSize, IMAGES_LIMITS.batchSize)) settings.batchSize = s.batchSize;
    if (inRange(s.learningRate, IMAGES_LIMITS.learningRate)) settings.learningRate = s.learningRate;
    if (inRange(s.labelDrop, IMAGES_LIMITS.labelDrop)) settings.labelDrop = s.labelDrop;
    if (typeof s.conditional === 'boolean') settings.conditional = s.conditional;
    if (oneOf(s.coupling, ['independent', 'ot'] as const)) settings.coupling = s.coupling;
    if (inRange(s.seed, SEED_LIMITS)) settings.seed = s.seed;
    if (inRange(s.digitsSeed, SEED_LIMITS)) settings.digitsSeed = s.digitsSeed;
    if (inRange(s.digitsPerClass, { min: 1, max: MAX_RECIPE_IMAGES / DIGIT_CLASSES, integer: true })) settings.digitsPerClass = s.digitsPerClass;
    if (inRange(s.heldOut, { min: 0, max: 0.5 })) settings.heldOut = s.heldOut;
    if (settings.source === settings.data) settings.source = 'gaussian';
  }
  if (typeof p === 'object' && p) {
    if (oneOf(p.solver, ['euler', 'midpoint', 'heun', 'rk4'] as const)) sampling.solver = p.solver;
    if (inRange(p.steps, IMAGES_LIMITS.steps)) sampling.steps = p.steps;
    if (inRange(p.digit, { min: -1, max: 9, integer: true })) sampling.digit = p.digit;
    if (inRange(p.guidance, IMAGES_LIMITS.guidance)) sampling.guidance = p.guidance;
  }
  return { settings, sampling };
}


/** Load the stored settings into the store, then keep storing them as they change. */
export function installImagesPrefs(): void {
  const st = userStorage();
  let text: string | null = null;
  try {
    text = st?.getItem(IMAGES_PREFS_KEY) ?? null;
  } catch {
    text = null;
  }
  if (text) useImages.setState(readImagesPrefs(text));
  useImages.subscribe((s, prev) => {
    if (s.settings === prev.settings && s.sampling === prev.sampling) return;
    try {
      userStorage()?.setItem(IMAGES_PREFS_KEY, JSON.stringify({ settings: s.settings, sampling: s.sampling }));
    } catch {
      // Full or refused: the settings still hold for this visit.
    }
  });
}
