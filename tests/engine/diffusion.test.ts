import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { classAccuracy } from '../../src/core/classAccuracy';
import { DEFAULT_TRAIN, type TrainConfig } from '../../src/core/config';
import { VE_SIGMA_MAX } from '../../src/core/diffusionPaths';
import { NULL_CLASS, samplePresetLabelled } from '../../src/core/labels';
import { slicedW2 } from '../../src/core/metrics';
import { CONDITIONAL_INPUT_SIZE } from '../../src/core/networkShape';
import { slicedW2NoiseFloor } from '../../src/core/noiseFloor';
import { parsePreset, samplePreset } from '../../src/core/presets';
import { createRng } from '../../src/core/rng';
import { eulerMaruyamaStep } from '../../src/core/sdeSampler';
import { endPoints } from '../../src/core/solvers';
import { INPUT_SIZE } from '../../src/core/timeFeatures';
import { modelVelocities, particleClasses } from '../../src/engine/diffusionSampling';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { integrateTrajectories } from '../../src/engine/sampling';
import { isPlainRecipe, Trainer } from '../../src/engine/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (over: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_TRAIN, hiddenLayers: 2, width: 32, batchSize: 256, learningRate: 5e-3, ...over });
const gaussian = (spec: string, n: number, seed: number) => samplePreset(parsePreset(spec), n, seed);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function moments(p: Float32Array): { mx: number; my: number; sx: number; sy: number } {
  const n = p.length >> 1;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i] / n;
    my += p[2 * i + 1] / n;
  }
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    vx += (p[2 * i] - mx) ** 2 / n;
    vy += (p[2 * i + 1] - my) ** 2 / n;
  }
  return { mx, my, sx: Math.sqrt(vx), sy: Math.sqrt(vy) };
}

describe('weighted loss (the score target)', () => {
  for (const hostBackward of [false, true]) {
    it(`gradients match autodiff of mean(w r^2) (hostBackward=${hostBackward})`, () => {
      const model = new Mlp(initWeights({ hiddenLayers: 2, width: 8 }, 4), { explicitTranspose: true });
      model.hostBackward = hostBackward;
      const rng = createRng(2);
      const b = 16;
      const x = tf.tensor2d(Float32Array.from({ length: b * INPUT_SIZE }, () => rng.normal()), [b, INPUT_SIZE]);
      const y = tf.tensor2d(Float32Array.from({ length: 2 * b }, () => rng.normal()), [b, 2]);
      const w = Float32Array.from({ length: b }, () => rng.uniform());
      const wt = tf.tensor2d(w, [b, 1]);
      const { grads: ref } = tf.variableGrads(() => tf.mean(tf.mul(wt, tf.square(tf.sub(model.forward(x), y)))) as tf.Scalar, model.params);
      const refLoss = tf.tidy(() => tf.mean(tf.mul(wt, tf.square(tf.sub(model.forward(x), y)))).dataSync()[0]);
      const [mine, loss] = tf.tidy(() => {
        const { grads, residual } = model.gradientsFor(x, y, true, w);
        return [grads.map((g) => g.dataSync() as Float32Array), tf.mean(tf.square(residual!)).dataSync()[0]] as const;
      });
      model.params.forEach((p, i) => {
        const r = ref[p.name].dataSync();
        for (let j = 0; j < r.length; j++) expect(mine[i][j]).toBeCloseTo(r[j], 5);
      });
      expect(loss).toBeCloseTo(refLoss, 5);
      model.dispose();
    });
  }
});

describe('conditional training and guidance on labelled moons', () => {
  const moons = samplePresetLabelled(parsePreset('moons'), 2000, 11)!;
  const source = gaussian('gaussian', 2000, 12);
  let trainer: Trainer;
  let losses: number[];

  beforeAll(async () => {
    trainer = new Trainer({ config: config({ conditional: true }), seed: 3, explicitTranspose: true });
    trainer.setClouds(source, moons.points, moons.labels);
    losses = (await trainer.train(1000, 10)).map((l) => l.loss);
  }, 30_000);

  it('needs labels, takes the one-hot input, and lowers the loss', () => {
    expect(isPlainRecipe(trainer.config)).toBe(false);
    expect(trainer.model.params[0].shape[0]).toBe(CONDITIONAL_INPUT_SIZE);
    expect(mean(losses.slice(-10))).toBeLessThan(0.75 * mean(losses.slice(0, 3)));
    const unlabelled = new Trainer({ config: config({ conditional: true }), seed: 3, explicitTranspose: true });
    unlabelled.setClouds(source, moons.points);
    expect(unlabelled.blocker()).toMatch(/no class labels/);
    unlabelled.dispose();
  });

  it('guidance w = 3 lands more particles of class 0 in class 0 than w = 0 (unconditional)', async () => {
    const start = gaussian('gaussian', 600, 21);
    const labels = particleClasses(0, moons.labels, 600, 1)!;
    const accuracy = async (w: number) => {
      const traj = await integrateTrajectories(trainer.model, {
        start,
        steps: 40,
        solver: 'euler',
        diffusion: { kind: 'velocity', path: 'straight', labels, guidance: w },
      });
      return classAccuracy(endPoints(traj, 40), 0, moons.points, moons.labels);
    };
    const [a0, a1, a3] = [await accuracy(0), await accuracy(1), await accuracy(3)];
    // Unconditional: about half the particles go to each moon; guided: nearly all to moon 0.
    expect(a0).toBeLessThan(0.7);
    expect(a3).toBeGreaterThan(a0 + 0.25);
    expect(a3).toBeGreaterThanOrEqual(a1 - 0.02);
  });

  it('"all classes" draws each particle a class in the data proportions', () => {
    const c = particleClasses(null, moons.labels, 4000, 5)!;
    const share = c.reduce((s, v) => s + v, 0) / c.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(particleClasses(null, null, 10, 5)).toBeNull();
  });
});

describe('sampler parity with the core (conversion, guidance, SDE)', () => {
  it('an epsilon model, guidance 3, SDE noise 0.5 on vp: the tensor sampler follows core Euler-Maruyama on host velocities', async () => {
    const model = new Mlp(initWeights({ hiddenLayers: 2, width: 16, conditional: true }, 7), { explicitTranspose: true });
    const n = 64;
    const path = 'vp' as const;
    const steps = 20;
    const w = 3;
    const start = gaussian('gaussian', n, 3);
    const labels = particleClasses(null, Uint8Array.from([0, 1, 2]), n, 9)!;
    const traj = await integrateTrajectories(model, { start, steps, solver: 'euler', diffusion: { kind: 'epsilon', path, labels, guidance: w, sdeNoise: 0.5, seed: 42 } });
    // Host reference: per class c the guided prediction of every point converted to velocity
    // (modelVelocities, core conversions), each point keeping its own class's; then core's
    // Euler-Maruyama step with one seeded stream, drawn as integrateSde draws.
    const hostVelocity = async (x: Float32Array, t: number): Promise<Float32Array> => {
      const out = new Float32Array(2 * n);
      for (const c of new Set(labels)) {
        const v = await modelVelocities(model, x, new Float32Array(n).fill(t), { kind: 'epsilon', path, label: c, guidance: w });
        for (let i = 0; i < n; i++) if (labels[i] === c) out.set(v.subarray(2 * i, 2 * i + 2), 2 * i);
      }
      return out;
    };
    const rng = createRng(42);
    const x = Float32Array.from(start);
    let maxErr = 0;
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const v = await hostVelocity(x, t);
      eulerMaruyamaStep(path, 0.5, t, 1 / steps, x, v, rng);
      for (let i = 0; i < n; i++) {
        for (let d = 0; d < 2; d++) maxErr = Math.max(maxErr, Math.abs(traj[i * 2 * (steps + 1) + 2 * (s + 1) + d] - x[2 * i + d]));
      }

    }
    // float32 tensors against float64 host conversions, over 20 noisy steps.
    expect(maxErr).toBeLessThan(2e-3);
    // The noise moved the particles: the same run without it ends elsewhere.
    const ode = await integrateTrajectories(model, { start, steps, solver: 'euler', diffusion: { kind: 'epsilon', path, labels, guidance: w } });
    expect(slicedW2(endPoints(ode, steps), endPoints(traj, steps))).toBeGreaterThan(0.05);
    model.dispose();
  });

  it('a conditional model asked without settings, or at w = 0, samples its null-class flow', async () => {
    const model = new Mlp(initWeights({ hiddenLayers: 2, width: 8, conditional: true }, 3), { explicitTranspose: true });
    const start = gaussian('gaussian', 20, 4);
    const req = { start, steps: 5, solver: 'heun' as const };
    const nulls = await integrateTrajectories(model, { ...req, diffusion: { kind: 'velocity', path: 'straight', labels: new Uint8Array(20).fill(NULL_CLASS) } });
    const bare = await integrateTrajectories(model, req);
    const w0 = await integrateTrajectories(model, { ...req, diffusion: { kind: 'velocity', path: 'straight', labels: new Uint8Array(20).fill(1), guidance: 0 } });
    const c1 = await integrateTrajectories(model, { ...req, diffusion: { kind: 'velocity', path: 'straight', labels: new Uint8Array(20).fill(1) } });
    expect(bare).toEqual(nulls);
    expect(w0).toEqual(nulls);
    expect(c1).not.toEqual(nulls);
    model.dispose();
  });

  it('ve starts from its wide source (VE_SIGMA_MAX z)', async () => {
    const model = new Mlp(initWeights({ hiddenLayers: 1, width: 8 }, 1), { explicitTranspose: true });
    const start = gaussian('gaussian', 10, 2);
    const traj = await integrateTrajectories(model, { start, steps: 2, solver: 'euler', diffusion: { kind: 'velocity', path: 've' } });
    expect(traj[0]).toBeCloseTo(VE_SIGMA_MAX * start[0], 5);
    expect(traj[1]).toBeCloseTo(VE_SIGMA_MAX * start[1], 5);
    model.dispose();
  });
});

describe('Gaussian to Gaussian: ODE and SDE reach the fit', () => {
  const target = gaussian('gaussian:1.5,-1,0.5', 2000, 31);
  const source = gaussian('gaussian', 2000, 32);

  it('velocity model on the straight path: ODE and SDE (noise 0.5) within 2x the noise floor', async () => {
    const trainer = new Trainer({ config: config({}), seed: 5, explicitTranspose: true });
    trainer.setClouds(source, target);
    await trainer.train(1200, 50);
    const samples = 1000;
    const start = gaussian('gaussian', samples, 33);
    const floor = slicedW2NoiseFloor(target, { samples, jitter: 0, seed: 3 }).mean;
    const fitOf = async (sdeNoise: number) => {
      const traj = await integrateTrajectories(trainer.model, { start, steps: 100, solver: 'euler', diffusion: { kind: 'velocity', path: 'straight', sdeNoise, seed: 8 } });
      return slicedW2(endPoints(traj, 100), target);
    };
    const [ode, sde] = [await fitOf(0), await fitOf(0.5)];
    expect(ode).toBeLessThan(2 * floor);
    expect(sde).toBeLessThan(2 * floor);
    trainer.dispose();
  }, 20_000);

  it('VP + epsilon: the loss falls and samples land on the target (mean, std)', async () => {
    const trainer = new Trainer({ config: config({ path: 'vp', targetKind: 'epsilon' }), seed: 6, explicitTranspose: true });
    trainer.setClouds(source, target);
    const losses = (await trainer.train(1200, 10)).map((l) => l.loss);
    expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 3)));
    const start = gaussian('gaussian', 1000, 34);
    for (const sdeNoise of [0, 0.5]) {
      const traj = await integrateTrajectories(trainer.model, { start, steps: 100, solver: 'euler', diffusion: { kind: 'epsilon', path: 'vp', sdeNoise, seed: 9 } });
      const m = moments(endPoints(traj, 100));
      // Target N((1.5, -1), 0.5^2); measured ~(1.47, -0.99), std ~0.55.
      expect(Math.abs(m.mx - 1.5)).toBeLessThan(0.1);
      expect(Math.abs(m.my + 1)).toBeLessThan(0.1);
      expect(Math.abs(m.sx - 0.5)).toBeLessThan(0.1);
      expect(Math.abs(m.sy - 0.5)).toBeLessThan(0.1);
    }
    trainer.dispose();
  }, 20_000);

  it('VP + score (sigma^2-weighted loss) trains and samples land on the target', async () => {
    const trainer = new Trainer({ config: config({ path: 'vp', targetKind: 'score' }), seed: 5, explicitTranspose: true });
    trainer.setClouds(source, target);
    const losses = (await trainer.train(1200, 10)).map((l) => l.loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 3)));
    const traj = await integrateTrajectories(trainer.model, { start: gaussian('gaussian', 1000, 34), steps: 100, solver: 'euler', diffusion: { kind: 'score', path: 'vp' } });
    const m = moments(endPoints(traj, 100));
    expect(Math.abs(m.mx - 1.5)).toBeLessThan(0.12);
    expect(Math.abs(m.my + 1)).toBeLessThan(0.12);
    expect(Math.abs(m.sx - 0.5)).toBeLessThan(0.1);
    trainer.dispose();
  }, 20_000);
});
