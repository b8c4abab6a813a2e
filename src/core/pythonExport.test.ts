import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from './config';
import { DEFAULT_SCENE_LAYERS } from './layers';
import { weightLengths } from './networkShape';
import { pythonScript } from './pythonExport';
import { presetCloud, type Scene } from './scene';

const python = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function scene(withWeights: boolean): Scene {
  const train = { ...DEFAULT_TRAIN, hiddenLayers: 2, width: 8, coupling: 'ot' as const, path: 'cosine' as const };
  return {
    version: 1,
    seed: 7,
    source: { points: presetCloud('source', 'gaussian', 7), origin: { kind: 'preset', spec: 'gaussian', seed: 7 } },
    target: { points: new Float32Array([0.1, -2.5, 3.25, 1e-7, -4, 4]), origin: { kind: 'drawn' } },
    train,
    sample: { ...DEFAULT_SAMPLE, solver: 'rk4', steps: 12 },
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
