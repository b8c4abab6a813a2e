/**
 * Where an image set comes from, small enough to save in a scene: the generated digits (seed and
 * size), the user's drawings (kept as 256-number arrays, augmented by seeded shifts), or imported
 * images (kept as they are). The same recipe gives the same images on every machine.
 */
import { makeDigits } from './digits16';
import { IMAGE_DIM, type ImageSet } from './imageSet';
import { augmentDrawings } from './userImages';

export type ImageDataRecipe =
  | { kind: 'digits16'; seed: number; perClass: number }
  /** Drawings on the pad, grown to `count` images by augmentDrawings(drawings, count, seed, labels). */
  | { kind: 'drawings'; drawings: Float32Array[]; labels?: number[]; count: number; seed: number }
  /** Imported pictures already brought to 16 x 16 (grayFromRgba), used as they are. */
  | { kind: 'imported'; images: Float32Array[]; labels?: number[] };

/** The images a recipe describes. */
export function imageSetFromRecipe(recipe: ImageDataRecipe): ImageSet {
  switch (recipe.kind) {
    case 'digits16':
      return makeDigits({ seed: recipe.seed, perClass: recipe.perClass });
    case 'drawings':
      return augmentDrawings(recipe.drawings, recipe.count, recipe.seed, recipe.labels);
    case 'imported': {
      const n = recipe.images.length;
      const pixels = new Float32Array(n * IMAGE_DIM);
      recipe.images.forEach((img, i) => pixels.set(img, i * IMAGE_DIM));
      const labels = recipe.labels ? Uint8Array.from(recipe.labels) : null;
      return { count: n, pixels, labels, classes: recipe.labels ? Math.max(...recipe.labels) + 1 : 0 };
    }
  }
}

/** A short description for progress lines and reports. */
export function describeRecipe(recipe: ImageDataRecipe): string {
  switch (recipe.kind) {
    case 'digits16':
      return `digits16 (seed ${recipe.seed}, ${recipe.perClass} a class)`;
    case 'drawings':
      return `${recipe.drawings.length} drawings grown to ${recipe.count} images`;
    case 'imported':
      return `${recipe.images.length} imported images`;
  }
}
