import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { Trainer } from '../../src/engine/trainer';
import { integrateTrajectories, velocitiesAt } from '../../src/engine/sampling';
import { DEFAULT_TRAIN } from '../../src/core/config';
import { INPUT_SIZE } from '../../src/core/timeFeatures';
import { createRng } from '../../src/core/rng';
import { integrate } from '../../src/core/solvers';
import { writeInputRow, DATA_SCALE } from '../../src/core/trainingBatch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function autodiffGrads(model: Mlp, x: tf.Tensor2D, y: tf.Tensor2D): Float32Array[] {
  const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forward(x), y))) as tf.Scalar, model.params);
  return model.params.map((p) => grads[p.name].dataSync() as Float32Array);
}

describe('hand-written backprop', () => {
  for (const [explicitTranspose, hostBackward] of [[true, false], [false, false], [true, true]]) {
    it(`matches autodiff (explicitTranspose=${explicitTranspose}, hostBackward=${hostBackward})`, () => {
      const model = new Mlp(initWeights({ hiddenLayers: 3, width: 16 }, 3), { explicitTranspose });
      model.hostBackward = hostBackward;
      const rng = createRng(9);
      const xs = Float32Array.from({ length: 32 * INPUT_SIZE }, () => rng.normal());
      const ys = Float32Array.from({ length: 64 }, () => rng.normal());
      const x = tf.tensor2d(xs, [32, INPUT_SIZE]);
      const y = tf.tensor2d(ys, [32, 2]);
      const ref = autodiffGrads(model, x, y);
      const mine = tf.tidy(() => model.gradients(x, y).grads.map((g) => g.dataSync() as Float32Array));
      expect(mine.length).toBe(ref.length);
      mine.forEach((g, i) => {
        let maxAbs = 0;
        let maxErr = 0;
        for (let j = 0; j < g.length; j++) {
          maxAbs = Math.max(maxAbs, Math.abs(ref[i][j]));
          maxErr = Math.max(maxErr, Math.abs(g[j] - ref[i][j]));
        }
        expect(maxErr, `param ${i}`).toBeLessThan(1e-5 + 1e-4 * maxAbs);
      });
      model.dispose();
    });
  }
});

describe('Trainer', () => {
  it("learns the seed's constant direction (5,5) between two point masses, and the loss falls", async () => {
    const trainer = new Trainer({ config: { ...DEFAULT_TRAIN, width: 32, batchSize: 64, learningRate: 5e-3 }, seed: 1, explicitTranspose: true });
    trainer.setClouds(new Float32Array([0, -5]), new Float32Array([5, 0]));
    const first = await trainer.train(10, 10);
    await trainer.train(400, 100);
    const last = await trainer.train(100, 100);
    expect(last[last.length - 1].loss).toBeLessThan(first[0].loss / 20);
    const v = await velocitiesAt(trainer.model, new Float32Array([0, -5, 2.5, -2.5, 4, -1]), new Float32Array([0, 0.5, 0.8]));
    for (let i = 0; i < 6; i++) expect(Math.abs(v[i] - 5)).toBeLessThan(0.3);
    const traj = await integrateTrajectories(trainer.model, { start: new Float32Array([0, -5]), steps: 5, solver: 'euler' });
    const expected = [0, -5, 1, -4, 2, -3, 3, -2, 4, -1, 5, 0];
    traj.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(0.15));
    trainer.dispose();
  });

  it('refuses to train on an empty cloud with a clear message', async () => {
    const trainer = new Trainer({ config: { ...DEFAULT_TRAIN, width: 8 }, seed: 1, explicitTranspose: true });
    trainer.setClouds(new Float32Array(0), new Float32Array([1, 1]));
    await expect(trainer.train(1)).rejects.toThrow(/source cloud is empty/);
    trainer.dispose();
  });

  it('does not leak tensors across training steps', async () => {
    const trainer = new Trainer({ config: { ...DEFAULT_TRAIN, width: 8, batchSize: 16 }, seed: 1, explicitTranspose: false });
    trainer.setClouds(new Float32Array([0, 0, 1, 1]), new Float32Array([3, 3]));
    await trainer.train(5);
    const before = tf.memory().numTensors;
    await trainer.train(50);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('tensor integrator', () => {
  it('agrees with the core integrator on the same network for every solver', async () => {
    const model = new Mlp(initWeights({ hiddenLayers: 2, width: 16 }, 5), { explicitTranspose: true });
    const start = new Float32Array([0, 0, 1, -2, -3, 2]);
    for (const solver of ['euler', 'midpoint', 'heun', 'rk4'] as const) {
      const mine = await integrateTrajectories(model, { start, steps: 6, solver });
      // Reference: core integrator, velocities from the same network read synchronously (cpu backend).
      const ref = integrate((x, t, out) => out.set(velocitiesSync(model, x, new Float32Array(x.length / 2).fill(t))), start, { steps: 6, solver });
      mine.forEach((value, i) => expect(value).toBeCloseTo(ref[i], 4));
    }
    model.dispose();
  });
});

function velocitiesSync(model: Mlp, points: Float32Array, times: Float32Array): Float32Array {
  const n = times.length;
  const inputs = new Float32Array(n * INPUT_SIZE);
  for (let i = 0; i < n; i++) writeInputRow(points[2 * i], points[2 * i + 1], times[i], inputs, i);
  return tf.tidy(() => tf.mul(model.forward(tf.tensor2d(inputs, [n, INPUT_SIZE])), DATA_SCALE).dataSync() as Float32Array);
}
