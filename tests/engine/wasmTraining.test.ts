/**
 * The wasm backend, as the browser uses it: the trainer must learn there too. (A regression guard:
 * updating weights in place in the wasm heap left XNNPACK's cached packed weights stale.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Trainer } from '../../src/engine/trainer';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { checkFusedAdam } from '../../src/engine/adam';
import { createRng } from '../../src/core/rng';
import { INPUT_SIZE } from '../../src/core/timeFeatures';
import { velocitiesAt } from '../../src/engine/sampling';
import { DEFAULT_TRAIN } from '../../src/core/config';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('training on the wasm backend', () => {
  it("learns the seed's direction (5,5) between point masses", async () => {
    expect(tf.getBackend()).toBe('wasm');
    const trainer = new Trainer({ config: { ...DEFAULT_TRAIN, width: 32, batchSize: 64, learningRate: 5e-3, jitter: 0 }, seed: 1, explicitTranspose: true });
    trainer.setClouds(new Float32Array([0, -5]), new Float32Array([5, 0]));
    const first = await trainer.train(10, 10);
    await trainer.train(400, 100);
    const last = await trainer.train(100, 100);
    expect(last[last.length - 1].loss).toBeLessThan(first[0].loss / 20);
    const v = await velocitiesAt(trainer.model, new Float32Array([0, -5, 2.5, -2.5]), new Float32Array([0, 0.5]));
    for (let i = 0; i < 4; i++) expect(Math.abs(v[i] - 5)).toBeLessThan(0.3);
    // Replacing the weights (restore after a crash) and training on stays stable.
    const w = await trainer.model.getWeights();
    trainer.setWeights(w, trainer.step);
    const after = await trainer.train(50, 50);
    expect(after[after.length - 1].loss).toBeLessThan(first[0].loss / 20);
    trainer.dispose();
  }, 60_000);
});

describe('gradients on the wasm backend', () => {
  it('the host backward (transposed gradients, heap loops) matches autodiff and the tfjs-ops backward', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const b = 96;
    const model = new Mlp(initWeights({ hiddenLayers: 3, width: 48 }, 3), { explicitTranspose: true });
    const rng = createRng(9);
    const x = tf.tensor2d(Float32Array.from({ length: b * INPUT_SIZE }, () => rng.normal()), [b, INPUT_SIZE]);
    const y = tf.tensor2d(Float32Array.from({ length: 2 * b }, () => rng.normal()), [b, 2]);
    const before = tf.memory().numTensors;
    const { value, grads: ref } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forward(x), y))) as tf.Scalar, model.params);
    const refs = model.params.map((p) => ref[p.name].dataSync() as Float32Array);
    [value, ...Object.values(ref)].forEach((t) => t.dispose());
    const run = (host: boolean) => {
      model.hostBackward = host;
      return tf.tidy(() => {
        const { grads, residual } = model.gradientsFor(x, y, true);
        return { grads: grads.map((g) => g.dataSync() as Float32Array), residual: residual!.dataSync() as Float32Array };
      });
    };
    const host = run(true);
    const ops = run(false);
    expect(tf.memory().numTensors).toBe(before);
    host.grads.forEach((g, i) => {
      expect(g.length, `param ${i}`).toBe(refs[i].length);
      let maxAbs = 0;
      let errRef = 0;
      let errOps = 0;
      for (let j = 0; j < g.length; j++) {
        maxAbs = Math.max(maxAbs, Math.abs(refs[i][j]));
        errRef = Math.max(errRef, Math.abs(g[j] - refs[i][j]));
        errOps = Math.max(errOps, Math.abs(g[j] - ops.grads[i][j]));
      }
      expect(errRef / maxAbs, `param ${i} vs autodiff`).toBeLessThan(1e-5);
      expect(errOps / maxAbs, `param ${i} vs tfjs ops`).toBeLessThan(1e-5);
    });
    expect(Array.from(host.residual)).toEqual(Array.from(ops.residual));
    [x, y].forEach((t) => t.dispose());
    model.dispose();
  }, 60_000);
});

describe('Adam on the wasm backend', () => {
  it('the host update (written straight to a new heap tensor) matches the plain-ops Adam', async () => {
    const before = tf.memory().numTensors;
    const check = await checkFusedAdam();
    expect(check.fused).toBe('host-wasm');
    expect(check.maxAbsErr).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
