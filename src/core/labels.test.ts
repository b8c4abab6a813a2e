import { describe, expect, it } from 'vitest';
import {
  checkLabels,
  classCounts,
  drawClasses,
  dropLabels,
  NULL_CLASS,
  pointsOfClass,
  presetClassCounts,
  resampleLabelled,
  samplePresetLabelled,
} from './labels';
import { resample } from './points';
import { parsePreset, PRESET_NAMES, samplePreset } from './presets';
import { createRng } from './rng';

const N = 4000;
const labelled = (name: string, classes?: number) => {
  const c = samplePresetLabelled(parsePreset(name), N, 5, classes);
  if (!c) throw new Error(`${name} should be labelled`);
  return c;
};

describe('labelled presets', () => {
  it('keep the very points samplePreset draws', () => {
    for (const name of PRESET_NAMES) {
      for (const k of presetClassCounts(name)) {
        const c = labelled(name, k);
        expect(Array.from(c.points)).toEqual(Array.from(samplePreset(parsePreset(name), N, 5)));
        expect(c.classes).toBe(k);
        checkLabels(c.labels, k);
      }
    }
  });
  it('give null for unlabelled presets and class counts a preset does not offer', () => {
    expect(samplePresetLabelled(parsePreset('spiral'), 10, 1)).toBeNull();
    expect(samplePresetLabelled(parsePreset('gaussian'), 10, 1)).toBeNull();
    expect(samplePresetLabelled(parsePreset('moons'), 10, 1, 4)).toBeNull();
    expect(samplePresetLabelled(parsePreset('eight-gaussians'), 10, 1)?.classes).toBe(4);
  });
  it('eight-gaussians: the class is the mode (by angle, k * 45 degrees) grouped by neighbours', () => {
    for (const k of [4, 2]) {
      const { points, labels } = labelled('eight-gaussians', k);
      for (let i = 0; i < N; i++) {
        const a = Math.atan2(points[2 * i + 1], points[2 * i]);
        const mode = (Math.round(a / (Math.PI / 4)) + 8) % 8;
        expect(labels[i]).toBe(Math.floor((mode * k) / 8));
      }
    }
  });
  it('checkerboard: even rows are class 0, odd rows class 1', () => {
    const { points, labels } = labelled('checkerboard');
    for (let i = 0; i < N; i++) expect(labels[i]).toBe(Math.floor((points[2 * i + 1] + 4) / 2) & 1);
    expect(classCounts(labels, 2)[0] / N).toBeCloseTo(0.5, 1);
  });
  it('rings: inner ring class 0 (a third of the points), outer class 1', () => {
    const { points, labels } = labelled('rings');
    for (let i = 0; i < N; i++) expect(labels[i]).toBe(Math.hypot(points[2 * i], points[2 * i + 1]) < 2.6 ? 0 : 1);
    expect(classCounts(labels, 2)[0] / N).toBeCloseTo(1 / 3, 1);
  });
  it('moons: class 0 is the upper moon, class 1 the lower', () => {
    const { points, labels } = labelled('moons');
    const mean = (p: Float32Array, d: number) => p.filter((_, j) => j % 2 === d).reduce((s, v) => s + v, 0) / (p.length / 2);
    const upper = pointsOfClass(points, labels, 0);
    const lower = pointsOfClass(points, labels, 1);
    // Upper moon: x = 2.2 (cos a - 0.5), y = 2.2 (sin a - 0.25): mean y = 2.2 (2 / pi - 0.25) ~ 0.85.
    expect(mean(upper, 1)).toBeCloseTo(2.2 * (2 / Math.PI - 0.25), 1);
    expect(mean(lower, 1)).toBeCloseTo(-2.2 * (2 / Math.PI - 0.25), 1);
    expect(upper.length + lower.length).toBe(2 * N);
  });
});

describe('label dropping and drawing', () => {
  const labels = Uint8Array.from({ length: 10000 }, (_, i) => i % 3);
  it('drops nothing at p = 0, everything at p = 1, about p of them otherwise, seeded', () => {
    expect(Array.from(dropLabels(labels, 0, createRng(1)))).toEqual(Array.from(labels));
    expect(dropLabels(labels, 1, createRng(1)).every((c) => c === NULL_CLASS)).toBe(true);
    const a = dropLabels(labels, 0.15, createRng(2));
    const dropped = a.filter((c) => c === NULL_CLASS).length;
    // Binomial(10000, 0.15): mean 1500, std ~36.
    expect(Math.abs(dropped - 1500)).toBeLessThan(150);
    for (let i = 0; i < labels.length; i++) if (a[i] !== NULL_CLASS) expect(a[i]).toBe(labels[i]);
    expect(Array.from(dropLabels(labels, 0.15, createRng(2)))).toEqual(Array.from(a));
    expect(() => dropLabels(labels, 1.5, createRng(1))).toThrow();
  });
  it('"all classes" draws classes in the data proportions', () => {
    const skewed = Uint8Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const drawn = drawClasses(skewed, 5000, createRng(3));
    expect(classCounts(drawn, 2)[0] / 5000).toBeCloseTo(0.8, 1);
  });
  it('resampling carries each point label along and draws the points resample draws', () => {
    const pts = Float32Array.of(0, 0, 1, 1, 2, 2);
    const lab = Uint8Array.of(0, 1, 2);
    const r = resampleLabelled(pts, lab, 50, 0, createRng(4));
    expect(Array.from(r.points)).toEqual(Array.from(resample(pts, 50, 0, createRng(4))));
    for (let i = 0; i < 50; i++) expect(r.labels[i]).toBe(r.points[2 * i]);
  });
  it('checkLabels rejects labels beyond the class count, and null unless allowed', () => {
    expect(() => checkLabels(Uint8Array.of(0, 2), 2)).toThrow(/label 2 at point 1/);
    expect(() => checkLabels(Uint8Array.of(0, NULL_CLASS), 2)).toThrow();
    expect(() => checkLabels(Uint8Array.of(0, NULL_CLASS), 2, true)).not.toThrow();
    expect(() => checkLabels(Uint8Array.of(0), 5)).toThrow();
  });
});
