/** The network gives back every tensor it made: the command line must exit clean, and the app resets it often. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initWeights, Mlp } from '../../src/engine/mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
});

describe('Mlp memory', () => {
  it('construction, setWeights and dispose leave no tensor behind (the initial values were kept)', () => {
    const before = tf.memory().numTensors;
    const shape = { hiddenLayers: 2, width: 16 };
    const mlp = new Mlp(initWeights(shape, 1), { explicitTranspose: true });
    // The variables only.
    expect(tf.memory().numTensors - before).toBe(mlp.params.length);
    mlp.setWeights(initWeights(shape, 2));
    expect(tf.memory().numTensors - before).toBe(mlp.params.length);
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
