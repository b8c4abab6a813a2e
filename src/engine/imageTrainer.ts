/**
 * Flow matching on images: the same step as the 2D trainer (straight path x_t = (1 - t) x0 + t x1,
 * velocity target x1 - x0), now on 256 pixels. The source is N(0, I) (or another image set), the
 * optional class one-hot is hidden with probability labelDrop so one net learns both the conditional
 * and the unconditional field (classifier-free guidance). No DOM, no worker: Node tests and the CLI drive it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageTrainConfig } from '../core/images/imageConfig';
import { DIGIT_CLASSES, IMAGE_DIM, type ImageSet } from '../core/images/imageSet';
import type { MlpShape } from '../core/networkShape';
import { solveAssignment } from '../core/otAssignment';
import { createRng, deriveSeed, type Rng } from '../core/rng';
import { TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import { Adam } from './adam';
import { initWeights, Mlp, type MlpWeights } from './mlp';

export { DEFAULT_IMAGE_CONFIG, type ImageTrainConfig } from '../core/images/imageConfig';

export interface ImageTrainerOptions {
  config: ImageTrainConfig;
  seed: number;
  explicitTranspose: boolean;
  /** Classes of the one-hot (DIGIT_CLASSES); the null class is one slot more. */
  classes?: number;
}

/** The network shape of an image config (dim 256, classes only when conditional). */
export function imageShape(config: Pick<ImageTrainConfig, 'hiddenLayers' | 'width' | 'conditional'>, classes = DIGIT_CLASSES): MlpShape {
  return config.conditional ? { hiddenLayers: config.hiddenLayers, width: config.width, dim: IMAGE_DIM, conditional: true, classes } : { hiddenLayers: config.hiddenLayers, width: config.width, dim: IMAGE_DIM };
}

/** Write one input row: the point (dim values), the time features, then the one-hot (slot `label`, or none when classes = 0). */
export function writeImageRow(x: Float32Array, xOffset: number, dim: number, t: number, label: number, oneHot: number, out: Float32Array, row: number): void {
  const width = dim + TIME_FEATURE_COUNT + oneHot;
  const o = row * width;
  out.set(x.subarray(xOffset, xOffset + dim), o);
  writeTimeFeatures(t, out, o + dim);
  if (oneHot > 0) {
    out.fill(0, o + dim + TIME_FEATURE_COUNT, o + width);
    out[o + dim + TIME_FEATURE_COUNT + label] = 1;
  }
}

export class ImageTrainer {
  config: ImageTrainConfig;
  model: Mlp;
  step = 0;
  readonly classes: number;
  private optimizer: Adam;
  private rng: Rng;
  private readonly explicitTranspose: boolean;
  private target: ImageSet | null = null;
  private source: ImageSet | null = null;
  // Batch scratch, reused step to step.
  private x0 = new Float32Array(0);
  private x1 = new Float32Array(0);
  private labels = new Int32Array(0);
  private inputs = new Float32Array(0);
  private targets = new Float32Array(0);
  private cost = new Float64Array(0);

  constructor(opts: ImageTrainerOptions) {
    this.config = { ...opts.config };
    this.classes = opts.classes ?? DIGIT_CLASSES;
    this.explicitTranspose = opts.explicitTranspose;
    this.model = new Mlp(initWeights(imageShape(this.config, this.classes), opts.seed), { explicitTranspose: opts.explicitTranspose });
    this.optimizer = new Adam(this.model.params, { learningRate: this.config.learningRate });
    this.rng = createRng(deriveSeed(opts.seed, 'image-batches'));
  }

  /** Images to train on; source null means N(0, I) noise. A conditional net needs target labels. */
  setData(target: ImageSet, source: ImageSet | null): void {
    if (target.count === 0) throw new Error('the target image set is empty');
    if (source && source.count === 0) throw new Error('the source image set is empty');
    this.target = target;
    this.source = source;
  }

  /** Why training cannot run now, or null. */
  blocker(): string | null {
    if (!this.target) return 'No images to train on.';
    if (this.config.conditional && !this.target.labels) return 'Conditional training needs labelled images.';
    return null;
  }

  /** New learning rate applies at once; other changes (size, conditioning) need a new trainer. */
  set learningRate(lr: number) {
    this.config.learningRate = lr;
    this.optimizer.learningRate = lr;
  }

  private ensureBuffers(b: number): void {
    const width = this.model.inputSize;
    if (this.x0.length === b * IMAGE_DIM && this.inputs.length === b * width) return;
    this.x0 = new Float32Array(b * IMAGE_DIM);
    this.x1 = new Float32Array(b * IMAGE_DIM);
    this.labels = new Int32Array(b);
    this.inputs = new Float32Array(b * width);
    this.targets = new Float32Array(b * IMAGE_DIM);
  }

  /** Pair source rows with target rows by exact minibatch OT (squared pixel distance): reorders x1 and labels. */
  private otPair(b: number): void {
    if (this.cost.length !== b * b) this.cost = new Float64Array(b * b);
    const { x0, x1, cost } = this;
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < b; j++) {
        let s = 0;
        for (let k = 0; k < IMAGE_DIM; k++) {
          const d = x0[i * IMAGE_DIM + k] - x1[j * IMAGE_DIM + k];
          s += d * d;
        }
        cost[i * b + j] = s;
      }
    }
    const perm = solveAssignment(cost, b);
    const x1c = x1.slice();
    const lc = this.labels.slice();
    for (let i = 0; i < b; i++) {
      x1.set(x1c.subarray(perm[i] * IMAGE_DIM, (perm[i] + 1) * IMAGE_DIM), i * IMAGE_DIM);
      this.labels[i] = lc[perm[i]];
    }
  }

  /** One batch into the scratch arrays: pairs, times, rows, velocity targets. */
  private fillBatch(b: number): void {
    const target = this.target!;
    const source = this.source;
    const rng = this.rng;
    const { x0, x1, labels } = this;
    for (let i = 0; i < b; i++) {
      const j = rng.int(target.count);
      x1.set(target.pixels.subarray(j * IMAGE_DIM, (j + 1) * IMAGE_DIM), i * IMAGE_DIM);
      labels[i] = target.labels ? target.labels[j] : this.classes;
      if (source) {
        const k = rng.int(source.count);
        x0.set(source.pixels.subarray(k * IMAGE_DIM, (k + 1) * IMAGE_DIM), i * IMAGE_DIM);
      } else for (let p = 0; p < IMAGE_DIM; p++) x0[i * IMAGE_DIM + p] = rng.normal();
    }
    if (this.config.coupling === 'ot') this.otPair(b);
    const oneHot = this.config.conditional ? this.classes + 1 : 0;
    const xt = new Float32Array(IMAGE_DIM);
    for (let i = 0; i < b; i++) {
      const t = rng.uniform();
      const base = i * IMAGE_DIM;
      for (let p = 0; p < IMAGE_DIM; p++) {
        const a = x0[base + p];
        const c = x1[base + p];
        xt[p] = a + t * (c - a);
        this.targets[base + p] = c - a;
      }
      let label = this.classes;
      if (oneHot > 0) {
        const known = labels[i] < this.classes;
        label = known && rng.uniform() >= this.config.labelDrop ? labels[i] : this.classes;
      }
      writeImageRow(xt, 0, IMAGE_DIM, t, label, oneHot, this.inputs, i);
    }
  }

  /**
   * Run `steps` steps; the loss (mean squared velocity error per pixel) is recorded every
   * `recordEvery` steps and on the last, as tensors read back once at the end (no per-step sync).
   * The gradient is that of the summed-over-pixels error (Mlp.gradientsFor); Adam does not mind the scale.
   */
  async train(steps: number, recordEvery = 10): Promise<{ step: number; loss: number }[]> {
    const blocker = this.blocker();
    if (blocker) throw new Error(blocker);
    const b = this.config.batchSize;
    this.ensureBuffers(b);
    const width = this.model.inputSize;
    const pending: { step: number; loss: tf.Scalar }[] = [];
    for (let i = 0; i < steps; i++) {
      this.fillBatch(b);
      this.step += 1;
      const record = this.step % recordEvery === 0 || i === steps - 1;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(this.inputs, [b, width]);
        const y = tf.tensor2d(this.targets, [b, IMAGE_DIM]);
        const { grads, residual } = this.model.gradientsFor(x, y, record);
        this.optimizer.apply(this.model.params, grads);
        return record && residual ? (tf.mean(tf.square(residual)) as tf.Scalar) : undefined;
      });
      if (loss) pending.push({ step: this.step, loss });
    }
    if (pending.length === 0) return [];
    const stacked = tf.stack(pending.map((p) => p.loss));
    const values = await stacked.data();
    stacked.dispose();
    pending.forEach((p) => p.loss.dispose());
    return pending.map((p, i) => ({ step: p.step, loss: values[i] }));
  }

  weights(): Promise<MlpWeights> {
    return this.model.getWeights();
  }

  /** Replace the weights (restore, load) and forget the optimizer's moments. Rebuilds the net if the shape differs. */
  load(weights: MlpWeights, step: number): void {
    const s = weights.shape;
    if (s.dim !== IMAGE_DIM) throw new Error(`these weights are for ${s.dim ?? 2}-dimensional data, not ${IMAGE_DIM} pixels`);
    if (s.conditional && (s.classes ?? 0) !== this.classes) throw new Error(`these weights have ${s.classes} classes, not ${this.classes}`);
    const same = s.hiddenLayers === this.config.hiddenLayers && s.width === this.config.width && !s.conditional === !this.config.conditional;
    if (!same) {
      this.config = { ...this.config, hiddenLayers: s.hiddenLayers, width: s.width, conditional: !!s.conditional };
      this.optimizer.dispose();
      this.model.dispose();
      this.model = new Mlp(weights, { explicitTranspose: this.explicitTranspose });
      this.optimizer = new Adam(this.model.params, { learningRate: this.config.learningRate });
    } else {
      this.model.setWeights(weights);
      this.optimizer.reset();
    }
    this.step = step;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
