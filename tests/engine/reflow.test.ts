import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createPairedCoupler, makeReflowPairs, straightnessOf } from '../../src/engine/reflow';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { integrateTrajectories, velocitiesAt } from '../../src/engine/sampling';
import { Trainer } from '../../src/engine/trainer';
import { DEFAULT_TRAIN } from '../../src/core/config';
import { createRng } from '../../src/core/rng';
import { endPoints } from '../../src/core/solvers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A random network with a visibly curved field (initWeights starts near v = 0 on purpose). */
function curvyModel(seed: number): Mlp {
  const w = initWeights({ hiddenLayers: 2, width: 16 }, seed);
  for (let i = 0; i < 32; i++) w.arrays[0][i] *= 4;
  const last = w.arrays[w.arrays.length - 2];
  for (let i = 0; i < last.length; i++) last[i] *= 20;
  return new Mlp(w, { explicitTranspose: true });
}

const gaussianCloud = (seed: number, n: number): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, () => rng.normal());
};

const pointKeys = (p: Float32Array): Set<string> => {
  const keys = new Set<string>();
  for (let i = 0; i < p.length; i += 2) keys.add(`${p[i]},${p[i + 1]}`);
  return keys;
};

describe('makeReflowPairs', () => {
  it('pairs each resampled source point with the end of its own trajectory', async () => {
    const model = curvyModel(3);
    const source = gaussianCloud(1, 50);
    const pairs = await makeReflowPairs(model, source, 40, 12, 'rk4', 7);
    expect(pairs.x0.length).toBe(80);
    expect(pairs.x1.length).toBe(80);
    const sourceKeys = pointKeys(source);
    for (const k of pointKeys(pairs.x0)) expect(sourceKeys.has(k)).toBe(true);
    const traj = await integrateTrajectories(model, { start: pairs.x0, steps: 12, solver: 'rk4' });
    expect(Array.from(pairs.x1)).toEqual(Array.from(endPoints(traj, 12)));
    // The flow moved the points: x1 is not a copy of x0.
    let moved = 0;
    for (let i = 0; i < 80; i++) moved = Math.max(moved, Math.abs(pairs.x1[i] - pairs.x0[i]));
    expect(moved).toBeGreaterThan(0.1);
    // Same seed, same pairs.
    const again = await makeReflowPairs(model, source, 40, 12, 'rk4', 7);
    expect(Array.from(again.x0)).toEqual(Array.from(pairs.x0));
    model.dispose();
  });
});

describe('createPairedCoupler', () => {
  const pairs = { x0: new Float32Array([0, 0, 1, 1, 2, 2, 3, 3]), x1: new Float32Array([10, 0, 11, 1, 12, 2, 13, 3]) };

  it('overwrites x0 and x1 with whole stored pairs only, and varies between batches', () => {
    const couple = createPairedCoupler(pairs, 5);
    const seen = new Set<number>();
    const batches: string[] = [];
    for (let call = 0; call < 20; call++) {
      const x0 = new Float32Array(16).fill(NaN);
      const x1 = new Float32Array(16).fill(NaN);
      couple(x0, x1);
      for (let i = 0; i < 8; i++) {
        const j = x0[2 * i];
        expect([0, 1, 2, 3]).toContain(j);
        expect([x0[2 * i + 1], x1[2 * i], x1[2 * i + 1]]).toEqual([j, 10 + j, j]);
        seen.add(j);
      }
      batches.push(Array.from(x0).join());
    }
    expect(seen.size).toBe(4);
    expect(new Set(batches).size).toBeGreaterThan(1);
  });

  it('freezes its pairs and rejects an empty or ragged set', () => {
    const x0 = Float32Array.from(pairs.x0);
    const couple = createPairedCoupler({ x0, x1: pairs.x1 });
    x0.fill(99);
    const b0 = new Float32Array(8);
    const b1 = new Float32Array(8);
    couple(b0, b1);
    expect(b0.every((v) => v !== 99)).toBe(true);
    expect(() => createPairedCoupler({ x0: new Float32Array(0), x1: new Float32Array(0) })).toThrow();
    expect(() => createPairedCoupler({ x0: new Float32Array(4), x1: new Float32Array(2) })).toThrow();
  });

  it('makes the Trainer learn the pairs, not the clouds it was given', { timeout: 30_000 }, async () => {
    // Pairs move every point by (3, -2); the clouds alone would ask for (9, 9).
    const z0 = gaussianCloud(2, 256);
    const z1 = z0.map((v, i) => v + (i % 2 === 0 ? 3 : -2));
    const paired = createPairedCoupler({ x0: z0, x1: z1 }, 1);
    const trainer = new Trainer({
      config: { ...DEFAULT_TRAIN, width: 32, batchSize: 64, learningRate: 5e-3 },
      seed: 1,
      explicitTranspose: true,
      coupler: () => paired,
    });
    trainer.setClouds(new Float32Array([0, 0]), new Float32Array([9, 9]));
    await trainer.train(400, 100);
    const v = await velocitiesAt(trainer.model, new Float32Array([0, 0, 1, -0.5, 2.5, -1]), new Float32Array([0.1, 0.5, 0.9]));
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(v[2 * i] - 3)).toBeLessThan(0.4);
      expect(Math.abs(v[2 * i + 1] + 2)).toBeLessThan(0.4);
    }
    trainer.dispose();
  });
});

describe('straightnessOf', () => {
  it('is 0 for a zero field and positive for a curved one', async () => {
    const w = initWeights({ hiddenLayers: 2, width: 8 }, 1);
    w.arrays.forEach((a) => a.fill(0));
    const zero = new Mlp(w, { explicitTranspose: true });
    const starts = gaussianCloud(4, 30);
    expect(await straightnessOf(zero, starts, 10, 'euler')).toBe(0);
    zero.dispose();
    const curvy = curvyModel(9);
    const s = await straightnessOf(curvy, starts, 10, 'rk4');
    expect(s).toBeGreaterThan(0.1);
    curvy.dispose();
  });

  it('is ~0 for a model trained point mass -> point mass (one straight path)', { timeout: 30_000 }, async () => {
    const trainer = new Trainer({ config: { ...DEFAULT_TRAIN, width: 32, batchSize: 64, learningRate: 5e-3 }, seed: 1, explicitTranspose: true });
    trainer.setClouds(new Float32Array([0, -5]), new Float32Array([5, 0]));
    await trainer.train(500, 100);
    const s = await straightnessOf(trainer.model, new Float32Array([0, -5]), 20, 'euler');
    expect(s).toBeGreaterThanOrEqual(0);
    // |direction| = |(5, 5)|^2 = 50; a straight flow leaves only the network's small wobble.
    expect(s).toBeLessThan(0.05);
    trainer.dispose();
  });
});
