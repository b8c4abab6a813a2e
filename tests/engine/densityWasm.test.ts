/**
 * The density grid on the wasm backend, as the app runs it: the product's forward-mode pass against
 * the previous one at the app's size (3x128, 40x40 cells at t = 1, RK4 6 steps).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { gridPoints, logDensityAt, logDensityGrid, modelField } from '../../src/engine/density';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { gaussianLogDensity } from '../../src/core/densityModels';
import { STAGE_EXTENT } from '../../src/core/config';
import { createRng } from '../../src/core/rng';
import { expectClose, previousModelField } from './densityReference';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

/** A 3x128 network whose field bends on the stage's scale (initWeights starts v near 0 on purpose). */
function bentModel(seed: number): Mlp {
  const w = initWeights({ hiddenLayers: 3, width: 128 }, seed);
  for (let i = 0; i < 2 * 128; i++) w.arrays[0][i] *= 4;
  const last = w.arrays[w.arrays.length - 2];
  for (let i = 0; i < last.length; i++) last[i] *= 20;
  return new Mlp(w, { explicitTranspose: true });
}

describe('density on the wasm backend', () => {
  it('the 40x40 grid at t = 1 equals the previous pass within 1e-4, leaking no tensors', { timeout: 120_000 }, async () => {
    expect(tf.getBackend()).toBe('wasm');
    const model = bentModel(3);
    const rng = createRng(2);
    const pts = Float32Array.from({ length: 400 }, () => 3 * rng.normal());
    for (const t of [0.1, 0.6]) {
      const got = await modelField(model)(pts, t);
      const want = await previousModelField(model)(pts, t);
      expectClose(got.v, want.v, 1e-4, `v at t=${t}`);
      expect(expectClose(got.div, want.div, 1e-4, `div at t=${t}`)).toBeGreaterThan(0.5);
    }
    const opts = { gridSize: 40, extent: STAGE_EXTENT, t: 1, steps: 6, solver: 'rk4' as const, sourceLogDensity: gaussianLogDensity([0, 0], 1) };
    const before = tf.memory().numTensors;
    const got = await logDensityGrid(model, opts);
    expect(tf.memory().numTensors).toBe(before);
    const want = await logDensityAt(previousModelField(model), gridPoints(opts.gridSize, opts.extent), opts);
    expectClose(got, want, 1e-4, 'log p cell');
    const source = opts.sourceLogDensity(gridPoints(opts.gridSize, opts.extent));
    expect(Math.max(...want.map((l, i) => Math.abs(l - source[i])))).toBeGreaterThan(0.5);
    model.dispose();
  });
});
