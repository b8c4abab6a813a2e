import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startNodeBackend } from '../../src/cli/nodeBackend';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initRealNvpWeights, RealNvp, RealNvpTrainer, arraysPerCoupling, DEFAULT_REALNVP_SHAPE, type RealNvpShape } from '../../src/engine/realnvp';
import { DEFAULT_FLOW, realNvpShapeOf, realNvpWeightLengths } from '../../src/core/objectives';
import { cnfLogProb, CnfTrainer, mlpHeldOutNll } from '../../src/engine/cnfTrainer';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { gaussianLogProb } from '../../src/engine/sourceLogProb';
import { gaussianLogDensity } from '../../src/core/densityModels';
import { gaussianEntropy, sourceDensityOf } from '../../src/core/sourceDensity';
import { parsePreset, samplePreset } from '../../src/core/presets';
import { createRng } from '../../src/core/rng';
import type { IsoGaussian } from '../../src/core/gaussianField';
import { Trainer } from '../../src/engine/trainer';
import { DEFAULT_TRAIN } from '../../src/core/config';

// wasm, as the command line and the app without a GPU run: the three trainings below take a few
// seconds each there, against tens of seconds on the CPU backend.
beforeAll(async () => {
  await startNodeBackend('wasm');
});

const SOURCE: IsoGaussian = { mean: [0, 0], std: 1 };
const TARGET: IsoGaussian = { mean: [3, 2], std: 0.5 };

/** A RealNVP far from the identity: its last layers and gains scaled up so every coupling bends. */
function bentRealNvp(shape: RealNvpShape, seed: number): RealNvp {
  const w = initRealNvpWeights(shape, seed);
  const per = arraysPerCoupling(shape);
  const rng = createRng(seed + 1);
  for (let k = 0; k < shape.couplings; k++) {
    const last = w.arrays[k * per + per - 3];
    for (let i = 0; i < last.length; i++) last[i] *= 15;
    w.arrays[k * per + per - 2].forEach((_, i, b) => (b[i] = 0.3 * rng.normal()));
    w.arrays[k * per + per - 1][0] = 0.8;
  }
  return new RealNvp(w);
}

function randomPoints(n: number, seed: number, scale = 2): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, () => scale * rng.normal());
}

describe('source density', () => {
  it('the tfjs log-density matches the core one, and the entropy is log(2 pi e s^2)', () => {
    const pts = randomPoints(20, 3);
    const core = gaussianLogDensity([1, -2], 0.7)(pts);
    const t = tf.tidy(() => gaussianLogProb(tf.tensor2d(pts, [20, 2]), { mean: [1, -2], std: 0.7 }).dataSync());
    core.forEach((v, i) => expect(t[i]).toBeCloseTo(v, 4));
    expect(gaussianEntropy(0.5)).toBeCloseTo(Math.log(2 * Math.PI * Math.E * 0.25), 12);
    expect(gaussianEntropy(0.5)).toBeCloseTo(1.452, 3);
  });

  it('is exact for Gaussian presets and refused (with a reason) for others', () => {
    const g = sourceDensityOf(parsePreset('gaussian:1,2,0.5'));
    expect(g.ok && g.gaussian).toEqual({ mean: [1, 2], std: 0.5 });
    const m = sourceDensityOf(parsePreset('moons'));
    expect(m.ok).toBe(false);
    expect(!m.ok && m.reason).toMatch(/moons.*Gaussian/);
    expect(sourceDensityOf(null).ok).toBe(false);
  });
});

describe('RealNVP', () => {
  const shape: RealNvpShape = { couplings: 6, hiddenLayers: 2, width: 16 };

  it('round-trips x -> z -> x and z -> x -> z within 1e-4, with opposite log-determinants', () => {
    const flow = bentRealNvp(shape, 5);
    const x = randomPoints(64, 8);
    const [back, zBack, ldSum, zMoved] = tf.tidy(() => {
      const xt = tf.tensor2d(x, [64, 2]);
      const inv = flow.inverse(xt);
      const fwd = flow.forward(inv.points);
      const zt = tf.tensor2d(x, [64, 2]);
      const f2 = flow.forward(zt);
      return [fwd.points.dataSync(), flow.inverse(f2.points).points.dataSync(), tf.add(inv.logDet, fwd.logDet).dataSync(), inv.points.dataSync()];
    });
    let maxErr = 0;
    let moved = 0;
    for (let i = 0; i < x.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(back[i] - x[i]), Math.abs(zBack[i] - x[i]));
      moved = Math.max(moved, Math.abs(zMoved[i] - x[i]));
    }
    expect(maxErr).toBeLessThan(1e-4);
    expect(moved).toBeGreaterThan(0.5); // the map is far from the identity, so the round trip means something
    ldSum.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    flow.dispose();
  });

  it('log|det dx/dz| matches central finite differences of its map', () => {
    const flow = bentRealNvp(shape, 11);
    const n = 16;
    const z = randomPoints(n, 4);
    const eps = 1e-2;
    // Each point and its four neighbours z +- eps e_x, z +- eps e_y in one batch.
    const probes = new Float32Array(10 * n);
    for (let i = 0; i < n; i++) {
      const offs = [[eps, 0], [-eps, 0], [0, eps], [0, -eps], [0, 0]];
      offs.forEach(([dx, dy], k) => {
        probes[2 * (k * n + i)] = z[2 * i] + dx;
        probes[2 * (k * n + i) + 1] = z[2 * i + 1] + dy;
      });
    }
    const [xs, ld] = tf.tidy(() => {
      const r = flow.forward(tf.tensor2d(probes, [5 * n, 2]));
      return [r.points.dataSync(), r.logDet.dataSync()];
    });
    let maxLd = 0;
    for (let i = 0; i < n; i++) {
      const at = (k: number, c: number) => xs[2 * (k * n + i) + c];
      const j00 = (at(0, 0) - at(1, 0)) / (2 * eps);
      const j10 = (at(0, 1) - at(1, 1)) / (2 * eps);
      const j01 = (at(2, 0) - at(3, 0)) / (2 * eps);
      const j11 = (at(2, 1) - at(3, 1)) / (2 * eps);
      const fd = Math.log(Math.abs(j00 * j11 - j01 * j10));
      const exact = ld[4 * n + i];
      maxLd = Math.max(maxLd, Math.abs(exact));
      expect(Math.abs(fd - exact)).toBeLessThan(2e-2 * Math.max(1, Math.abs(exact)));
    }
    expect(maxLd).toBeGreaterThan(0.5);
    flow.dispose();
  });

  it("its weight layout is the one scene files check (core realNvpWeightLengths), and DEFAULT_FLOW's shape is the default", () => {
    for (const sh of [shape, { couplings: 3, hiddenLayers: 1, width: 4 }, DEFAULT_REALNVP_SHAPE]) {
      expect(initRealNvpWeights(sh, 1).arrays.map((a) => a.length)).toEqual(realNvpWeightLengths(sh));
    }
    expect(DEFAULT_REALNVP_SHAPE).toEqual({ couplings: 8, hiddenLayers: 2, width: 32 });
    expect(realNvpShapeOf(DEFAULT_FLOW)).toEqual(DEFAULT_REALNVP_SHAPE);
  });

  it('after 0 couplings is the identity, after K the full map, and weights round-trip', async () => {
    const flow = bentRealNvp(shape, 2);
    const z = randomPoints(10, 1);
    expect(Array.from(await flow.mapPoints(z, 0))).toEqual(Array.from(z));
    const full = await flow.mapPoints(z);
    const w = await flow.getWeights();
    const other = new RealNvp(initRealNvpWeights(shape, 99));
    expect(Array.from(await other.mapPoints(z))).not.toEqual(Array.from(full));
    other.setWeights(w);
    expect(Array.from(await other.mapPoints(z))).toEqual(Array.from(full));
    expect(() => new RealNvp({ shape, arrays: w.arrays.slice(1) })).toThrow(/arrays/);
    flow.dispose();
    other.dispose();
  });
});

describe('CNF by maximum likelihood', () => {
  it("the loss's gradient through the RK4 solve and the exact divergence matches finite differences", () => {
    // A tiny net (1 hidden layer of 2 units); inputs and outputs scaled up so the field bends.
    const w = initWeights({ hiddenLayers: 1, width: 2 }, 6);
    w.arrays[0].forEach((_, i, a) => (a[i] *= i < 4 ? 6 : 1));
    w.arrays[2].forEach((_, i, a) => (a[i] *= 40));
    const model = new Mlp(w, { explicitTranspose: true });
    const x = tf.tensor2d(randomPoints(12, 2, 1.5), [12, 2]);
    const ode = { steps: 3, solver: 'rk4' as const };
    const loss = () => tf.neg(tf.mean(cnfLogProb(model, x, SOURCE, ode))) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, model.params);
    const value = () => tf.tidy(() => loss().dataSync()[0]);
    const eps = 1e-2;
    let checked = 0;
    // Every parameter of the last two layers and a few of the first: central differences.
    for (const [pi, entries] of [[0, [0, 3, 10]], [1, [0, 1]], [2, [0, 1, 2, 3]], [3, [0, 1]]] as [number, number[]][]) {
      const p = model.params[pi];
      const g = grads[p.name].dataSync();
      for (const j of entries) {
        const base = p.dataSync().slice();
        const bump = (d: number) => {
          const a = base.slice();
          a[j] += d;
          p.assign(tf.tensor(a, p.shape));
          return value();
        };
        const fd = (bump(eps) - bump(-eps)) / (2 * eps);
        p.assign(tf.tensor(base, p.shape));
        expect(Math.abs(fd - g[j])).toBeLessThan(2e-2 * Math.max(0.1, Math.abs(g[j])));
        checked++;
      }
    }
    expect(checked).toBe(11);
    expect(Math.max(...Object.values(grads).map((t) => Math.max(...Array.from(t.dataSync(), Math.abs))))).toBeGreaterThan(0.05);
    model.dispose();
  });

  it('its log-likelihood agrees with the density view (pullBack with the exact divergence)', async () => {
    const w = initWeights({ hiddenLayers: 2, width: 8 }, 3);
    w.arrays[4].forEach((_, i, a) => (a[i] *= 20));
    const model = new Mlp(w, { explicitTranspose: true });
    const pts = randomPoints(30, 9);
    const ode = { steps: 4, solver: 'rk4' as const };
    const mine = tf.tidy(() => cnfLogProb(model, tf.tensor2d(pts, [30, 2]), SOURCE, ode).dataSync());
    const ref = -(await mlpHeldOutNll(model, pts, SOURCE, ode));
    let m = 0;
    mine.forEach((v) => (m += v / 30));
    expect(m).toBeCloseTo(ref, 3);
    model.dispose();
  });
});

describe('maximum likelihood on gaussian:0,0,1 -> gaussian:3,2,0.5', () => {
  const target = samplePreset(parsePreset('gaussian:3,2,0.5'), 2000, 1);
  const heldOut = samplePreset(parsePreset('gaussian:3,2,0.5'), 2000, 2);
  const exact = gaussianEntropy(TARGET.std); // 1.452 nats
  let trueOnHeldOut = 0;
  gaussianLogDensity(TARGET.mean, TARGET.std)(heldOut).forEach((v) => (trueOnHeldOut -= v / 2000));

  it('RealNVP reaches a held-out NLL within 0.1 nats of the exact value', async () => {
    const tr = new RealNvpTrainer({ couplings: 4, hiddenLayers: 1, width: 16 }, { seed: 1, learningRate: 2e-2, batchSize: 128, source: SOURCE });
    tr.setTarget(target);
    const before = await tr.heldOutNll(heldOut);
    await tr.train(300, 100);
    const nll = await tr.heldOutNll(heldOut);
    expect(before).toBeGreaterThan(exact + 3);
    expect(Math.abs(nll - exact)).toBeLessThan(0.1);
    expect(Math.abs(nll - trueOnHeldOut)).toBeLessThan(0.1);
    expect(tr.evalsPerStep).toBe(4);
    tr.dispose();
  }, 30_000);

  it('the CNF reaches a held-out NLL within 0.1 nats of the exact value', async () => {
    const tr = new CnfTrainer({ shape: { hiddenLayers: 2, width: 16 }, explicitTranspose: true, seed: 1, learningRate: 2e-2, batchSize: 128, source: SOURCE, steps: 3 });
    tr.setTarget(target);
    const before = await tr.heldOutNll(heldOut);
    const tensors = tf.memory().numTensors;
    await tr.train(100, 25);
    expect(tf.memory().numTensors).toBe(tensors); // nothing of the solve's tape is left behind
    const nll = await tr.heldOutNll(heldOut);
    // A finer solve of the same field agrees: the likelihood is the ODE's, not an artefact of the coarse
    // solve (trained through 2 RK4 steps, the model learns to exploit the solver: 0.26 nats apart).
    const fine = await tr.heldOutNll(heldOut, { steps: 16 });
    expect(before).toBeGreaterThan(exact + 3);
    expect(Math.abs(nll - exact)).toBeLessThan(0.1);
    expect(Math.abs(nll - trueOnHeldOut)).toBeLessThan(0.1);
    expect(Math.abs(fine - nll)).toBeLessThan(0.05);
    expect(tr.evalsPerStep).toBe(12);
    tr.dispose();
  }, 60_000);

  it('flow matching, scored by its ODE with the exact divergence, reaches it too', async () => {
    const source = samplePreset(parsePreset('gaussian'), 2000, 3);
    const tr = new Trainer({ config: { ...DEFAULT_TRAIN, hiddenLayers: 2, width: 32 }, seed: 1, explicitTranspose: true });
    tr.setClouds(source, target);
    await tr.train(800, 400);
    const nll = await mlpHeldOutNll(tr.model, heldOut, SOURCE, { steps: 16, solver: 'rk4' });
    expect(Math.abs(nll - exact)).toBeLessThan(0.1);
    expect(Math.abs(nll - trueOnHeldOut)).toBeLessThan(0.1);
    tr.model.dispose();
  }, 60_000);
});
