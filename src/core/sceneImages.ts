/**
 * The images section of a scene file (version 3): an image model's data recipe, settings and weights.
 * A version-3 file holds either a 2D scene (the fields of scene.ts) or an image scene:
 *
 *   {
 *     "version": 3,
 *     "seed": 1,
 *     "images": {
 *       "data": { "kind": "digits16", "seed": 1, "perClass": 300 },        // or drawings / imported (recipe.ts)
 *       "source": null,                                                  // null or absent: N(0, I); else a recipe
 *       "heldOut": 0.1,                                                  // share kept out of training
 *       "train": { "hiddenLayers": 3, "width": 512, "batchSize": 256, "learningRate": 0.001,
 *                  "conditional": true, "labelDrop": 0.15, "coupling": "independent" },
 *       "sample": { "solver": "euler", "steps": 50, "guidance": 2, "sampleClass": null },
 *       "weights": { "shape": { "hiddenLayers": 3, "width": 512, "dim": 256, "conditional": true, "classes": 10 },
 *                    "step": 2000, "arrays": [[...], ...] }                // optional; W0, b0, ... as the 2D weights
 *     }
 *   }
 *
 * Drawings and imported images are lists of 256 numbers in [-1, 1]; labels are digits 0-9.
 * Missing train / sample fields take the defaults (imageConfig.ts). Numbers are written as the
 * shortest decimal that reads back to the same float32 (sceneWrite.ts), so a round trip is exact.
 */
import { z } from 'zod';
import { DEFAULT_HELD_OUT, DEFAULT_IMAGE_CONFIG, DEFAULT_IMAGE_SAMPLE, IMAGE_CONFIG_LIMITS, IMAGE_COUPLINGS, IMAGE_SAMPLE_LIMITS, type ImageSampleConfig, type ImageTrainConfig } from './images/imageConfig';
import { DIGIT_CLASSES, IMAGE_DIM } from './images/imageSet';
import type { ImageDataRecipe } from './images/recipe';
import { layerSizes, weightLengths, type MlpShape } from './networkShape';
import { describe, float32List, rangedNumber } from './sceneSchemaParts';
import { SEED_LIMITS } from './config';

export const IMAGE_SCENE_VERSION = 3;
/** Drawings a scene keeps at most (the pad is for a handful). */
export const MAX_DRAWINGS = 500;
/** Imported images a scene keeps at most (~1.3 M numbers). */
export const MAX_IMPORTED = 5000;
/** Images a recipe may ask for at most (digits16's 10 x perClass, or the drawings' count). */
export const MAX_RECIPE_IMAGES = 20_000;

export interface SceneImageWeights {
  shape: MlpShape;
  arrays: Float32Array[];
  step: number;
}

export interface SceneImages {
  data: ImageDataRecipe;
  /** null: N(0, I) noise; else the source images' recipe (image-to-image transport). */
  source: ImageDataRecipe | null;
  heldOut: number;
  train: ImageTrainConfig;
  sample: ImageSampleConfig;
  weights?: SceneImageWeights;
}

export interface ImageScene {
  version: typeof IMAGE_SCENE_VERSION;
  seed: number;
  images: SceneImages;
}

const image = float32List({ maxLength: IMAGE_DIM, bound: 1, boundMessage: 'is outside [-1, 1]' }).superRefine((a, ctx) => {
  if (a.length !== IMAGE_DIM) ctx.addIssue({ code: 'custom', message: `must hold ${IMAGE_DIM} pixel values (got ${a.length})` });
});

const digit = z.unknown().transform((v, ctx): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= DIGIT_CLASSES) {
    ctx.issues.push({ code: 'custom', input: v, message: `must be a class from 0 to ${DIGIT_CLASSES - 1} (got ${describe(v)})` });
    return z.NEVER;
  }
  return v;
});

const labelsFor = (what: string) =>
  (r: { labels?: number[] } & Record<string, unknown>, ctx: z.core.$RefinementCtx<unknown>, n: number): void => {
    if (r.labels && r.labels.length !== n) ctx.addIssue({ code: 'custom', path: ['labels'], message: `must hold one label per ${what}: ${n} (got ${r.labels.length})` });
  };

const recipeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('digits16'),
    seed: rangedNumber(SEED_LIMITS, 'a whole number'),
    perClass: rangedNumber({ min: 1, max: MAX_RECIPE_IMAGES / DIGIT_CLASSES, integer: true }),
  }),
  z
    .strictObject({
      kind: z.literal('drawings'),
      drawings: z.array(image).min(1).max(MAX_DRAWINGS),
      labels: z.array(digit).optional(),
      count: rangedNumber({ min: 1, max: MAX_RECIPE_IMAGES, integer: true }),
      seed: rangedNumber(SEED_LIMITS, 'a whole number'),
    })
    .superRefine((r, ctx) => labelsFor('drawing')(r, ctx, r.drawings.length)),
  z
    .strictObject({
      kind: z.literal('imported'),
      images: z.array(image).min(1).max(MAX_IMPORTED),
      labels: z.array(digit).optional(),
    })
    .superRefine((r, ctx) => labelsFor('image')(r, ctx, r.images.length)),
]);

const L = IMAGE_CONFIG_LIMITS;
const D = DEFAULT_IMAGE_CONFIG;
const trainSchema = z.strictObject({
  hiddenLayers: rangedNumber(L.hiddenLayers).default(D.hiddenLayers),
  width: rangedNumber(L.width).default(D.width),
  batchSize: rangedNumber(L.batchSize).default(D.batchSize),
  learningRate: rangedNumber(L.learningRate).default(D.learningRate),
  conditional: z.boolean().default(D.conditional),
  labelDrop: rangedNumber(L.labelDrop).default(D.labelDrop),
  coupling: z.enum(IMAGE_COUPLINGS).default(D.coupling),
});

const sampleSchema = z.strictObject({
  solver: z.enum(['euler', 'midpoint', 'heun', 'rk4']).default(DEFAULT_IMAGE_SAMPLE.solver),
  steps: rangedNumber(IMAGE_SAMPLE_LIMITS.steps).default(DEFAULT_IMAGE_SAMPLE.steps),
  guidance: rangedNumber(IMAGE_SAMPLE_LIMITS.guidance).default(DEFAULT_IMAGE_SAMPLE.guidance),
  sampleClass: z.union([z.null(), digit]).default(DEFAULT_IMAGE_SAMPLE.sampleClass),
});

const shapeSchema = z.strictObject({
  hiddenLayers: rangedNumber(L.hiddenLayers),
  width: rangedNumber(L.width),
  dim: z.literal(IMAGE_DIM),
  conditional: z.boolean().optional(),
  classes: z.literal(DIGIT_CLASSES).optional(),
});

const weightsSchema = z
  .strictObject({
    shape: shapeSchema,
    step: rangedNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
    arrays: z.array(float32List({ maxLength: Infinity, bound: Infinity, boundMessage: 'is too large for a 32-bit float' })),
  })
  .superRefine((w, ctx) => {
    if (w.shape.conditional && w.shape.classes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shape', 'classes'], message: `is missing: a conditional image network names its classes (${DIGIT_CLASSES})` });
      return;
    }
    const lengths = weightLengths(w.shape);
    if (w.arrays.length !== lengths.length) {
      ctx.addIssue({ code: 'custom', path: ['arrays'], message: `must hold ${lengths.length} arrays for ${w.shape.hiddenLayers} hidden layers (got ${w.arrays.length})` });
      return;
    }
    const sizes = layerSizes(w.shape);
    for (let i = 0; i < lengths.length; i++) {
      if (w.arrays[i].length === lengths[i]) continue;
      const l = i >> 1;
      const what = i % 2 === 0 ? `weight matrix ${sizes[l]}x${sizes[l + 1]}` : `bias of ${sizes[l + 1]}`;
      ctx.addIssue({ code: 'custom', path: ['arrays', i], message: `must hold ${lengths[i]} numbers, a ${what} (got ${w.arrays[i].length})` });
      return;
    }
  })
  .transform(
    (w): SceneImageWeights => ({
      shape: w.shape.conditional ? { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width, dim: IMAGE_DIM, conditional: true, classes: DIGIT_CLASSES } : { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width, dim: IMAGE_DIM },
      step: w.step,
      arrays: w.arrays,
    }),
  );

/** The `images` section; checks the weights against train and the labels against conditioning. */
export const imagesSchema = z
  .strictObject({
    data: recipeSchema,
    source: z.union([z.null(), recipeSchema]).default(null),
    heldOut: rangedNumber({ min: 0, max: 0.5 }).default(DEFAULT_HELD_OUT),
    train: trainSchema.default({ ...DEFAULT_IMAGE_CONFIG }),
    sample: sampleSchema.default({ ...DEFAULT_IMAGE_SAMPLE }),
    weights: weightsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const w = s.weights;
    if (!w) return;
    const pairs: [string, number | boolean, string, number | boolean][] = [
      ['hiddenLayers', w.shape.hiddenLayers, 'train.hiddenLayers', s.train.hiddenLayers],
      ['width', w.shape.width, 'train.width', s.train.width],
      ['conditional', !!w.shape.conditional, 'train.conditional', s.train.conditional],
    ];
    for (const [key, v, setting, want] of pairs) {
      if (v !== want) {
        ctx.addIssue({ code: 'custom', path: ['weights', 'shape', key], message: `is ${v} but ${setting} is ${want}: the weights belong to another network` });
        return;
      }
    }
  })
  .transform((s) => {
    const { weights, ...rest } = s;
    return (weights ? { ...rest, weights } : rest) as SceneImages;
  });
