import { describe, expect, it } from 'vitest';
import {
  CONDITIONAL_INPUT_SIZE,
  createDiffusionBatch,
  fillDiffusionBatch,
  targetScale,
  type DiffusionBatchConfig,
} from './conditionalBatch';
import { couplerFor } from './couplers';
import { diffusionCoefficients } from './diffusionPaths';
import { MAX_CLASSES, NULL_CLASS } from './labels';
import { parsePreset, samplePreset } from './presets';
import { createRng } from './rng';
import { INPUT_SIZE } from './timeFeatures';
import { createBatchBuffers, DATA_SCALE, fillBatch } from './trainingBatch';

const source = samplePreset(parsePreset('gaussian'), 500, 1);
const target = samplePreset(parsePreset('moons'), 500, 2);
// Labels by side: class 1 right of x = 0, class 0 left.
const sideLabels = Uint8Array.from({ length: 500 }, (_, i) => (target[2 * i] > 0 ? 1 : 0));
const base: DiffusionBatchConfig = { path: 'straight', targetKind: 'velocity', jitter: 0.03, coupling: 'independent', labelDrop: 0.15 };

describe('diffusion batches', () => {
  it('straight velocity from a source cloud is trainingBatch.fillBatch batch, input for input', () => {
    for (const coupling of ['independent', 'ot'] as const) {
      const a = createBatchBuffers(64);
      fillBatch(a, source, target, { jitter: 0.03, path: 'straight', sigmaMin: 0 }, createRng(5), couplerFor(coupling));
      const b = createDiffusionBatch(64, false);
      fillDiffusionBatch(b, source, target, null, { ...base, coupling }, createRng(5));
      expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
      expect(Array.from(b.targets)).toEqual(Array.from(a.targets));
      expect(b.weight.every((w) => w === 1)).toBe(true);
    }
  });

  it('labels follow their points, about labelDrop of them are hidden, and the one-hot says which', () => {
    const b = createDiffusionBatch(2000, true);
    fillDiffusionBatch(b, null, target, sideLabels, base, createRng(6));
    let dropped = 0;
    for (let i = 0; i < 2000; i++) {
      const l = b.labels[i];
      if (l === NULL_CLASS) dropped++;
      // Jitter 0.03 can carry a point across x = 0 only right next to it.
      else if (Math.abs(b.x1[2 * i]) > 0.2) expect(l).toBe(b.x1[2 * i] > 0 ? 1 : 0);
      const o = i * CONDITIONAL_INPUT_SIZE + INPUT_SIZE;
      for (let c = 0; c <= MAX_CLASSES; c++) expect(b.inputs[o + c]).toBe(c === l ? 1 : 0);
    }
    expect(Math.abs(dropped / 2000 - 0.15)).toBeLessThan(0.03);
  });

  it('couples within classes with OT on (labels come out in class blocks before dropping)', () => {
    const b = createDiffusionBatch(128, true);
    fillDiffusionBatch(b, null, target, sideLabels, { ...base, coupling: 'ot', labelDrop: 0 }, createRng(7));
    for (let i = 1; i < 128; i++) expect(b.labels[i]).toBeGreaterThanOrEqual(b.labels[i - 1]);
  });

  it('draws N(0, I) noise without a source, and builds epsilon and score targets with their weights', () => {
    const b = createDiffusionBatch(4000, false);
    fillDiffusionBatch(b, null, target, null, { ...base, path: 'vp', targetKind: 'epsilon' }, createRng(8));
    let m = 0;
    let v = 0;
    for (let i = 0; i < 8000; i++) {
      m += b.x0[i];
      v += b.x0[i] ** 2;
    }
    expect(Math.abs(m / 8000)).toBeLessThan(0.05);
    expect(Math.sqrt(v / 8000)).toBeCloseTo(1, 1);
    expect(Array.from(b.target)).toEqual(Array.from(b.x0));
    expect(targetScale('epsilon')).toBe(1);
    expect(targetScale('velocity')).toBe(DATA_SCALE);
    const c = diffusionCoefficients('vp', b.t[0]);
    expect(b.xt[0]).toBeCloseTo(c.alpha * b.x1[0] + c.sigma * b.x0[0], 5);

    fillDiffusionBatch(b, null, target, null, { ...base, path: 'cosine', targetKind: 'score' }, createRng(9));
    for (let i = 0; i < 10; i++) {
      const s = diffusionCoefficients('cosine', b.t[i]).sigma;
      expect(b.weight[i]).toBeCloseTo(s * s, 6);
      if (s > 0.01) expect(b.targets[2 * i]).toBeCloseTo(-b.x0[2 * i] / s, 3);
    }
  });

  it('refuses labels for an unconditional batch and the reverse', () => {
    expect(() => fillDiffusionBatch(createDiffusionBatch(4, false), null, target, sideLabels, base, createRng(1))).toThrow();
    expect(() => fillDiffusionBatch(createDiffusionBatch(4, true), null, target, null, base, createRng(1))).toThrow();
  });
});
