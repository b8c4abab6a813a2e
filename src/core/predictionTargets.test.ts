import { describe, expect, it } from 'vitest';
import { DIFFUSION_PATH_NAMES, diffusionCoefficients } from './diffusionPaths';
import { gaussianMarginalVelocity, type IsoGaussian } from './gaussianField';
import { gaussianPathMarginalAt, gaussianPathPosterior } from './gaussianPathField';
import {
  convertPrediction,
  fillTargets,
  predictionToVelocity,
  TARGET_KINDS,
  targetLossWeight,
  velocityFormula,
  type TargetKind,
} from './predictionTargets';

// The diffusion setting: source N(0, I), target N((2, -1), 0.5^2 I).
const noise: IsoGaussian = { mean: [0, 0], std: 1 };
const data: IsoGaussian = { mean: [2, -1], std: 0.5 };
const points = [
  [0, 0],
  [1.5, -0.7],
  [-2, 3],
  [4, -4],
];

describe('closed-form targets for Gaussian -> Gaussian', () => {
  it('straight path: the velocity is gaussianField.ts marginal velocity (any source)', () => {
    const src: IsoGaussian = { mean: [0, -2], std: 1.3 };
    const out: [number, number] = [0, 0];
    for (const t of [0, 0.2, 0.5, 0.9, 1]) {
      for (const [x, y] of points) {
        gaussianMarginalVelocity(src, data, t, x, y, out);
        const p = gaussianPathPosterior('straight', src, data, t, x, y);
        expect(p.velocity[0]).toBeCloseTo(out[0], 12);
        expect(p.velocity[1]).toBeCloseTo(out[1], 12);
      }
    }
  });
  for (const path of DIFFUSION_PATH_NAMES) {
    it(`${path}: x = alpha E[x1|x] + sigma E[x0|x], the score is -E[x0|x]/sigma, the mean moves at the mean velocity`, () => {
      for (const t of [0.1, 0.5, 0.9]) {
        const c = diffusionCoefficients(path, t);
        for (const [x, y] of points) {
          const p = gaussianPathPosterior(path, noise, data, t, x, y);
          expect(c.alpha * p.x1[0] + c.sigma * p.epsilon[0]).toBeCloseTo(x, 10);
          expect(c.alpha * p.x1[1] + c.sigma * p.epsilon[1]).toBeCloseTo(y, 10);
          expect(p.score[0]).toBeCloseTo(-p.epsilon[0] / c.sigma, 10);
        }
        const m = gaussianPathMarginalAt(path, noise, data, t);
        const atMean = gaussianPathPosterior(path, noise, data, t, m.mean[0], m.mean[1]);
        const h = 1e-6;
        const ma = gaussianPathMarginalAt(path, noise, data, t - h).mean;
        const mb = gaussianPathMarginalAt(path, noise, data, t + h).mean;
        expect(atMean.velocity[0]).toBeCloseTo((mb[0] - ma[0]) / (2 * h), 4);
        expect(atMean.velocity[1]).toBeCloseTo((mb[1] - ma[1]) / (2 * h), 4);
      }
    });
  }
});

function exactBatch(kind: TargetKind | 'x1', path: (typeof DIFFUSION_PATH_NAMES)[number], t: number): Float64Array {
  const out = new Float64Array(2 * points.length);
  points.forEach(([x, y], i) => {
    const p = gaussianPathPosterior(path, noise, data, t, x, y);
    const v = kind === 'x1' ? p.x1 : kind === 'velocity' ? p.velocity : kind === 'epsilon' ? p.epsilon : p.score;
    out[2 * i] = v[0];
    out[2 * i + 1] = v[1];
  });
  return out;
}
const xs = Float64Array.from(points.flat());

describe('converting predictions', () => {
  for (const path of DIFFUSION_PATH_NAMES) {
    it(`${path}: the exact epsilon and score convert to the exact velocity within 1e-6, and back`, () => {
      for (const t of [0.05, 0.2, 0.5, 0.8, 0.95]) {
        const v = exactBatch('velocity', path, t);
        for (const from of TARGET_KINDS) {
          const exact = exactBatch(from, path, t);
          const got = new Float64Array(xs.length);
          predictionToVelocity(from, path, t, xs, exact, got);
          for (let k = 0; k < v.length; k++) expect(Math.abs(got[k] - v[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(v[k])));
          for (const to of TARGET_KINDS) {
            const want = exactBatch(to, path, t);
            convertPrediction(from, to, path, t, xs, exact, got);
            for (let k = 0; k < v.length; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(want[k])));
          }
        }
      }
    });
  }

  it('works on float32 batches in place', () => {
    const t = 0.4;
    const eps = Float32Array.from(exactBatch('epsilon', 'cosine', t));
    const v = exactBatch('velocity', 'cosine', t);
    predictionToVelocity('epsilon', 'cosine', t, Float32Array.from(xs), eps, eps);
    for (let k = 0; k < v.length; k++) expect(eps[k]).toBeCloseTo(v[k], 4);
  });

  it('straight path by hand: eps -> velocity is (x - eps) / t at t = 0.25', () => {
    // x1_hat = (x - 0.75 eps) / 0.25, v = x1_hat - eps = (x - eps) / 0.25.
    const out = new Float64Array(2);
    predictionToVelocity('epsilon', 'straight', 0.25, Float64Array.of(1, 0.5), Float64Array.of(0.5, -1), out);
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeCloseTo(6, 12);
    // The score at sigma = 0.75 is -eps / 0.75.
    convertPrediction('epsilon', 'score', 'straight', 0.25, Float64Array.of(1, 0.5), Float64Array.of(0.5, -1), out);
    expect(out[0]).toBeCloseTo(-2 / 3, 12);
    expect(out[1]).toBeCloseTo(4 / 3, 12);
  });

  it('stays finite at the ends: alpha = 0 at t = 0, sigma = 0 at t = 1 (straight)', () => {
    const x = Float64Array.of(1, -1);
    const out = new Float64Array(2);
    // t = 0: x1_hat = (1 - 1 * 3) / 0.005 = -400, clipped to -10; v = x1_hat - eps.
    predictionToVelocity('epsilon', 'straight', 0, x, Float64Array.of(3, -1), out);
    expect(out[0]).toBe(-10 - 3);
    // An exact noise prediction at t = 0 (eps = x) gives x1_hat = 0 and v = -x.
    predictionToVelocity('epsilon', 'straight', 0, x, Float64Array.of(1, -1), out);
    expect(out[0]).toBeCloseTo(-1, 12);
    expect(out[1]).toBeCloseTo(1, 12);
    // t = 1: the score divides by the 0.01 floor.
    convertPrediction('velocity', 'score', 'straight', 1, x, Float64Array.of(2, 0), out);
    expect(Number.isFinite(out[0]) && Number.isFinite(out[1])).toBe(true);
    // velocity -> eps at t = 1 on the straight path: eps = x - v.
    convertPrediction('velocity', 'epsilon', 'straight', 1, x, Float64Array.of(2, 0), out);
    expect(Array.from(out)).toEqual([-1, -1]);
  });

  it('velocityFormula gives v = a x + b pred as the conversion does', () => {
    for (const path of DIFFUSION_PATH_NAMES) {
      for (const kind of TARGET_KINDS) {
        const t = 0.6;
        const { a, b } = velocityFormula(kind, path, t);
        const out = new Float64Array(2);
        predictionToVelocity(kind, path, t, Float64Array.of(0.7, -1.1), Float64Array.of(0.3, 0.9), out);
        expect(out[0]).toBeCloseTo(a * 0.7 + b * 0.3, 10);
        expect(out[1]).toBeCloseTo(a * -1.1 + b * 0.9, 10);
      }
    }
    expect(velocityFormula('epsilon', 'straight', 0.5)).toEqual({ a: 2, b: -2 });
  });
});

describe('training targets', () => {
  it('per pair: velocity alpha x1 + sigma x0, epsilon x0, score -x0 / sigma', () => {
    const x0 = Float64Array.of(1, -2, 0.5, 0.5);
    const x1 = Float64Array.of(3, 3, -1, 2);
    const t = [0.5, 0.8];
    const out = new Float64Array(4);
    fillTargets('velocity', 'straight', x0, x1, t, out);
    expect(Array.from(out)).toEqual([2, 5, -1.5, 1.5]);
    fillTargets('epsilon', 'vp', x0, x1, t, out);
    expect(Array.from(out)).toEqual([1, -2, 0.5, 0.5]);
    fillTargets('score', 'straight', x0, x1, t, out);
    expect(out[0]).toBeCloseTo(-2, 12);
    expect(out[3]).toBeCloseTo(-2.5, 12);
    // sigma = 0 at t = 1: the 0.01 floor.
    fillTargets('score', 'straight', x0, x1, [1, 1], out);
    expect(out[0]).toBeCloseTo(-100, 9);
  });
  it('the sigma^2 weight turns the score loss into the epsilon loss', () => {
    const t = 0.3;
    const sigma = diffusionCoefficients('cosine', t).sigma;
    const x0 = 0.8;
    const scorePred = -0.5;
    const w = targetLossWeight('score', 'cosine', t);
    // sigma^2 (s + x0 / sigma)^2 = (sigma s + x0)^2 = (eps_hat - x0)^2 with eps_hat = -sigma s.
    expect(w * (scorePred + x0 / sigma) ** 2).toBeCloseTo((-sigma * scorePred - x0) ** 2, 12);
    expect(targetLossWeight('epsilon', 'cosine', t)).toBe(1);
    expect(targetLossWeight('velocity', 'vp', t)).toBe(1);
  });
});
