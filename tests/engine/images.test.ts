/** Flow matching on 16 x 16 digits, on the cpu backend: the image trainer, guidance, sampling, memory. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classAgreement, classMeans } from '../../src/core/images/classify';
import { makeDigits } from '../../src/core/images/digits16';
import { IMAGE_DIM, splitHeldOut, subset, type ImageSet } from '../../src/core/images/imageSet';
import { slicedW2Pixels } from '../../src/core/images/pixelFit';
import { CONDITIONAL_INPUT_SIZE, inputSize, layerSizes, weightLengths } from '../../src/core/networkShape';
import { INPUT_SIZE, TIME_FEATURE_COUNT } from '../../src/core/timeFeatures';
import { DEFAULT_IMAGE_CONFIG, ImageTrainer, imageShape, type ImageTrainConfig } from '../../src/engine/imageTrainer';
import { noiseImages, sampleImages } from '../../src/engine/imageSampling';
import { initWeights, Mlp } from '../../src/engine/mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
});

const small = (over: Partial<ImageTrainConfig>): ImageTrainConfig => ({ ...DEFAULT_IMAGE_CONFIG, hiddenLayers: 1, width: 64, batchSize: 64, learningRate: 3e-3, ...over });

/** The images of the given classes only. */
function classesOf(set: ImageSet, keep: number[]): ImageSet {
  const idx: number[] = [];
  for (let i = 0; i < set.count; i++) if (keep.includes(set.labels![i])) idx.push(i);
  return subset(set, idx);
}

describe('network shape', () => {
  it('keeps the 2D sizes and grows to images', () => {
    expect(inputSize({ hiddenLayers: 2, width: 8 })).toBe(INPUT_SIZE);
    expect(inputSize({ hiddenLayers: 2, width: 8, conditional: true })).toBe(CONDITIONAL_INPUT_SIZE);
    expect(layerSizes({ hiddenLayers: 2, width: 8, dim: 2 })).toEqual(layerSizes({ hiddenLayers: 2, width: 8 }));
    const img = imageShape({ hiddenLayers: 3, width: 512, conditional: true });
    expect(layerSizes(img)).toEqual([IMAGE_DIM + TIME_FEATURE_COUNT + 11, 512, 512, 512, IMAGE_DIM]);
    expect(weightLengths(imageShape({ hiddenLayers: 1, width: 4, conditional: false }))).toEqual([(IMAGE_DIM + TIME_FEATURE_COUNT) * 4, 4, 4 * IMAGE_DIM, IMAGE_DIM]);
    // The 2D initial weights are the same numbers with or without an explicit dim: 2.
    const a = initWeights({ hiddenLayers: 2, width: 8 }, 3).arrays;
    const b = initWeights({ hiddenLayers: 2, width: 8, dim: 2 }, 3).arrays;
    expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
  });
});

describe('ImageTrainer', () => {
  it('a short run lowers the loss and the pixel sliced W2 of samples against held-out digits', async () => {
    const all = classesOf(makeDigits({ seed: 1, perClass: 150 }), [0, 1]);
    const { train, heldOut } = splitHeldOut(all, 0.2, 1);
    const trainer = new ImageTrainer({ config: small({ conditional: false }), seed: 2, explicitTranspose: true });
    trainer.setData(train, null);
    const fit = async (): Promise<number> => {
      const x = await sampleImages(trainer.model, { start: noiseImages(60, IMAGE_DIM, 5), count: 60, dim: IMAGE_DIM, steps: 10, solver: 'euler', frames: 1 });
      return slicedW2Pixels(x, 60, heldOut.pixels, heldOut.count, IMAGE_DIM, { seed: 1 });
    };
    const before = await fit();
    const losses = await trainer.train(150, 10);
    const after = await fit();
    expect(trainer.step).toBe(150);
    expect(losses.length).toBe(15);
    // The flow-matching loss has a high floor (the pairing's own spread): a drop of a tenth is real learning.
    const first = losses[0].loss;
    const last = (losses[13].loss + losses[14].loss) / 2;
    expect(last).toBeLessThan(0.9 * first);
    expect(after).toBeLessThan(0.7 * before);
    trainer.dispose();
  }, 30_000);

  it('guidance w = 3 makes samples agree with the asked digit more often than w = 0', async () => {
    // Four digits keep the run short; the classifier still chooses among all ten class means.
    const full = makeDigits({ seed: 1, perClass: 60 });
    const means = classMeans(full);
    const keep = [0, 1, 4, 7];
    const trainer = new ImageTrainer({ config: small({ conditional: true, labelDrop: 0.15 }), seed: 3, explicitTranspose: true });
    trainer.setData(classesOf(full, keep), null);
    await trainer.train(250, 50);
    const n = 40;
    const asked = Int32Array.from({ length: n }, (_, i) => keep[i % keep.length]);
    const start = noiseImages(n, IMAGE_DIM, 9);
    const agree = async (w: number): Promise<number> => {
      const x = await sampleImages(trainer.model, { start, count: n, dim: IMAGE_DIM, steps: 10, solver: 'euler', frames: 1, classes: asked, guidance: w });
      return classAgreement(means, x, asked);
    };
    const a0 = await agree(0);
    const a3 = await agree(3);
    expect(a3).toBeGreaterThan(a0 + 0.3);
    expect(a3).toBeGreaterThan(0.7);
    trainer.dispose();
  }, 30_000);

  it('keeps the tensor count flat over training steps, and weights round-trip through load', async () => {
    const data = makeDigits({ seed: 1, perClass: 10 });
    const trainer = new ImageTrainer({ config: small({ width: 16, batchSize: 16, coupling: 'ot' }), seed: 4, explicitTranspose: true });
    trainer.setData(data, null);
    await trainer.train(3, 1);
    const before = tf.memory().numTensors;
    await trainer.train(40, 7);
    expect(tf.memory().numTensors).toBe(before);
    const w = await trainer.weights();
    const other = new ImageTrainer({ config: small({ width: 16, batchSize: 16 }), seed: 99, explicitTranspose: true });
    other.load(w, trainer.step);
    expect(other.step).toBe(43);
    const back = await other.weights();
    expect(back.arrays.map((a) => Array.from(a))).toEqual(w.arrays.map((a) => Array.from(a)));
    const start = noiseImages(4, IMAGE_DIM, 1);
    const base = tf.memory().numTensors;
    await sampleImages(other.model, { start, count: 4, dim: IMAGE_DIM, steps: 3, solver: 'rk4', frames: 4, classes: Int32Array.from([1, 2, -1, 3]), guidance: 2 });
    expect(tf.memory().numTensors).toBe(base);
    other.dispose();
    trainer.dispose();
    expect(() => new ImageTrainer({ config: small({}), seed: 1, explicitTranspose: true }).train(1)).rejects.toThrow(/No images/);
  });
});

describe('sampleImages', () => {
  it('returns frames from the start to the sample, interpolating between solver steps', async () => {
    const mlp = new Mlp(initWeights(imageShape({ hiddenLayers: 1, width: 8, conditional: false }), 1), { explicitTranspose: true });
    const start = noiseImages(3, IMAGE_DIM, 2);
    const one = await sampleImages(mlp, { start, count: 3, dim: IMAGE_DIM, steps: 1, solver: 'euler', frames: 5 });
    expect(one.length).toBe(5 * 3 * IMAGE_DIM);
    const f = (k: number): Float32Array => one.subarray(k * 3 * IMAGE_DIM, (k + 1) * 3 * IMAGE_DIM);
    expect(Array.from(f(0))).toEqual(Array.from(start));
    // One Euler step: frame 2 (t = 0.5) lies halfway between the start and the sample.
    f(2).forEach((v, i) => expect(v).toBeCloseTo((start[i] + f(4)[i]) / 2, 5));
    const last = await sampleImages(mlp, { start, count: 3, dim: IMAGE_DIM, steps: 1, solver: 'euler', frames: 1 });
    Array.from(last).forEach((v, i) => expect(v).toBeCloseTo(f(4)[i], 6));
    // The sample moved (the last layer is small but not zero).
    expect(f(4).some((v, i) => Math.abs(v - start[i]) > 1e-6)).toBe(true);
    mlp.dispose();
  });

  it('guidance 1 equals the plain conditional field, and unlabelled samples ignore w', async () => {
    const mlp = new Mlp(initWeights(imageShape({ hiddenLayers: 1, width: 8, conditional: true }), 2), { explicitTranspose: true });
    const start = noiseImages(2, IMAGE_DIM, 3);
    const opts = { start, count: 2, dim: IMAGE_DIM, steps: 2, solver: 'midpoint' as const, frames: 1 };
    const plain = await sampleImages(mlp, { ...opts, classes: Int32Array.from([4, -1]) });
    const g1 = await sampleImages(mlp, { ...opts, classes: Int32Array.from([4, -1]), guidance: 1.0000001 });
    Array.from(plain).forEach((v, i) => expect(v).toBeCloseTo(g1[i], 4));
    const g5 = await sampleImages(mlp, { ...opts, classes: Int32Array.from([4, -1]), guidance: 5 });
    const unc = await sampleImages(mlp, { ...opts, classes: null });
    for (let i = IMAGE_DIM; i < 2 * IMAGE_DIM; i++) expect(g5[i]).toBeCloseTo(unc[i], 5);
    let d = 0;
    for (let i = 0; i < IMAGE_DIM; i++) d += Math.abs(g5[i] - unc[i]);
    expect(d).toBeGreaterThan(1e-3);
    mlp.dispose();
  });
});
