/**
 * The velocity network's shape: an MLP from the input features (position and time features) through
 * `hiddenLayers` layers of `width` units to the 2D velocity. The engine builds it, scene files check
 * weights against it: both read the sizes here.
 */
import { MAX_CLASSES } from './labels';
import { INPUT_SIZE } from './timeFeatures';

/** Input of a conditional network: INPUT_SIZE then a one-hot label over MAX_CLASSES classes + the null class. */
export const CONDITIONAL_INPUT_SIZE = INPUT_SIZE + MAX_CLASSES + 1;

export interface MlpShape {
  hiddenLayers: number;
  width: number;
  /** Takes a one-hot class label after the time features (absent: false). */
  conditional?: boolean;
}

/** Inputs of a network of this shape. */
export const inputSize = (shape: MlpShape): number => (shape.conditional ? CONDITIONAL_INPUT_SIZE : INPUT_SIZE);

/** Units per layer, input to output: inputSize, width x hiddenLayers, 2. */
export function layerSizes(shape: MlpShape): number[] {
  return [inputSize(shape), ...new Array<number>(shape.hiddenLayers).fill(shape.width), 2];
}

/** Length of each weight array, in order W0, b0, W1, b1, ... (W_l row-major [in][out]). */
export function weightLengths(shape: MlpShape): number[] {
  const sizes = layerSizes(shape);
  const out: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) out.push(sizes[l] * sizes[l + 1], sizes[l + 1]);
  return out;
}
