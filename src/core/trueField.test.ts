import { describe, expect, it } from 'vitest';
import { DIFFUSION_PATH_NAMES } from './diffusionPaths';
import type { IsoGaussian } from './gaussianField';
import { gaussianMixturePathVelocity, gaussianPathVelocity } from './gaussianPathField';
import { fieldErrorAgainst, planTrueField, thinPoints, trueFieldAt, trueFieldGrid, type TrueFieldInputs } from './trueField';

const src: IsoGaussian = { mean: [-1, 0.5], std: 0.8 };

describe('the empirical marginal field', () => {
  it('of one point with jitter s is the closed form of N(point, s^2 I), on every path', () => {
    const tgt: IsoGaussian = { mean: [2, -1], std: 0.4 };
    for (const path of DIFFUSION_PATH_NAMES) {
      const mine = trueFieldAt({ path, source: src, target: { kind: 'points', points: new Float32Array(tgt.mean), jitter: tgt.std }, targetClass: null });
      const exact = gaussianPathVelocity(path, src, tgt);
      const out: [number, number] = [0, 0];
      const want = new Float32Array(2);
      for (const t of [0, 0.3, 0.7, 0.95]) {
        for (const [x, y] of [[0, 0], [1.5, -2], [-3, 1]]) {
          mine(t, x, y, out);
          exact(new Float32Array([x, y]), t, want);
          expect(out[0]).toBeCloseTo(want[0], 4);
          expect(out[1]).toBeCloseTo(want[1], 4);
        }
      }
    }
  });

  it('of several points is the equal-weight mixture of their Gaussians (posterior-weighted)', () => {
    const points = new Float32Array([2, 0, -1, 2, 0.5, -2]);
    const jitter = 0.3;
    const mixture = [0, 1, 2].map((k) => ({ weight: 1, gaussian: { mean: [points[2 * k], points[2 * k + 1]] as [number, number], std: jitter } }));
    for (const path of DIFFUSION_PATH_NAMES) {
      const mine = trueFieldAt({ path, source: src, target: { kind: 'points', points, jitter }, targetClass: null });
      const exact = gaussianMixturePathVelocity(path, src, mixture);
      const out: [number, number] = [0, 0];
      const want = new Float32Array(2);
      let spread = 0;
      for (const t of [0.2, 0.6, 0.9]) {
        for (const [x, y] of [[0, 0], [1.5, 1], [-1, -1.5]]) {
          mine(t, x, y, out);
          exact(new Float32Array([x, y]), t, want);
          expect(out[0], `${path} t=${t}`).toBeCloseTo(want[0], 3);
          expect(out[1], `${path} t=${t}`).toBeCloseTo(want[1], 3);
          spread = Math.max(spread, Math.abs(want[0]));
        }
      }
      expect(spread).toBeGreaterThan(0.1);
    }
  });

  it('thins a large cloud by a fixed stride', () => {
    const pts = Float32Array.from({ length: 20 }, (_, i) => i);
    expect(Array.from(thinPoints(pts, 5))).toEqual([0, 1, 4, 5, 8, 9, 12, 13, 16, 17]);
    expect(thinPoints(pts, 50)).toBe(pts);
  });
});

describe('which true field', () => {
  const target = new Float32Array([1, 1, 2, 2, -1, -1, -2, -2]);
  const targetLabels = new Uint8Array([0, 0, 1, 1]);
  const base: TrueFieldInputs = { source: src, targetGaussian: null, target, targetLabels, path: 'vp', jitter: 0.1, conditional: true, sampleClass: 1, guidance: 1 };

  it('a picked class at w = 1: that class\'s points', () => {
    const p = planTrueField(base);
    expect(p.spec?.targetClass).toBe(1);
    expect(p.spec?.target.kind === 'points' && Array.from(p.spec.target.points)).toEqual([-1, -1, -2, -2]);
    expect(p.spec?.path).toBe('vp');
  });

  it('guidance elsewhere than 0 or 1: none, and says why', () => {
    const p = planTrueField({ ...base, guidance: 3 });
    expect(p.spec).toBeNull();
    expect(p.reason).toMatch(/w = 3/);
  });

  it('w = 0, no class picked, or an unconditional model: the whole target (closed form for a Gaussian preset)', () => {
    for (const over of [{ guidance: 0 }, { sampleClass: null }, { conditional: false, guidance: 3 }] as Partial<TrueFieldInputs>[]) {
      const p = planTrueField({ ...base, ...over });
      expect(p.spec?.targetClass).toBeNull();
      expect(p.spec?.target.kind === 'points' && p.spec.target.points.length).toBe(8);
    }
    const g = planTrueField({ ...base, sampleClass: null, targetGaussian: { mean: [1, 0], std: 0.5 } });
    expect(g.spec?.target.kind).toBe('gaussian');
  });

  it('a source that is not a Gaussian preset: none', () => {
    expect(planTrueField({ ...base, source: null }).reason).toMatch(/Gaussian/);
  });
});

describe('the error against the exact field', () => {
  it('is 0 for the exact field itself and the offset for a shifted one', () => {
    const spec = { path: 'cosine' as const, source: src, target: { kind: 'gaussian' as const, gaussian: { mean: [2, 1] as [number, number], std: 0.5 } }, targetClass: null };
    const times = [0, 0.5, 1];
    const truth = trueFieldGrid(spec, times, 10, 4);
    expect(fieldErrorAgainst(truth, truth.field)).toBe(0);
    const shifted = truth.field.map((v, i) => (i % 2 === 0 ? v + 0.5 : v));
    expect(fieldErrorAgainst(truth, shifted)).toBeCloseTo(0.5, 5);
    // Only cells where p_t has mass count: far cells are left out.
    expect(truth.weight.some((w) => w === 0)).toBe(true);
    expect(fieldErrorAgainst(truth, new Float32Array(4))).toBeNaN();
  });
});
