import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam, checkFusedAdam } from '../../src/engine/adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fused Adam', () => {
  it('matches the plain-ops Adam on cpu', async () => {
    const { maxAbsErr, fused } = await checkFusedAdam();
    expect(fused).toBe('host-cpu');
    expect(maxAbsErr).toBeLessThan(1e-6);
  });

  it('matches tf.train.adam over 20 steps (bias correction, epsilon)', async () => {
    const init = [tf.randomNormal([7, 5], 0, 1, 'float32', 3), tf.randomNormal([5], 0, 1, 'float32', 4)];
    const mine = init.map((x) => tf.variable(tf.add(x, 0), true));
    const ref = init.map((x) => tf.variable(tf.add(x, 0), true));
    const adam = new Adam(mine, { learningRate: 0.01 });
    const tfAdam = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    for (let step = 0; step < 20; step++) {
      const grads = init.map((x, i) => tf.randomNormal(x.shape, 0, 1, 'float32', 10 * step + i));
      tf.tidy(() => adam.apply(mine, grads));
      tfAdam.applyGradients(ref.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      grads.forEach((g) => g.dispose());
    }
    for (let i = 0; i < init.length; i++) {
      const a = await mine[i].data();
      const b = await ref[i].data();
      // tf.train.adam applies epsilon to the bias-corrected v, ours to the raw v (scaled): tiny differences.
      a.forEach((x, j) => expect(Math.abs(x - b[j])).toBeLessThan(1e-5));
    }
    adam.dispose();
    tfAdam.dispose();
  });

  it('does not leak tensors and reset() forgets the moments', async () => {
    const p = [tf.variable(tf.ones([3, 2]), true)];
    const adam = new Adam(p, { learningRate: 0.1 });
    const g = [tf.ones([3, 2])];
    tf.tidy(() => adam.apply(p, g));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => adam.apply(p, g));
    expect(tf.memory().numTensors).toBe(before);
    adam.reset();
    expect(adam.iterations).toBe(0);
    // First step after a reset moves each weight by the learning rate (m / sqrt(v) = 1).
    const w0 = (await p[0].data())[0];
    tf.tidy(() => adam.apply(p, g));
    expect(w0 - (await p[0].data())[0]).toBeCloseTo(0.1, 5);
    adam.dispose();
  });
});
