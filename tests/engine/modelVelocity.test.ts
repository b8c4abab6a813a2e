import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { gaussianLogDensity } from '../../src/core/densityModels';
import { diffusionCoefficients, DIFFUSION_PATH_NAMES, VE_SIGMA_MAX, type DiffusionPathName } from '../../src/core/diffusionPaths';
import { gaussianPathMarginalAt, gaussianPathPosterior } from '../../src/core/gaussianPathField';
import type { IsoGaussian } from '../../src/core/gaussianField';
import { NULL_CLASS } from '../../src/core/labels';
import { CONVERSION_DEFAULTS, TARGET_KINDS, type TargetKind } from '../../src/core/predictionTargets';
import { createRng } from '../../src/core/rng';
import { velocityWithDivergence } from '../../src/core/velocityDivergence';
import { gridPoints, logDensityAt, modelField, type FieldWithDivergence } from '../../src/engine/density';
import { integrateDiffusion, modelVelocities } from '../../src/engine/diffusionSampling';
import { initWeights, Mlp, type MlpShape } from '../../src/engine/mlp';
import { modelVelocityAndDivergence, modelVelocityField, predictionWithDiagonal, type ModelVelocityOptions } from '../../src/engine/modelVelocity';
import { straightnessOf } from '../../src/engine/reflow';
import { computeMetrics, densityGrid, densitySteps } from '../../src/worker/lab';
import { probePath } from '../../src/worker/probes';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../../src/core/config';
import { STAGE_EXTENT } from '../../src/core/config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random weights whose field bends on the scale of a data unit (initWeights starts the output near 0 on purpose). */
function randomModel(seed: number, conditional: boolean, outputGain = 6): Mlp {
  const shape: MlpShape = { hiddenLayers: 2, width: 16, conditional };
  const w = initWeights(shape, seed);
  for (let i = 0; i < 2 * shape.width; i++) w.arrays[0][i] *= 4; // the x, y rows
  const last = w.arrays[w.arrays.length - 2];
  for (let i = 0; i < last.length; i++) last[i] *= outputGain;
  return new Mlp(w, { explicitTranspose: true });
}

/** Mixed classes (some null) for a conditional model. */
const mixedLabels = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 5 === 4 ? NULL_CLASS : i % 3));

const CASES: { conditional: boolean; w: number }[] = [
  { conditional: false, w: 1 },
  { conditional: true, w: 0 },
  { conditional: true, w: 1 },
  { conditional: true, w: 3 },
];

describe('model velocity with divergence (every kind x path x guidance)', () => {
  it('the divergence matches central finite differences of its own velocity', { timeout: 60_000 }, async () => {
    const rng = createRng(5);
    const n = 30;
    const h = 1e-2;
    for (const { conditional, w } of CASES) {
      const model = randomModel(conditional ? 21 : 22, conditional);
      for (const kind of TARGET_KINDS) {
        for (const path of DIFFUSION_PATH_NAMES) {
          let maxAbs = 0;
          // Away from t = 0 and 1, where alpha or sigma vanish and the conversion clamps.
          for (const t of [0.35, 0.75]) {
            const pts = Float32Array.from({ length: 2 * n }, () => 1.5 * rng.normal());
            const labels = conditional ? mixedLabels(n) : null;
            const f: ModelVelocityOptions = { kind, path, labels, guidance: w };
            const { div } = await modelVelocityAndDivergence(model, pts, t, f);
            // The raw denoised estimate per coordinate: a point whose +-h probe crosses the clip has no derivative to check.
            const rows = tf.tidy(() => predictionWithDiagonal(model, tf.tensor2d(pts, [n, 2]), t, f));
            const pred = (await rows.data()) as Float32Array;
            rows.dispose();
            const c = diffusionCoefficients(path, t);
            const a = Math.max(c.alpha, CONVERSION_DEFAULTS.alphaFloor);
            const s = kind === 'score' ? -c.sigma : 1;
            const nearClip = (i: number) =>
              kind !== 'velocity' &&
              [0, 1].some((d) => Math.abs(Math.abs((pts[2 * i + d] - c.sigma * s * pred[4 * i + d]) / a) - CONVERSION_DEFAULTS.x1Limit) < 2 * h * (1 + Math.abs(c.sigma * s * pred[4 * i + 2 + d])) / a + 0.05);
            const probes = new Float32Array(8 * n);
            const offsets = [[h, 0], [-h, 0], [0, h], [0, -h]];
            offsets.forEach(([dx, dy], k) => {
              for (let i = 0; i < n; i++) {
                probes[2 * (k * n + i)] = pts[2 * i] + dx;
                probes[2 * (k * n + i) + 1] = pts[2 * i + 1] + dy;
              }
            });
            const probeLabels = labels ? Uint8Array.from({ length: 4 * n }, (_, r) => labels[r % n]) : null;
            const { v } = await modelVelocityAndDivergence(model, probes, t, { ...f, labels: probeLabels });
            let checked = 0;
            for (let i = 0; i < n; i++) {
              if (nearClip(i)) continue;
              const fd = (v[2 * i] - v[2 * (n + i)]) / (2 * h) + (v[2 * (2 * n + i) + 1] - v[2 * (3 * n + i) + 1]) / (2 * h);
              maxAbs = Math.max(maxAbs, Math.abs(fd));
              expect(Math.abs(div[i] - fd), `${kind} ${path} w=${w} t=${t} point ${i}`).toBeLessThan(5e-3 + 2e-3 * Math.abs(fd));
              checked++;
            }
            expect(checked, `${kind} ${path} w=${w} t=${t}: points checked`).toBeGreaterThan(n / 2);
          }
          // Only a divergence that is not negligible tests anything.
          expect(maxAbs, `${kind} ${path} w=${w}`).toBeGreaterThan(0.3);
        }
      }
      model.dispose();
    }
  });

  it("the velocity is the sampler's: one Euler step of integrateDiffusion moves by h v", { timeout: 60_000 }, async () => {
    const rng = createRng(8);
    const n = 25;
    for (const { conditional, w } of CASES) {
      const model = randomModel(conditional ? 31 : 32, conditional);
      for (const kind of TARGET_KINDS) {
        for (const path of DIFFUSION_PATH_NAMES) {
          for (const t of [0, 0.4, 0.9]) {
            const pts = Float32Array.from({ length: 2 * n }, () => 2 * rng.normal());
            const labels = conditional ? mixedLabels(n) : null;
            const step = 0.05;
            const traj = await integrateDiffusion(model, { start: pts, steps: 1, solver: 'euler', t0: t, t1: t + step, diffusion: { kind, path, labels, guidance: w } });
            const { v } = await modelVelocityAndDivergence(model, pts, t, { kind, path, labels, guidance: w });
            for (let i = 0; i < n; i++) {
              for (let d = 0; d < 2; d++) {
                const implied = (traj[4 * i + 2 + d] - pts[2 * i + d]) / step;
                expect(Math.abs(v[2 * i + d] - implied), `${kind} ${path} w=${w} t=${t} point ${i}`).toBeLessThan(2e-3 * (1 + Math.abs(implied)));
              }
            }
          }
        }
      }
      model.dispose();
    }
  });

  it("agrees with modelVelocities (the stage's arrows) for one class, and is modelField's for a plain model", async () => {
    const rng = createRng(9);
    const n = 20;
    const pts = Float32Array.from({ length: 2 * n }, () => 2 * rng.normal());
    const cond = randomModel(41, true);
    for (const kind of TARGET_KINDS) {
      const f = { kind, path: 'cosine' as DiffusionPathName, label: 2, guidance: 2.5 };
      const { v } = await modelVelocityAndDivergence(cond, pts, 0.6, f);
      const want = await modelVelocities(cond, pts, new Float32Array(n).fill(0.6), f);
      v.forEach((x, k) => expect(Math.abs(x - want[k])).toBeLessThan(1e-4 * (1 + Math.abs(want[k]))));
    }
    cond.dispose();
    const plain = randomModel(42, false);
    expect(modelVelocityField(plain, { kind: 'velocity', path: 'vp' })).not.toBe(undefined);
    const a = await modelVelocityField(plain, { kind: 'velocity', path: 'straight' })(pts, 0.3);
    const b = await modelField(plain)(pts, 0.3);
    expect(Array.from(a.div)).toEqual(Array.from(b.div));
    plain.dispose();
  });

  it('leaks no tensors (guided, two passes)', async () => {
    const model = randomModel(3, true);
    const pts = new Float32Array([0, 0, 1, 2, -3, 1]);
    const f: ModelVelocityOptions = { kind: 'epsilon', path: 'vp', label: 1, guidance: 2 };
    await modelVelocityAndDivergence(model, pts, 0.5, f);
    const before = tf.memory().numTensors;
    await modelVelocityAndDivergence(model, pts, 0.5, f);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('log density through the conversion (closed form)', () => {
  // The source must be N(0, I) for -eps / sigma to be the score of p_t.
  const src: IsoGaussian = { mean: [0, 0], std: 1 };
  const tgt: IsoGaussian = { mean: [1.5, -1], std: 0.5 };

  /** The exact prediction of `kind` for this Gaussian pair and its Jacobian diagonal, through velocityWithDivergence. */
  function convertedField(kind: TargetKind, path: DiffusionPathName): FieldWithDivergence {
    return (x, t) => {
      const n = x.length >> 1;
      const { alpha, sigma } = diffusionCoefficients(path, t);
      const S2 = alpha * alpha * tgt.std ** 2 + sigma * sigma * src.std ** 2;
      // d E[x0 | x] / dx = sigma s0^2 / S2; d score / dx = -1 / S2; d velocity / dx via the same posteriors.
      const slope = kind === 'epsilon' ? (sigma * src.std ** 2) / S2 : kind === 'score' ? -1 / S2 : NaN;
      const pred = new Float64Array(2 * n);
      const diag = new Float64Array(2 * n).fill(slope);
      for (let i = 0; i < n; i++) {
        const p = gaussianPathPosterior(path, src, tgt, t, x[2 * i], x[2 * i + 1]);
        const value = kind === 'epsilon' ? p.epsilon : p.score;
        pred[2 * i] = value[0];
        pred[2 * i + 1] = value[1];
      }
      const v = new Float32Array(2 * n);
      const div = new Float32Array(n);
      velocityWithDivergence(kind, path, t, x, pred, diag, v, div);
      return { v, div };
    };
  }

  for (const path of ['vp', 've'] as const) {
    for (const kind of ['epsilon', 'score'] as const) {
      it(`${kind} on ${path}: log p_t equals the Gaussian marginal's`, async () => {
        const p0 = gaussianPathMarginalAt(path, src, tgt, 0);
        const sourceLogDensity = gaussianLogDensity(p0.mean, p0.std);
        for (const t of [0.3, 0.6, 0.9]) {
          const m = gaussianPathMarginalAt(path, src, tgt, t);
          const pts = new Float32Array([m.mean[0], m.mean[1], m.mean[0] + 0.7 * m.std, m.mean[1], m.mean[0] - m.std, m.mean[1] + 1.3 * m.std]);
          const exact = gaussianLogDensity(m.mean, m.std)(pts);
          const logp = await logDensityAt(convertedField(kind, path), pts, { t, steps: 200, solver: 'rk4', sourceLogDensity });
          logp.forEach((l, i) => expect(Math.abs(l - exact[i]), `t=${t} point ${i}`).toBeLessThan(0.01));
          // The log density has moved far from the source's by t = 0.9: a field that ignored the conversion would not land here.
          if (t === 0.9) expect(Math.abs(exact[0] - sourceLogDensity(pts.subarray(0, 2))[0])).toBeGreaterThan(0.5);
        }
      });
    }
  }
});

describe('the density heatmap reads the sampled field, not the raw output (worker lab.densityGrid)', () => {
  /** A network whose output is the constant c (network units): zero weights, last bias c. */
  function constantModel(c: [number, number]): Mlp {
    const shape: MlpShape = { hiddenLayers: 2, width: 8 };
    const w = initWeights(shape, 1);
    w.arrays.forEach((a) => a.fill(0));
    w.arrays[w.arrays.length - 1].set(c);
    return new Mlp(w, { explicitTranspose: true });
  }

  it('an epsilon model on VE: a constant eps translates the scaled source by (sigma_t - sigma_0) eps', async () => {
    const c: [number, number] = [0.8, -0.5];
    const model = constantModel(c);
    const source = { kind: 'gaussian' as const, mean: [0.5, 0] as [number, number], std: 0.6 };
    const gridSize = 8;
    const pts = gridPoints(gridSize, STAGE_EXTENT);
    for (const kind of ['epsilon', 'score'] as const) {
      for (const t of [0.5, 1]) {
        const got = await densityGrid(model, t, gridSize, source, new Float32Array(0), { kind, path: 've' });
        const s0 = diffusionCoefficients('ve', 0).sigma;
        const st = diffusionCoefficients('ve', t).sigma;
        // VE: v = sigma' eps (alpha' = 0), div 0. eps = c (epsilon), or -sigma c (score: eps = -sigma s).
        const shift = kind === 'epsilon' ? [(st - s0) * c[0], (st - s0) * c[1]] : [(-(st * st - s0 * s0) / 2) * c[0], (-(st * st - s0 * s0) / 2) * c[1]];
        const origin = new Float32Array(pts.length);
        for (let i = 0; i < pts.length; i += 2) {
          origin[i] = pts[i] - shift[0];
          origin[i + 1] = pts[i + 1] - shift[1];
        }
        const want = gaussianLogDensity([VE_SIGMA_MAX * source.mean[0], VE_SIGMA_MAX * source.mean[1]], VE_SIGMA_MAX * source.std)(origin);
        got.forEach((g, i) => expect(Math.abs(g - want[i]), `${kind} t=${t} cell ${i}`).toBeLessThan(0.02));
        // The raw output read as a velocity (the old heatmap) is another picture.
        const raw = await densityGrid(model, t, gridSize, source, new Float32Array(0));
        expect(Math.max(...got.map((g, i) => Math.abs(g - raw[i])))).toBeGreaterThan(1);
      }
    }
    model.dispose();
  });

  it('an epsilon model on VP: the pull-back along the converted field (18 RK4 steps per unit time), far from the raw one', async () => {
    const model = randomModel(61, false, 2);
    const source = { kind: 'gaussian' as const, mean: [0, 0] as [number, number], std: 1 };
    const gridSize = 6;
    const f = { kind: 'epsilon' as const, path: 'vp' as const };
    const t = 0.8;
    const got = await densityGrid(model, t, gridSize, source, new Float32Array(0), f);
    const want = await logDensityAt(modelVelocityField(model, f), gridPoints(gridSize, STAGE_EXTENT), { t, steps: densitySteps(t, 'vp'), solver: 'rk4', sourceLogDensity: gaussianLogDensity([0, 0], 1) });
    expect(densitySteps(t, 'vp')).toBe(15);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
    const raw = await densityGrid(model, t, gridSize, source, new Float32Array(0));
    expect(Math.max(...got.map((g, i) => Math.abs(g - raw[i])))).toBeGreaterThan(1);
    model.dispose();
  });
});

describe('straightness reads the sampled field', () => {
  it("a constant-eps VE model: mean |(z_1 - z_0) - sigma'(t_k) eps|^2 over the steps, not the raw output's 0", async () => {
    const c: [number, number] = [0.6, 0.2];
    const shape: MlpShape = { hiddenLayers: 1, width: 4 };
    const w = initWeights(shape, 1);
    w.arrays.forEach((a) => a.fill(0));
    w.arrays[w.arrays.length - 1].set(c);
    const model = new Mlp(w, { explicitTranspose: true });
    const starts = new Float32Array([0, 0, 1, -1, -0.5, 2]);
    const steps = 50;
    const got = await straightnessOf(model, starts, steps, 'rk4', { kind: 'epsilon', path: 've', labels: null, sdeNoise: 0.7 });
    // v = sigma'(t) eps (alpha' = 0 on VE), the same at every point: z_1 - z_0 = (sigma_1 - sigma_0) eps.
    const total = diffusionCoefficients('ve', 1).sigma - diffusionCoefficients('ve', 0).sigma;
    let want = 0;
    for (let k = 0; k < steps; k++) want += ((total - diffusionCoefficients('ve', k / steps).dSigma) ** 2 * (c[0] ** 2 + c[1] ** 2)) / steps;
    expect(Math.abs(got - want)).toBeLessThan(1e-3 * want);
    // The raw output is a constant velocity: perfectly straight.
    expect(await straightnessOf(model, starts, steps, 'rk4')).toBeLessThan(1e-8);
    model.dispose();
  });
});

describe('a probe of a conditional model follows the field the arrows show', () => {
  it('all classes: the null class (not a class drawn at random); a picked class: that class, guided', async () => {
    const model = randomModel(51, true);
    const targetLabels = new Uint8Array([0, 1, 2, 0, 1, 2]);
    for (const sampleClass of [null, 2]) {
      const ctx = {
        train: { ...DEFAULT_TRAIN, conditional: true, targetKind: 'epsilon' as const, path: 'cosine' as const },
        sample: { ...DEFAULT_SAMPLE, steps: 10, solver: 'euler' as const, sampleClass, guidance: 2 },
        targetLabels,
        seed: 3,
      };
      const p = await probePath(model, 0.5, -1, 0.4, ctx);
      const f = { kind: 'epsilon' as const, path: 'cosine' as const, label: sampleClass ?? NULL_CLASS, guidance: 2 };
      const { v } = await modelVelocityAndDivergence(model, new Float32Array([0.5, -1]), 0.4, f);
      expect(p.velocity[0]).toBeCloseTo(v[0], 3);
      expect(p.velocity[1]).toBeCloseTo(v[1], 3);
      // Step k = 4 is the probe point (t = 0.4); the Euler step from it moves by h v.
      expect((p.trajectory[10] - p.trajectory[8]) / 0.1).toBeCloseTo(v[0], 2);
      expect((p.trajectory[11] - p.trajectory[9]) / 0.1).toBeCloseTo(v[1], 2);
    }
    model.dispose();
  });
});

describe('the metrics panel reads the sampled field (worker lab.computeMetrics)', () => {
  it('a constant-eps VE model: transport from the scaled starts, straightness of the converted field', async () => {
    const c: [number, number] = [0.6, 0.2];
    const shape: MlpShape = { hiddenLayers: 1, width: 4 };
    const w = initWeights(shape, 1);
    w.arrays.forEach((a) => a.fill(0));
    w.arrays[w.arrays.length - 1].set(c);
    const model = new Mlp(w, { explicitTranspose: true });
    const starts = new Float32Array([0, 0, 1, -1, -0.5, 2, 0.3, 0.3]);
    const draws = { a: new Float32Array([0, 0, 1, 1]), b: new Float32Array([0, 1, 1, 0]), slicedW2Floor: 0, slicedW2FloorSpread: 0, energyFloor: 0 };
    const m = await computeMetrics(model, 0, starts, draws, { ...DEFAULT_SAMPLE, steps: 50, solver: 'rk4' }, () => ({ kind: 'epsilon', path: 've', labels: null }));
    // Every particle moves by (sigma_1 - sigma_0) eps from VE_SIGMA_MAX times its draw.
    const move = diffusionCoefficients('ve', 1).sigma - diffusionCoefficients('ve', 0).sigma;
    expect(m.transportCost).toBeCloseTo(move * move * (c[0] ** 2 + c[1] ** 2), 3);
    let want = 0;
    for (let k = 0; k < 50; k++) want += ((move - diffusionCoefficients('ve', k / 50).dSigma) ** 2 * (c[0] ** 2 + c[1] ** 2)) / 50;
    expect(m.straightness).toBeCloseTo(want, 2);
    model.dispose();
  });
});
