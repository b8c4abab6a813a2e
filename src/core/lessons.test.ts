import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_LIMITS, TRAIN_LIMITS } from './config';
import { gaussianMarginalVelocity } from './gaussianField';
import { CONTROL_NAMES, eulerStops, formatStop, LESSONS, MOONS_SCENE, RACE_SCENE, stopMisses, WORKED_EXAMPLE } from './lessons';
import { formatPreset, parsePreset, samplePreset } from './presets';
import { parseSceneText } from './sceneParse';
import { compareModels } from './scene';
import { SOLVER_NAMES } from './solvers';

const sceneFile = (file: string) => readFileSync(join(__dirname, '..', '..', 'public', 'scenes', file), 'utf8');

describe('lessons', () => {
  it('cover the worked example, straight paths, marginal velocity, step counts, the ODE view and flow models', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(7);
    expect(LESSONS.map((l) => l.id)).toEqual(['worked-example', 'training-step', 'marginal', 'one-step', 'many-steps', 'ode', 'flow-models', 'flow-models-race', 'guidance-train', 'guidance-weights', 'diffusion-vp', 'diffusion-sde', 'points-to-pictures']);
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

const GUIDED_OR_DIFFUSION = ['guidance-train', 'guidance-weights', 'diffusion-vp', 'diffusion-sde'];

describe('the guidance and diffusion steps', () => {
  const byId = Object.fromEntries(LESSONS.map((l) => [l.id, l]));
  it('train labelled moons conditionally and ask for class A at w = 0 first; the diffusion steps use VP + epsilon, by ODE then SDE', () => {
    expect(byId['guidance-train'].setup).toMatchObject({ target: 'moons', train: { conditional: true, path: 'straight' } });
    expect(byId['guidance-weights'].setup.sample).toMatchObject({ sampleClass: 0, guidance: 0 });
    expect(byId['diffusion-vp'].setup.train).toMatchObject({ path: 'vp', targetKind: 'epsilon', conditional: false });
    expect(byId['diffusion-vp'].setup.sample.sdeNoise).toBe(0);
    expect(byId['diffusion-sde'].setup.train).toEqual(byId['diffusion-vp'].setup.train);
    expect(byId['diffusion-sde'].setup.sample.sdeNoise).toBeGreaterThan(0);
    // The VP path needs N(0, I) as the source.
    for (const id of ['diffusion-vp', 'diffusion-sde']) expect(byId[id].setup.source).toBe('gaussian');
  });
});

describe('lesson steps that show a trained model', () => {
  const trained = LESSONS.filter((l) => l.setup.layers.particles || l.setup.layers.field);

  it('open a trained scene, except the worked example, which trains itself to its stops', () => {
    for (const l of trained) {
      if (l.id === 'worked-example') expect(l.setup.scene).toBeUndefined();
      else if (GUIDED_OR_DIFFUSION.includes(l.id)) {
        // Trained live from the presets: the first step of each pair trains and stops by itself, the second samples that model.
        expect(l.setup.scene, l.id).toBeUndefined();
        expect(l.setup.training, l.id).toBe(l.id === 'guidance-train' || l.id === 'diffusion-vp');
        if (l.setup.training) expect(l.setup.stopAtStep, l.id).toBeGreaterThan(0);
      }
      else if (l.setup.compare) {
        // The compare view: the race's three models (the live race starts them afresh on the same clouds).
        expect(l.setup.scene, l.id).toBe(RACE_SCENE);
        expect(l.setup.training, l.id).toBe(!l.setup.compare.pretrained);
      } else {
        expect(l.setup.scene, l.id).toBe(MOONS_SCENE);
        // Paused: the stage shows exactly the trained model the text describes.
        expect(l.setup.training, l.id).toBe(false);
      }
    }
    expect(LESSONS.filter((l) => l.setup.scene).map((l) => l.id)).toEqual(['marginal', 'one-step', 'many-steps', 'ode', 'flow-models', 'flow-models-race']);
  });

  it('name scene files that exist, carry weights, and match the step’s clouds and settings (the fallback)', () => {
    for (const l of LESSONS.filter((s) => s.setup.scene)) {
      const scene = parseSceneText(sceneFile(l.setup.scene!));
      const index = JSON.parse(sceneFile('index.json')) as { scenes: { file: string }[] };
      expect(index.scenes.map((s) => s.file)).toContain(l.setup.scene);
      expect(scene.weights, l.id).toBeDefined();
      // Trained to a good fit (the race's models trained for a fixed time instead).
      if (!l.setup.compare) expect(scene.weights!.step).toBeGreaterThanOrEqual(5000);
      expect(scene.source.origin).toMatchObject({ kind: 'preset', spec: formatPreset(parsePreset(l.setup.source)) });
      expect(scene.target.origin).toMatchObject({ kind: 'preset', spec: formatPreset(parsePreset(l.setup.target)) });
      expect(scene.train).toMatchObject(l.setup.train);
      // Small enough to fetch at once (the race holds three models).
      expect(sceneFile(l.setup.scene!).length).toBeLessThan(l.setup.compare ? 600_000 : 400_000);
    }
  });

  it('the race scene holds the three models, trained for the same seconds, with their recorded held-out scores', () => {
    const scene = parseSceneText(sceneFile(RACE_SCENE));
    const models = compareModels(scene);
    expect(models.map((m) => m.objective)).toEqual(['fm', 'cnf', 'realnvp']);
    const seconds = models.map((m) => m.seconds);
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThan(2);
    for (const m of models) {
      const h = m.heldOut ?? [];
      expect(h.length, m.objective).toBeGreaterThanOrEqual(3);
      expect(h[0].step).toBe(0);
      // Training lowered each model's held-out NLL, and the last score is of the saved weights.
      expect(h.at(-1)!.nll, m.objective).toBeLessThan(h[0].nll);
      expect(h.at(-1)!.step).toBe(m.step);
    }
    // Flow matching took the most steps in the same time, the CNF the fewest.
    const steps = Object.fromEntries(models.map((m) => [m.objective, m.step]));
    expect(steps.fm).toBeGreaterThan(steps.realnvp);
    expect(steps.realnvp).toBeGreaterThan(steps.cnf);
  });

  it('have a name for every control they highlight', () => {
    for (const l of LESSONS) for (const id of l.highlight) expect(CONTROL_NAMES[id], `${l.id}: ${id}`).toBeTruthy();
  });
});

describe('the one-Euler-step lesson', () => {
  it('with independent pairs the field at t = 0 is E[x1] - x, so one step of length 1 lands every point on the target mean', () => {
    // Gaussian -> Gaussian has the marginal field in closed form; the claim holds for any start x.
    const src = { mean: [0.5, -1] as [number, number], std: 1.3 };
    const tgt = { mean: [2, 3] as [number, number], std: 0.4 };
    const v: [number, number] = [0, 0];
    for (const [x, y] of [[0, 0], [-3, 2], [4.5, -1], [0.5, -1]]) {
      gaussianMarginalVelocity(src, tgt, 0, x, y, v);
      expect(x + v[0]).toBeCloseTo(2, 12);
      expect(y + v[1]).toBeCloseTo(3, 12);
    }
  });

  it('says the moons’ mean is (0, 0), in the gap between the moons', () => {
    const text = LESSONS.find((l) => l.id === 'one-step')!.body.map((p) => p.text ?? '').join(' ');
    expect(text).toContain('(0, 0)');
    const pts = samplePreset(parsePreset('moons'), 20_000, 7);
    let mx = 0;
    let my = 0;
    let near = 0;
    for (let i = 0; i < pts.length; i += 2) {
      mx += pts[i];
      my += pts[i + 1];
      if (Math.hypot(pts[i], pts[i + 1]) < 0.4) near++;
    }
    expect(Math.abs(mx / 10_000 / 2)).toBeLessThan(0.03);
    expect(Math.abs(my / 10_000 / 2)).toBeLessThan(0.03);
    // Almost no target mass within 0.4 of the mean: the collapsed blob sits where the moons are not.
    expect(near / 10_000).toBeLessThan(0.01);
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
