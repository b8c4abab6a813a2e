/**
 * The velocity network's shape: an MLP from the input features (position and time features) through
 * `hiddenLayers` layers of `width` units to the 2D velocity. The engine builds it, scene files check
 * weights against it: both read the sizes here.
 */
import { INPUT_SIZE } from './timeFeatures';

export interface MlpShape {
  hiddenLayers: number;
  width: number;
}

/** Units per layer, input to output: INPUT_SIZE, width x hiddenLayers, 2. */
export function layerSizes(shape: MlpShape): number[] {
  return [INPUT_SIZE, ...new Array<number>(shape.hiddenLayers).fill(shape.width), 2];
}

/** Length of each weight array, in order W0, b0, W1, b1, ... (W_l row-major [in][out]). */
export function weightLengths(shape: MlpShape): number[] {
  const sizes = layerSizes(shape);
  const out: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) out.push(sizes[l] * sizes[l + 1], sizes[l + 1]);
  return out;
}
