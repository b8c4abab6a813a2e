import { describe, expect, it } from 'vitest';
import { SAMPLE_LIMITS, TRAIN_LIMITS } from './config';
import { eulerStops, formatStop, LESSONS, stopMisses, WORKED_EXAMPLE } from './lessons';
import { parsePreset } from './presets';
import { SOLVER_NAMES } from './solvers';

describe('lessons', () => {
  it('cover the worked example, straight paths, marginal velocity, step counts, the ODE view and flow models', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(7);
    expect(LESSONS.map((l) => l.id)).toEqual(['worked-example', 'training-step', 'marginal', 'one-step', 'many-steps', 'ode', 'flow-models']);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  it('set up valid scenes', () => {
    for (const l of LESSONS) {
      expect(() => parsePreset(l.setup.source), l.id).not.toThrow();
      expect(() => parsePreset(l.setup.target), l.id).not.toThrow();
      expect(SOLVER_NAMES).toContain(l.setup.sample.solver);
      expect(l.setup.sample.steps).toBeGreaterThanOrEqual(SAMPLE_LIMITS.steps.min);
      expect(l.setup.sample.steps).toBeLessThanOrEqual(SAMPLE_LIMITS.steps.max);
      expect(l.setup.train.jitter).toBeGreaterThanOrEqual(TRAIN_LIMITS.jitter.min);
      expect(l.setup.t).toBeGreaterThanOrEqual(0);
      expect(l.setup.t).toBeLessThanOrEqual(1);
      expect(l.highlight.length, l.id).toBeGreaterThan(0);
      expect(l.body.length, l.id).toBeGreaterThan(0);
    }
  });

  it("set the seed's worked example: two point masses, no jitter, five Euler steps", () => {
    const w = LESSONS[0].setup;
    expect(parsePreset(w.source)).toEqual({ name: 'gaussian', mean: [0, -5], std: 0 });
    expect(parsePreset(w.target)).toEqual({ name: 'gaussian', mean: [5, 0], std: 0 });
    expect(w.train.jitter).toBe(0);
    expect(w.sample).toEqual({ solver: 'euler', steps: 5 });
    expect(w.markers).toEqual(WORKED_EXAMPLE);
    // The learning rate only steps down, from the default.
    const lrs = w.schedule!.map((e) => e.learningRate);
    expect(lrs[0]).toBeLessThanOrEqual(TRAIN_LIMITS.learningRate.max);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i]).toBeLessThan(lrs[i - 1]);
    for (const lr of lrs) expect(lr).toBeGreaterThanOrEqual(TRAIN_LIMITS.learningRate.min);
    // Training pauses after the last rate has had time to settle the fit.
    expect(w.stopAtStep).toBeGreaterThan(w.schedule!.at(-1)!.fromStep);
  });

  it('turn the pairs layer on for the straight-path and marginal-velocity steps, and few vs many steps differ', () => {
    const byId = Object.fromEntries(LESSONS.map((l) => [l.id, l]));
    expect(byId['training-step'].setup.layers.pairs).toBe(true);
    expect(byId.marginal.setup.layers).toMatchObject({ pairs: true, field: true, trails: true });
    expect(byId['one-step'].setup.sample.steps).toBe(1);
    expect(byId['many-steps'].setup.sample.steps).toBe(50);
    expect(byId.ode.setup.tool).toBe('inspect');
  });
});

describe('eulerStops', () => {
  it('gives the seed’s five steps (0,-5) (1,-4) (2,-3) (3,-2) (4,-1) (5,0)', () => {
    expect(Array.from(eulerStops(WORKED_EXAMPLE))).toEqual([0, -5, 1, -4, 2, -3, 3, -2, 4, -1, 5, 0]);
  });

  it('takes any step count', () => {
    const s = eulerStops({ from: [1, 1], to: [3, -1], steps: 2 });
    expect(Array.from(s)).toEqual([1, 1, 2, 0, 3, -1]);
  });

  it('labels stops with proper minus signs', () => {
    expect(formatStop(3, -2)).toBe('(3, −2)');
    expect(formatStop(0.5, 1)).toBe('(0.50, 1)');
  });
});

describe('stopMisses', () => {
  it('is zero on the exact stops and the largest coordinate error otherwise', () => {
    const exact = eulerStops(WORKED_EXAMPLE);
    expect(stopMisses(exact, WORKED_EXAMPLE)).toEqual([0, 0, 0, 0, 0, 0]);
    const off = Float64Array.from(exact);
    off[2] += 0.0005; // x at t = 1/5
    off[3] -= 0.002; // y at t = 1/5
    off[11] += 0.25; // y at t = 1
    const m = stopMisses(off, WORKED_EXAMPLE)!;
    expect(m[0]).toBe(0);
    expect(m[1]).toBeCloseTo(0.002, 12);
    expect(m[5]).toBeCloseTo(0.25, 12);
  });

  it('refuses a path with another number of steps', () => {
    expect(stopMisses(new Float32Array(10), WORKED_EXAMPLE)).toBeNull();
  });
});
