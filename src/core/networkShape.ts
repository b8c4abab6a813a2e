/**
 * The velocity network's shape: an MLP from the input features (position and time features) through
 * `hiddenLayers` layers of `width` units to the velocity (2D points, or `dim` numbers such as the 256
 * pixels of an image). The engine builds it, scene files check weights against it: both read the sizes here.
 */
import { MAX_CLASSES } from './labels';
import { INPUT_SIZE, TIME_FEATURE_COUNT } from './timeFeatures';

/** Input of a conditional network: INPUT_SIZE then a one-hot label over MAX_CLASSES classes + the null class. */
export const CONDITIONAL_INPUT_SIZE = INPUT_SIZE + MAX_CLASSES + 1;

export interface MlpShape {
  hiddenLayers: number;
  width: number;
  /** Takes a one-hot class label after the time features (absent: false). */
  conditional?: boolean;
  /** Data dimension: inputs and outputs per point (absent: 2, the playground's plane). */
  dim?: number;
  /** Classes of the one-hot label of a conditional network, before the null slot (absent: MAX_CLASSES). */
  classes?: number;
}

/** Data dimension of a network of this shape (2 unless set). */
export const shapeDim = (shape: MlpShape): number => shape.dim ?? 2;

/** Classes of a conditional network's one-hot (MAX_CLASSES unless set); the null class is one more slot. */
export const shapeClasses = (shape: MlpShape): number => shape.classes ?? MAX_CLASSES;

/** Inputs of a network of this shape: the point, the time features, and (conditional) classes + 1 one-hot slots. */
export function inputSize(shape: MlpShape): number {
  if (shape.dim === undefined && shape.classes === undefined) return shape.conditional ? CONDITIONAL_INPUT_SIZE : INPUT_SIZE;
  return shapeDim(shape) + TIME_FEATURE_COUNT + (shape.conditional ? shapeClasses(shape) + 1 : 0);
}

/** Units per layer, input to output: inputSize, width x hiddenLayers, dim. */
export function layerSizes(shape: MlpShape): number[] {
  return [inputSize(shape), ...new Array<number>(shape.hiddenLayers).fill(shape.width), shapeDim(shape)];
}

/** Whether two shapes describe the same network (absent dim / classes equal their defaults). */
export function sameShape(a: MlpShape, b: MlpShape): boolean {
  return (
    a.hiddenLayers === b.hiddenLayers &&
    a.width === b.width &&
    !a.conditional === !b.conditional &&
    shapeDim(a) === shapeDim(b) &&
    (!a.conditional || shapeClasses(a) === shapeClasses(b))
  );
}

/** Length of each weight array, in order W0, b0, W1, b1, ... (W_l row-major [in][out]). */
export function weightLengths(shape: MlpShape): number[] {
  const sizes = layerSizes(shape);
  const out: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) out.push(sizes[l] * sizes[l + 1], sizes[l + 1]);
  return out;
}
