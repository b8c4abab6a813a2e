/**
 * fm's diffusion and guidance flags, run as real processes (tests/cli/cliRun.ts): conditional training
 * on a labelled preset with another path and target, sampling a class with guidance and the SDE
 * (checked against the engine in-process), class metrics, and one-line errors for bad values.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/nodeBackend';
import { samplePresetLabelled } from '../../src/core/labels';
import { CONDITIONAL_INPUT_SIZE } from '../../src/core/networkShape';
import { parsePreset } from '../../src/core/presets';
import { deriveSeed } from '../../src/core/rng';
import { type Scene } from '../../src/core/scene';
import { parseSceneText } from '../../src/core/sceneParse';
import { particleDraw } from '../../src/core/seededDraws';
import { endPoints } from '../../src/core/solvers';
import { PRESET_POINTS } from '../../src/core/config';
import { particleClasses } from '../../src/engine/diffusionSampling';
import { Mlp } from '../../src/engine/mlp';
import { integrateTrajectories } from '../../src/engine/sampling';
import { buildCli, removeCli, runCli, type Run } from './cliRun';

const SLOW = 30_000;
const fm = (...args: string[]): Promise<Run> => runCli(args);

async function okOut(...args: string[]): Promise<string> {
  const r = await fm(...args);
  if (r.status !== 0) throw new Error(`fm exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const f32 = (a: number[]): number[] => a.map(Math.fround);

let dir: string;
let condPath: string;
let plainPath: string;
let scene: Scene;

beforeAll(async () => {
  await startNodeBackend('wasm');
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'fm-cli-diffusion-'));
  condPath = join(dir, 'cond.json');
  plainPath = join(dir, 'plain.json');
  const small = ['--steps', '60', '--width', '16', '--layers', '2', '--batch', '64', '--seed', '5', '--quiet'];
  await Promise.all([
    okOut('train', '--source', 'gaussian', '--target', 'moons', '--labels', '--label-drop', '0.2', '--path', 'vp', '--target-kind', 'epsilon', '--out', condPath, ...small),
    okOut('train', '--source', 'gaussian', '--target', 'moons', '--out', plainPath, ...small),
  ]);
  scene = parseSceneText(readFileSync(condPath, 'utf8'));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

describe('fm train --labels --path --target-kind', () => {
  it('writes a conditional scene: labelled target, settings, weights with the one-hot input', () => {
    expect(scene.train).toMatchObject({ path: 'vp', targetKind: 'epsilon', conditional: true, labelDrop: 0.2 });
    const labelled = samplePresetLabelled(parsePreset('moons'), PRESET_POINTS, deriveSeed(5, 'target'))!;
    expect(scene.target.points).toEqual(labelled.points);
    expect(Array.from(scene.target.labels!)).toEqual(Array.from(labelled.labels));
    expect(scene.source.labels).toBeUndefined();
    expect(scene.weights!.shape).toEqual({ hiddenLayers: 2, width: 16, conditional: true });
    expect(scene.weights!.arrays[0].length).toBe(CONDITIONAL_INPUT_SIZE * 16);
  });
});

describe('fm sample --class --guidance --sde', () => {
  it('prints x,y,class lines and matches the engine in-process (guidance 3, SDE 0.5)', async () => {
    const args = ['sample', '--scene', condPath, '--n', '12', '--steps', '10', '--class', '1', '--guidance', '3', '--sde', '0.5'];
    const [text, json] = await Promise.all([okOut(...args), okOut(...args, '--json')]);
    const rows = text.trim().split('\n').map((l) => l.split(',').map(Number));
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.length === 3 && r[2] === 1)).toBe(true);
    const parsed = JSON.parse(json) as { points: number[][]; classes: number[] };
    expect(parsed.classes).toEqual(new Array(12).fill(1));
    const starts = particleDraw(scene.source.points, 12, scene.train.jitter, scene.seed);
    const model = new Mlp({ shape: scene.weights!.shape, arrays: scene.weights!.arrays }, { explicitTranspose: true });
    const traj = await integrateTrajectories(model, {
      start: starts,
      steps: 10,
      solver: scene.sample.solver,
      diffusion: { kind: 'epsilon', path: 'vp', labels: particleClasses(1, scene.target.labels, 12, scene.seed), guidance: 3, sdeNoise: 0.5, seed: deriveSeed(scene.seed, 'sde-0') },
    });
    model.dispose();
    expect(f32(rows.flatMap((r) => r.slice(0, 2)))).toEqual(Array.from(endPoints(traj, 10)));
  }, SLOW);

  it('the SDE moves the points; the same seed repeats them', async () => {
    const base = ['sample', '--scene', condPath, '--n', '8', '--steps', '10', '--class', '0'];
    const [ode, sde, again] = await Promise.all([okOut(...base), okOut(...base, '--sde', '0.5'), okOut(...base, '--sde', '0.5')]);
    expect(sde).not.toBe(ode);
    expect(sde).toBe(again);
  }, SLOW);

  it('an unconditional scene samples as before, and with --sde', async () => {
    const [plain, sde] = await Promise.all([okOut('sample', '--scene', plainPath, '--n', '5'), okOut('sample', '--scene', plainPath, '--n', '5', '--sde', '1')]);
    expect(plain.trim().split('\n').every((l) => l.split(',').length === 2)).toBe(true);
    expect(sde).not.toBe(plain);
  }, SLOW);
});

describe('fm metrics --class --guidance', () => {
  it('prints the class accuracy beside the fit, and per class fit against its floor', async () => {
    const m = JSON.parse(await okOut('metrics', '--scene', condPath, '--class', '0', '--guidance', '2', '--steps', '10', '--sde', '0.3')) as Record<string, unknown>;
    expect(m.guidance).toBe(2);
    expect(m.sampleClass).toBe(0);
    expect(m.sdeNoise).toBe(0.3);
    expect(m.classAccuracy).toBeGreaterThanOrEqual(0);
    expect(m.classAccuracy).toBeLessThanOrEqual(1);
    expect(typeof m.slicedW2).toBe('number');
    const per = m.perClass as { class: number; points: number; accuracy: number; slicedW2: number; slicedW2Floor: number }[];
    // Only class 0 was asked: its accuracy is the overall one.
    expect(per.map((p) => p.class)).toEqual([0]);
    expect(per[0].points).toBe(1000);
    expect(per[0].accuracy).toBe(m.classAccuracy);
    expect(per[0].slicedW2Floor).toBeGreaterThan(0);
  }, SLOW);

  it('"all classes" asks each class in the data proportions', async () => {
    const m = JSON.parse(await okOut('metrics', '--scene', condPath, '--steps', '10')) as { sampleClass: null; perClass: { class: number; points: number }[] };
    expect(m.sampleClass).toBeNull();
    expect(m.perClass.map((p) => p.class)).toEqual([0, 1]);
    expect(m.perClass[0].points + m.perClass[1].points).toBe(1000);
  }, SLOW);
});

describe('bad values exit 2 with one line', () => {
  const oneLine = async (run: Promise<Run>, message: RegExp) => {
    const r = await run;
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  };

  it('train', async () => {
    const out = join(dir, 'x.json');
    const t = (...a: string[]) => fm('train', '--source', 'gaussian', '--out', out, ...a);
    await Promise.all([
      oneLine(t('--target', 'spiral', '--labels'), /^fm: error: --labels needs a labelled target preset: eight-gaussians, moons, checkerboard, rings \(--target spiral has no classes\)$/),
      oneLine(t('--target', 'eight-gaussians', '--labels', '--classes', '3'), /--classes: eight-gaussians comes in 4 or 2 classes \(got 3\)/),
      oneLine(t('--target', 'moons', '--path', 'curvy'), /--path must be one of straight, cosine, vp, ve \(got "curvy"\)/),
      oneLine(t('--target', 'moons', '--target-kind', 'x0'), /--target-kind must be one of velocity, epsilon, score \(got "x0"\)/),
      oneLine(t('--target', 'moons', '--label-drop', '0.1'), /--label-drop sets conditional training: add --labels/),
      oneLine(t('--target', 'moons', '--labels', '--label-drop', '1.5'), /--label-drop must be between 0 and 1 \(got 1\.5\)/),
      oneLine(t('--target', 'moons', '--objective', 'cnf', '--path', 'vp'), /--path sets flow-matching \(diffusion\) training: it does not apply to --objective cnf/),
    ]);
  }, SLOW);

  it('sample, metrics and field', async () => {
    await Promise.all([
      oneLine(fm('sample', '--scene', plainPath, '--class', '0'), /--class needs a conditional scene \(fm train --labels\)/),
      oneLine(fm('metrics', '--scene', plainPath, '--guidance', '2'), /--guidance needs a conditional scene/),
      oneLine(fm('sample', '--scene', condPath, '--guidance', '9'), /--guidance must be between 0 and 8 \(got 9\)/),
      oneLine(fm('sample', '--scene', condPath, '--sde', '5'), /--sde must be between 0 and 4 \(got 5\)/),
      oneLine(fm('sample', '--scene', condPath, '--class', '2'), /--class 2: the scene's target has 2 classes \(0\.\.1\)/),
      oneLine(fm('sample', '--scene', plainPath, '--sde', '0.5', '--reverse'), /--sde samples forward from the source; it does not run with --reverse/),
      oneLine(fm('field', '--scene', plainPath, '--t', '0.5', '--points', condPath, '--class', '0'), /--class needs a conditional scene/),
      oneLine(fm('nll', '--scene', condPath, '--points', condPath), /fm nll scores unconditional velocity models/),
      oneLine(fm('export', '--scene', condPath, '--python'), /export --python writes unconditional velocity flow matching/),
    ]);
  }, SLOW);
});
