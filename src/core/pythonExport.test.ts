import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from './config';
import { DEFAULT_SCENE_LAYERS } from './layers';
import { weightLengths } from './networkShape';
import { pythonScript, PythonExportError } from './pythonExport';
import { presetCloud, type Scene } from './scene';
import type { SolverName } from './solvers';

const python = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function scene(withWeights: boolean, path: 'straight' | 'cosine' = 'cosine', solver: SolverName = 'rk4'): Scene {
  const train = { ...DEFAULT_TRAIN, hiddenLayers: 2, width: 8, coupling: 'ot' as const, path };
  return {
    version: 1,
    seed: 7,
    source: { points: presetCloud('source', 'gaussian', 7), origin: { kind: 'preset', spec: 'gaussian', seed: 7 } },
    target: { points: new Float32Array([0.1, -2.5, 3.25, 1e-7, -4, 4]), origin: { kind: 'drawn' } },
    train,
    sample: { ...DEFAULT_SAMPLE, solver, steps: 12 },
    view: { t: 0, layers: { ...DEFAULT_SCENE_LAYERS } },
    weights: withWeights
      ? { shape: { hiddenLayers: 2, width: 8 }, step: 321, arrays: weightLengths(train).map((n, i) => Float32Array.from({ length: n }, (_, k) => Math.fround(Math.sin(i + 0.3 * k)))) }
      : undefined,
  };
}

/** The numbers of a top-level Python list assignment, `NAME = [ ... ]`. */
function listOf(script: string, name: string): number[] {
  const m = new RegExp(`^${name} = \\[([^\\]]*)\\]`, 'm').exec(script);
  if (!m) throw new Error(`${name} not found`);
  return m[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
}

describe('the PyTorch export', () => {
  it('embeds the clouds exactly (float32), the settings and the solver tableau', () => {
    const s = scene(false);
    const py = pythonScript(s, 'test');
    expect(Float32Array.from(listOf(py, 'SOURCE'))).toEqual(s.source.points);
    expect(Float32Array.from(listOf(py, 'TARGET'))).toEqual(s.target.points);
    expect(py).toContain('"hidden_layers": 2,');
    expect(py).toContain('"width": 8,');
    expect(py).toContain(`"learning_rate": ${DEFAULT_TRAIN.learningRate},`);
    expect(py).toContain('"path": "cosine",');
    expect(py).toContain('"coupling": "ot",');
    expect(py).toContain('"seed": 7,');
    expect(py).toContain('"sample_steps": 12,');
    expect(py).toContain('LAYER_SIZES = [9, 8, 8, 2]');
    expect(py).toContain('TABLEAU = {"c": [0, 0.5, 0.5, 1], "a": [[], [0.5], [0, 0.5], [0, 0, 1]], "b": [0.16666667, 0.33333334, 0.33333334, 0.16666667]}');
    expect(py).toContain('APP_WEIGHTS = None');
  });

  it("embeds the app's weights in order, W row-major [in][out], with their step", () => {
    const s = scene(true);
    const py = pythonScript(s, 'test');
    const block = py.slice(py.indexOf('APP_WEIGHTS = {'), py.indexOf('\n}\n', py.indexOf('APP_WEIGHTS = {')));
    expect(block).toContain('"step": 321,');
    const arrays = [...block.matchAll(/\[\n([^[\]]*)\]/g)].map((m) => Float32Array.from(m[1].split(',').map((x) => x.trim()).filter(Boolean).map(Number)));
    expect(arrays).toEqual(s.weights!.arrays);
  });

  it.skipIf(!python)('parses as Python (py_compile), with and without weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fm-py-'));
    for (const w of [false, true]) {
      const file = join(dir, `scene_${w}.py`);
      writeFileSync(file, pythonScript(scene(w), 'a "quoted" name'));
      execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
    }
  });
});

describe("the flow_matching variant (Meta's library)", () => {
  const fm = (s: Scene) => pythonScript(s, 'test', { variant: 'flow_matching' });

  it("is the plain script by default, and says it needs the library only when asked for", () => {
    const s = scene(true);
    expect(pythonScript(s, 'test', { variant: 'torch' })).toBe(pythonScript(s, 'test'));
    expect(pythonScript(s, 'test')).not.toContain('flow_matching');
    const py = fm(s);
    expect(py).toContain('pip install flow_matching');
    expect(py).toContain("needs Meta's flow_matching package");
  });

  it("uses the library's path, scheduler, solver and model wrapper with the right arguments", () => {
    const py = fm(scene(false, 'straight', 'heun'));
    expect(py).toContain('from flow_matching.path import AffineProbPath\n');
    expect(py).toContain('from flow_matching.path.scheduler import CondOTScheduler\n');
    expect(py).toContain('from flow_matching.solver import ODESolver\n');
    expect(py).toContain('from flow_matching.utils import ModelWrapper\n');
    expect(py).toContain('PATH = AffineProbPath(scheduler=CondOTScheduler())');
    expect(py).toContain('class VelocityModel(ModelWrapper):\n');
    expect(py).toMatch(/def forward\(self, x, t, \*\*extras\):\n {8}t = torch\.as_tensor\(t[^\n]*\.reshape\(-1, 1\)\.expand\(x\.shape\[0\], 1\)\n {8}return self\.model\(x, t\)/);
    // AffineProbPath.sample asserts t.ndim == 1: the batch's times must be drawn flat.
    expect(py).toContain('t = torch.rand(b, generator=generator, device=source.device)\n        sample = PATH.sample(t=t, x_0=x0, x_1=x1)');
    expect(py).toContain('xt, ut, t = sample.x_t, sample.dx_t, t[:, None]');
    expect(py).toContain('ODESolver(velocity_model=VelocityModel(model))');
    expect(py).toContain('solver.sample(x_init=x, step_size=None, method=ODE_METHOD, time_grid=grid, return_intermediates=True)');
    expect(py).toContain('ODE_METHOD = "heun2"');
    // The plain variant's own path and solver are gone, so nothing can drift between two copies.
    expect(py).not.toContain('def path_coefficients');
    expect(py).not.toContain('TABLEAU');
    expect(fm(scene(false, 'cosine', 'euler'))).toContain('PATH = AffineProbPath(scheduler=CosineScheduler())');
    expect(fm(scene(false, 'cosine', 'euler'))).toContain('ODE_METHOD = "euler"');
    expect(fm(scene(false, 'cosine', 'midpoint'))).toContain('ODE_METHOD = "midpoint"');
    expect(fm(scene(false, 'cosine', 'rk4'))).toContain('3/8-rule');
    expect(fm(scene(false, 'cosine', 'euler'))).not.toContain('3/8-rule');
    expect(py).toContain('torchdiffeq 0.2.5');
  });

  it('embeds the same clouds, settings, network and weights as the plain script', () => {
    const s = scene(true);
    const py = fm(s);
    expect(Float32Array.from(listOf(py, 'SOURCE'))).toEqual(s.source.points);
    expect(Float32Array.from(listOf(py, 'TARGET'))).toEqual(s.target.points);
    const plain = pythonScript(s, 'test');
    const block = (text: string, from: string, to: string) => {
      const i = text.indexOf(from);
      const j = text.indexOf(to, i);
      if (i < 0 || j < 0) throw new Error(`${from} .. ${to} not found`);
      return text.slice(i, j);
    };
    // CONFIG through APP_WEIGHTS, the network and weight loading, the OT coupling, save and main: word for word.
    expect(block(py, 'SOURCE = [', '# The rk4')).toBe(block(plain, 'SOURCE = [', '# The rk4'));
    expect(block(py, "# The app's weights", '\n\n\n')).toBe(block(plain, "# The app's weights", '\n\n\n'));
    expect(block(py, 'def time_features', '\n\n\n# x_t')).toBe(block(plain, 'def time_features', '\n\n\ndef path_coefficients'));
    expect(block(py, 'def ot_pairs', '\n\n\ndef train')).toBe(block(plain, 'def ot_pairs', '\n\n\ndef train'));
    expect(py.slice(py.indexOf('def save_scene'))).toBe(plain.slice(plain.indexOf('def save_scene')));
    expect(py).toContain('"path": "cosine",');
    expect(py).toContain('"coupling": "ot",');
    expect(py).toContain('"step": 321,');
  });

  it('refuses what the library variant does not write, with the reason', () => {
    const vp = { ...scene(false), train: { ...scene(false).train, path: 'vp' as const } };
    expect(() => fm(vp)).toThrow(PythonExportError);
    expect(() => fm(vp)).toThrow(/straight or cosine path; this scene uses the vp path/);
    const eps = { ...scene(false), train: { ...scene(false).train, targetKind: 'epsilon' as const } };
    expect(() => fm(eps)).toThrow(/unconditional velocity flow matching/);
  });

  it.skipIf(!python)('parses as Python (py_compile) for every path and solver, with and without weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fm-py-lib-'));
    for (const w of [false, true]) {
      for (const [path, solver] of [['straight', 'heun'], ['cosine', 'rk4'], ['straight', 'euler'], ['cosine', 'midpoint']] as const) {
        const file = join(dir, `scene_${w}_${path}_${solver}.py`);
        writeFileSync(file, pythonScript(scene(w, path, solver), 'a "quoted" name', { variant: 'flow_matching' }));
        execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
      }
    }
  });
});
