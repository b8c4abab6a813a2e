/**
 * The naive baseline: the training step the way the seed's snippet reads, in plain tfjs.
 * Autodiff (optimizer.minimize), tf.train.adam, one tfjs op per line, the batch built with tfjs ops,
 * and the loss read back every step. Same architecture, features and initial weights as the product.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { TIME_FREQUENCIES } from '../core/timeFeatures';
import { DATA_SCALE } from '../core/trainingBatch';
import { initWeights, layerSizes, type Mlp, type MlpShape } from '../engine/mlp';
import { fieldSampleOfRows, type FieldWithDivergence } from '../engine/density';
import { networkInput } from '../engine/sampling';

export class NaiveTrainer {
  private readonly vars: tf.Variable[];
  private readonly optimizer: tf.AdamOptimizer;
  private readonly source: tf.Tensor2D;
  private readonly target: tf.Tensor2D;
  private readonly batchSize: number;

  constructor(shape: MlpShape, batchSize: number, learningRate: number, source: Float32Array, target: Float32Array, seed: number) {
    const sizes = layerSizes(shape);
    const w = initWeights(shape, seed);
    this.vars = w.arrays.map((a, i) => {
      const l = i >> 1;
      return tf.variable(i % 2 === 0 ? tf.tensor2d(a, [sizes[l], sizes[l + 1]]) : tf.tensor1d(a), true);
    });
    this.optimizer = tf.train.adam(learningRate);
    this.source = tf.tensor2d(source, [source.length / 2, 2]);
    this.target = tf.tensor2d(target, [target.length / 2, 2]);
    this.batchSize = batchSize;
  }

  /** One step; returns the loss (read back with await data(), every step). */
  async step(): Promise<number> {
    const b = this.batchSize;
    const loss = this.optimizer.minimize(
      () => {
        const i0 = tf.randomUniform([b], 0, this.source.shape[0], 'int32');
        const i1 = tf.randomUniform([b], 0, this.target.shape[0], 'int32');
        const x0 = tf.gather(this.source, i0);
        const x1 = tf.gather(this.target, i1);
        const t = tf.randomUniform([b, 1]);
        const xt = tf.add(tf.mul(tf.sub(1, t), x0), tf.mul(t, x1));
        const direction = tf.sub(x1, x0);
        const feats: tf.Tensor[] = [tf.div(xt, DATA_SCALE), t];
        for (const k of TIME_FREQUENCIES) {
          feats.push(tf.sin(tf.mul(t, Math.PI * k)));
          feats.push(tf.cos(tf.mul(t, Math.PI * k)));
        }
        let h: tf.Tensor = tf.concat(feats, 1);
        const last = this.vars.length / 2 - 1;
        for (let l = 0; l < last; l++) {
          const z = tf.add(tf.matMul(h, this.vars[2 * l]), this.vars[2 * l + 1]);
          h = tf.mul(z, tf.sigmoid(z));
        }
        const pred = tf.mul(tf.add(tf.matMul(h, this.vars[2 * last]), this.vars[2 * last + 1]), DATA_SCALE);
        return tf.mean(tf.square(tf.sub(direction, pred))) as tf.Scalar;
      },
      true,
      this.vars,
    );
    const value = (await loss!.data())[0];
    loss!.dispose();
    return value;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.vars.forEach((v) => v.dispose());
    this.source.dispose();
    this.target.dispose();
  }
}

/**
 * The naive density field: the velocity by a forward pass and its divergence by reverse-mode autodiff
 * (tf.grad of the two output components over a [2n, 2] stack of the points), as the density was
 * first written; the same pull-back (RK4 on the host) runs on it.
 */
export function naiveDensityField(model: Mlp): FieldWithDivergence {
  return async (points, t) => {
    const n = points.length >> 1;
    const out = tf.tidy(() => {
      const x = tf.tensor2d(points, [n, 2]);
      const velocity = (z: tf.Tensor2D) => tf.mul(model.forward(networkInput(z, t)), tf.scalar(DATA_SCALE)) as tf.Tensor2D;
      const select = tf.concat([tf.tile(tf.tensor2d([1, 0], [1, 2]), [n, 1]), tf.tile(tf.tensor2d([0, 1], [1, 2]), [n, 1])]);
      const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(velocity(z as tf.Tensor2D), select)));
      const g = tf.sum(tf.mul(grad(tf.concat([x, x])), select), 1);
      const div = tf.add(tf.slice(g, 0, n), tf.slice(g, n, n));
      return tf.concat([velocity(x), tf.reshape(div, [n, 1])], 1);
    });
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return fieldSampleOfRows(data, n);
  };
}
