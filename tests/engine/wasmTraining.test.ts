/**
 * The wasm backend, as the browser uses it: the trainer must learn there too. (A regression guard:
 * updating weights in place in the wasm heap left XNNPACK's cached packed weights stale.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Trainer } from '../../src/engine/trainer';
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
