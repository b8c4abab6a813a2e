/**
 * log p0 of an isotropic Gaussian source as tfjs ops, differentiable, for the likelihood losses of
 * RealNVP and the CNF. The same formula as core/densityModels gaussianLogDensity (std floored alike).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { IsoGaussian } from '../core/gaussianField';
import { densityStd, LOG_2PI } from '../core/sourceDensity';

/** log N(z; mean, std^2 I) for z [n, 2], as [n]. Call inside tf.tidy. */
export function gaussianLogProb(z: tf.Tensor2D, g: IsoGaussian): tf.Tensor1D {
  const s = densityStd(g);
  const d = tf.sub(z, tf.tensor2d([g.mean[0], g.mean[1]], [1, 2]));
  const sq = tf.sum(tf.square(d), 1);
  return tf.sub(tf.scalar(-LOG_2PI - 2 * Math.log(s)), tf.mul(sq, tf.scalar(1 / (2 * s * s)))) as tf.Tensor1D;
}
