/**
 * The PyTorch export, run where torch is installed (Debian's python3-torch here; CI has no torch and
 * skips this file's checks): the script's network with the app's weights gives the engine's
 * velocities, it trains 50 steps, and the scene it saves opens in the app's parser.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from '../../src/core/config';
import { DEFAULT_SCENE_LAYERS } from '../../src/core/layers';
import { pythonScript } from '../../src/core/pythonExport';
import { presetCloud, type Scene } from '../../src/core/scene';
import { parseSceneText } from '../../src/core/sceneParse';
import { initWeights, Mlp } from '../../src/engine/mlp';
import { velocitiesAt } from '../../src/engine/sampling';

/** A python3 that can import torch, or null. */
const torchPython = ['python3', '/usr/bin/python3'].find((py) => {
  try {
    execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}) ?? null;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(torchPython === null)('the PyTorch export, run with torch', () => {
  const train = { ...DEFAULT_TRAIN, hiddenLayers: 2, width: 16, batchSize: 64, coupling: 'ot' as const };
  const w = initWeights(train, 11);
  const scene: Scene = {
    version: 1,
    seed: 3,
    source: { points: presetCloud('source', 'gaussian', 3), origin: { kind: 'preset', spec: 'gaussian', seed: 3 } },
    target: { points: presetCloud('target', 'moons', 3), origin: { kind: 'preset', spec: 'moons', seed: 3 } },
    train,
    sample: { ...DEFAULT_SAMPLE, solver: 'heun', steps: 8, particles: 100 },
    view: { t: 0, layers: { ...DEFAULT_SCENE_LAYERS } },
    // Random weights with non-zero biases, so a transposed or shifted layout could not pass.
    weights: { shape: { hiddenLayers: 2, width: 16 }, step: 40, arrays: w.arrays.map((a, i) => (i % 2 ? a.map((_, k) => 0.1 * Math.sin(k + i)) : a)) },
  };
  const dir = mkdtempSync(join(tmpdir(), 'fm-torch-'));
  const script = join(dir, 'scene.py');
  writeFileSync(script, pythonScript(scene, 'scene'));

  it("gives the engine's velocities with the app's weights", async () => {
    const pts = [0, 0, 1.5, -2, -3, 4, 2.5, 1];
    const times = [0, 0.25, 0.5, 1];
    const probe = `
import importlib.util, json, torch
spec = importlib.util.spec_from_file_location("s", ${JSON.stringify(script)}); s = importlib.util.module_from_spec(spec); spec.loader.exec_module(s)
m = s.VelocityField(); s.load_app_weights(m, s.APP_WEIGHTS["arrays"])
x = torch.tensor(${JSON.stringify(pts)}, dtype=torch.float32).reshape(-1, 2); t = torch.tensor(${JSON.stringify(times)}).reshape(-1, 1)
with torch.no_grad(): print(json.dumps(m(x, t).reshape(-1).tolist()))
`;
    const torchV = JSON.parse(execFileSync(torchPython!, ['-c', probe], { encoding: 'utf8', timeout: 120_000 })) as number[];
    const model = new Mlp({ shape: scene.weights!.shape, arrays: scene.weights!.arrays }, { explicitTranspose: false });
    const ours = await velocitiesAt(model, new Float32Array(pts), new Float32Array(times));
    model.dispose();
    expect(torchV).toHaveLength(8);
    torchV.forEach((v, i) => expect(Math.abs(v - ours[i])).toBeLessThan(1e-4 * (1 + Math.abs(ours[i]))));
  }, 120_000);

  it('trains 50 steps, samples, and saves a scene the app opens at the later step', () => {
    const saved = join(dir, 'trained.json');
    const csv = join(dir, 'samples.csv');
    const log = execFileSync(torchPython!, [script, '--steps', '50', '--device', 'cpu', '--out', csv, '--save-scene', saved], { encoding: 'utf8', timeout: 120_000 });
    expect(log).toMatch(/loaded the app's weights \(step 40\)/);
    expect(log).toMatch(/step 50 {2}loss \d/);
    const back = parseSceneText(readFileSync(saved, 'utf8'));
    expect(back.weights!.step).toBe(90);
    expect(back.weights!.shape).toEqual({ hiddenLayers: 2, width: 16 });
    expect(back.train).toEqual(scene.train);
    expect(back.source.points).toEqual(scene.source.points);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(101);
  }, 120_000);
});
