import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tf.grad, for the reverse-mode reference of the divergence.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { exactDivergence, gridPoints, logDensityAt, logDensityGrid, modelField, pullBack, type FieldWithDivergence } from '../../src/engine/density';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { integrateTrajectories, networkInput, velocitiesAt } from '../../src/engine/sampling';
import { DATA_SCALE } from '../../src/core/trainingBatch';
import { gaussianMarginalAt, gaussianMarginalVelocity, type IsoGaussian } from '../../src/core/gaussianField';
import { gaussianLogDensity } from '../../src/core/densityModels';
import { createRng } from '../../src/core/rng';
import { expectClose, previousModelField } from './densityReference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A small random network whose field bends on the scale of a data unit: initWeights starts v near 0
 * on purpose, so scale the x, y input rows and the last layer up until the divergence is O(1).
 */
function randomModel(seed: number, inputGain = 4, outputGain = 20, shape = { hiddenLayers: 2, width: 16 }): Mlp {
  const w = initWeights(shape, seed);
  const first = w.arrays[0];
  for (let i = 0; i < 2 * shape.width; i++) first[i] *= inputGain; // rows 0 and 1: x / DATA_SCALE, y / DATA_SCALE
  const last = w.arrays[w.arrays.length - 2];
  for (let i = 0; i < last.length; i++) last[i] *= outputGain;
  return new Mlp(w, { explicitTranspose: true });
}

/** The closed-form Gaussian-to-Gaussian marginal field; div u = 2 k(t) (k multiplies x - m_t in both coordinates). */
function gaussianField(src: IsoGaussian, tgt: IsoGaussian): FieldWithDivergence {
  return (x, t) => {
    const n = x.length >> 1;
    const v = new Float32Array(2 * n);
    const out: [number, number] = [0, 0];
    for (let i = 0; i < n; i++) {
      gaussianMarginalVelocity(src, tgt, t, x[2 * i], x[2 * i + 1], out);
      v[2 * i] = out[0];
      v[2 * i + 1] = out[1];
    }
    const s0 = src.std ** 2;
    const s1 = tgt.std ** 2;
    const k = (t * s1 - (1 - t) * s0) / ((1 - t) ** 2 * s0 + t * t * s1);
    return { v, div: new Float32Array(n).fill(2 * k) };
  };
}

describe('exact divergence', () => {
  it('matches central finite differences of the network velocity (data units)', async () => {
    const model = randomModel(7);
    const rng = createRng(1);
    const n = 24;
    const pts = Float32Array.from({ length: 2 * n }, () => 2.5 * rng.normal());
    const eps = 1e-2;
    for (const t of [0, 0.37, 0.9]) {
      const div = await exactDivergence(model, pts, t);
      // v at x +- eps e_x and x +- eps e_y for every point, in one call.
      const probes = new Float32Array(8 * n);
      const offsets = [[eps, 0], [-eps, 0], [0, eps], [0, -eps]];
      offsets.forEach(([dx, dy], k) => {
        for (let i = 0; i < n; i++) {
          probes[2 * (k * n + i)] = pts[2 * i] + dx;
          probes[2 * (k * n + i) + 1] = pts[2 * i + 1] + dy;
        }
      });
      const v = await velocitiesAt(model, probes, new Float32Array(4 * n).fill(t));
      let maxAbs = 0;
      for (let i = 0; i < n; i++) {
        const dvxdx = (v[2 * i] - v[2 * (n + i)]) / (2 * eps);
        const dvydy = (v[2 * (2 * n + i) + 1] - v[2 * (3 * n + i) + 1]) / (2 * eps);
        const fd = dvxdx + dvydy;
        maxAbs = Math.max(maxAbs, Math.abs(fd));
        expect(Math.abs(div[i] - fd), `point ${i} at t=${t}`).toBeLessThan(2e-3 + 1e-3 * Math.abs(fd));
      }
      // The test means something only if the divergence is not negligible.
      expect(maxAbs).toBeGreaterThan(0.5);
    }
    model.dispose();
  });

  it('in forward mode equals reverse-mode autodiff (tf.grad) and the velocity equals the sampler\'s', async () => {
    const model = randomModel(11);
    const rng = createRng(3);
    const n = 40;
    const pts = Float32Array.from({ length: 2 * n }, () => 3 * rng.normal());
    for (const t of [0, 0.5, 0.83]) {
      const { v, div } = await modelField(model)(pts, t);
      const ref = tf.tidy(() => {
        const x = tf.tensor2d(pts, [n, 2]);
        const select = tf.concat([tf.tile(tf.tensor2d([1, 0], [1, 2]), [n, 1]), tf.tile(tf.tensor2d([0, 1], [1, 2]), [n, 1])]);
        const velocity = (z: tf.Tensor2D) => tf.mul(model.forward(networkInput(z, t)), tf.scalar(DATA_SCALE));
        const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(velocity(z as tf.Tensor2D), select)));
        const g = tf.sum(tf.mul(grad(tf.concat([x, x])), select), 1);
        return tf.add(tf.slice(g, 0, n), tf.slice(g, n, n));
      });
      const want = (await ref.data()) as Float32Array;
      ref.dispose();
      const vWant = await velocitiesAt(model, pts, new Float32Array(n).fill(t));
      for (let i = 0; i < n; i++) {
        expect(Math.abs(div[i] - want[i]), `div ${i} at t=${t}`).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
        expect(Math.abs(v[2 * i] - vWant[2 * i])).toBeLessThan(1e-5 * (1 + Math.abs(vWant[2 * i])));
        expect(Math.abs(v[2 * i + 1] - vWant[2 * i + 1])).toBeLessThan(1e-5 * (1 + Math.abs(vWant[2 * i + 1])));
      }
      expect(Math.max(...Array.from(want, Math.abs))).toBeGreaterThan(0.5);
    }
    model.dispose();
  });

  it('matches the previous forward-mode pass (velocity and divergence, 3x64)', async () => {
    const model = randomModel(13, 4, 20, { hiddenLayers: 3, width: 64 });
    const rng = createRng(8);
    const n = 300;
    const pts = Float32Array.from({ length: 2 * n }, () => 3 * rng.normal());
    for (const t of [0, 0.3, 0.77, 1]) {
      const got = await modelField(model)(pts, t);
      const want = await previousModelField(model)(pts, t);
      expectClose(got.v, want.v, 1e-4, `v at t=${t}`);
      expect(expectClose(got.div, want.div, 1e-4, `div at t=${t}`)).toBeGreaterThan(0.5);
    }
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = randomModel(2);
    const pts = new Float32Array([0, 0, 1, 2, -3, 1]);
    await exactDivergence(model, pts, 0.5);
    const before = tf.memory().numTensors;
    await exactDivergence(model, pts, 0.5);
    await modelField(model)(pts, 0.2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('change-of-variables integrator', () => {
  const src: IsoGaussian = { mean: [-1, 0.5], std: 1 };
  const tgt: IsoGaussian = { mean: [2, -1], std: 0.4 };

  it('reproduces the closed-form N(m_t, S_t^2 I) log density of the Gaussian-to-Gaussian flow', async () => {
    const field = gaussianField(src, tgt);
    const sourceLogDensity = gaussianLogDensity(src.mean, src.std);
    for (const t of [0, 0.25, 0.6, 1]) {
      const m = gaussianMarginalAt(src, tgt, t);
      const pts = new Float32Array([m.mean[0], m.mean[1], m.mean[0] + 0.5 * m.std, m.mean[1], m.mean[0] - m.std, m.mean[1] + 1.2 * m.std, 0, 0]);
      const exact = gaussianLogDensity(m.mean, m.std)(pts);
      for (const solver of ['rk4', 'euler'] as const) {
        // Euler is first order: it needs many more steps for the same 0.02 (cheap here, no network).
        const steps = solver === 'rk4' ? 20 : 4000;
        const logp = await logDensityAt(field, pts, { t, steps, solver, sourceLogDensity });
        logp.forEach((l, i) => expect(Math.abs(l - exact[i]), `${solver} t=${t} point ${i}`).toBeLessThan(0.02));
      }
    }
  });

  it('pulls points back to their exact origins (the flow is affine in x)', async () => {
    const t = 0.8;
    const m = gaussianMarginalAt(src, tgt, t);
    const x = new Float32Array([m.mean[0] + m.std, m.mean[1] - 0.5 * m.std]);
    const { origins, divergenceIntegral } = await pullBack(gaussianField(src, tgt), x, { t, steps: 40 });
    // The exact flow maps standardised coordinates onto themselves: (x - m_t) / S_t = (x0 - m0) / s0.
    expect(origins[0]).toBeCloseTo(src.mean[0] + src.std, 3);
    expect(origins[1]).toBeCloseTo(src.mean[1] - 0.5 * src.std, 3);
    // integral of div = 2 log(S_t / s0): the area scale of the map.
    expect(divergenceIntegral[0]).toBeCloseTo(2 * Math.log(m.std / src.std), 3);
  });

  it('rejects a time outside [0, 1] and a non-integer step count', async () => {
    const field = gaussianField(src, tgt);
    await expect(pullBack(field, new Float32Array([0, 0]), { t: 1.5, steps: 4 })).rejects.toThrow(/\[0, 1\]/);
    await expect(pullBack(field, new Float32Array([0, 0]), { t: 0.5, steps: 0 })).rejects.toThrow(/steps/);
  });
});

describe('logDensityGrid', () => {
  it('a zero field leaves the source density unchanged at every t', async () => {
    const w = initWeights({ hiddenLayers: 2, width: 8 }, 1);
    w.arrays.forEach((a) => a.fill(0));
    const model = new Mlp(w, { explicitTranspose: false });
    const sourceLogDensity = gaussianLogDensity([0.5, -0.5], 1.3);
    const expected = sourceLogDensity(gridPoints(6, 3));
    for (const t of [0, 0.5, 1]) {
      const grid = await logDensityGrid(model, { gridSize: 6, extent: 3, t, steps: 3, sourceLogDensity });
      expect(grid.length).toBe(36);
      grid.forEach((l, i) => expect(l).toBeCloseTo(expected[i], 5));
    }
    model.dispose();
  });

  it('equals the grid of the previous forward-mode pass (20x20, t = 1, RK4 6 steps)', { timeout: 60_000 }, async () => {
    const model = randomModel(21, 4, 20, { hiddenLayers: 3, width: 64 });
    const opts = { gridSize: 20, extent: 6, t: 1, steps: 6, solver: 'rk4' as const, sourceLogDensity: gaussianLogDensity([0, 0], 1) };
    const got = await logDensityGrid(model, opts);
    const want = await logDensityAt(previousModelField(model), gridPoints(opts.gridSize, opts.extent), opts);
    expectClose(got, want, 1e-4, 'log p cell');
    // ...and the flow moved the density (else the comparison is empty).
    const before = opts.sourceLogDensity(gridPoints(opts.gridSize, opts.extent));
    expect(Math.max(...want.map((l, i) => Math.abs(l - before[i])))).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('lays cells out [row][col] with row = y, like fieldGrid', () => {
    const g = gridPoints(4, 2);
    expect(Array.from(g.slice(0, 4))).toEqual([-1.5, -1.5, -0.5, -1.5]);
    expect(Array.from(g.slice(2 * 4, 2 * 4 + 2))).toEqual([-1.5, -0.5]);
  });

  it("agrees with the network's own trajectories and conserves probability mass", { timeout: 60_000 }, async () => {
    const model = randomModel(5);
    const t = 1;
    const size = 32;
    const extent = 6;
    const sourceLogDensity = gaussianLogDensity([0, 0], 1);
    const steps = 8;
    const grid = await logDensityGrid(model, { gridSize: size, extent, t, steps, sourceLogDensity });
    // A density pushed forward by a flow still integrates to 1 (up to the grid and the tails).
    const cell = (2 * extent) / size;
    const before = sourceLogDensity(gridPoints(size, extent));
    let mass = 0;
    let change = 0;
    grid.forEach((l, i) => {
      mass += Math.exp(l) * cell * cell;
      change = Math.max(change, Math.abs(Math.exp(l) - Math.exp(before[i])));
    });
    expect(Math.abs(mass - 1)).toBeLessThan(0.01);
    // ...while the flow really reshaped it (the source peak is 1 / 2 pi ~ 0.16).
    expect(change).toBeGreaterThan(0.05);
    // Origins found by the backward pass flow forward onto the query points.
    const pts = new Float32Array([0.3, -0.2, 1.5, 1]);
    const { origins } = await pullBack(modelField(model), pts, { t, steps });
    const traj = await integrateTrajectories(model, { start: origins, steps: 64, solver: 'rk4' });
    const stride = 2 * 65;
    for (let i = 0; i < 2; i++) {
      expect(traj[i * stride + 128]).toBeCloseTo(pts[2 * i], 2);
      expect(traj[i * stride + 129]).toBeCloseTo(pts[2 * i + 1], 2);
    }
    model.dispose();
  });
});
