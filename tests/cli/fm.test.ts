/**
 * The command line, run as a real process (bundled, as npm run fm runs it: tests/cli/cliRun.ts), checked
 * against the engine run in-process on the same scene and backend (wasm, the CLI's default): the CLI
 * must be the app's engine, not a look-alike.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slicedW2NoiseFloor } from '../../src/core/noiseFloor';
import { startNodeBackend } from '../../src/cli/nodeBackend';
import { resample } from '../../src/core/points';
import { createRng, deriveSeed } from '../../src/core/rng';
import { presetCloud, type Scene } from '../../src/core/scene';
import { parseScene, parseSceneText } from '../../src/core/sceneParse';
import { endPoints } from '../../src/core/solvers';
import { Mlp } from '../../src/engine/mlp';
import { integrateTrajectories, velocitiesAt } from '../../src/engine/sampling';
import { buildCli, removeCli, runCli, type Run } from './cliRun';

/** Each run of the CLI starts Node and tfjs: a fraction of a second, more on a loaded machine. */
const SLOW = 30_000;

const fm = (...args: string[]): Promise<Run> => runCli(args);

/** Stdout of a run that must succeed. */
async function okOut(...args: string[]): Promise<string> {
  const r = await fm(...args);
  if (r.status !== 0) throw new Error(`fm exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Printed numbers are the shortest text of a float32: read them back as float32. */
const f32 = (a: number[]): number[] => a.map(Math.fround);

const csvPairs = (text: string): number[][] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number));

let dir: string;
let scenePath: string;
let scene: Scene;

beforeAll(async () => {
  await startNodeBackend('wasm');
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'fm-cli-'));
  scenePath = join(dir, 'scene.json');
  await okOut('train', '--source', 'gaussian:0,-2,0.5', '--target', 'moons', '--steps', '50', '--width', '16', '--batch', '64', '--seed', '3', '--out', scenePath, '--quiet');
  scene = parseSceneText(readFileSync(scenePath, 'utf8'));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

function modelOf(s: Scene): Mlp {
  return new Mlp({ shape: s.weights!.shape, arrays: s.weights!.arrays }, { explicitTranspose: true });
}

describe('fm train', () => {
  it('writes a scene that parseScene accepts, with weights, settings and preset origins', async () => {
    const json = JSON.parse(readFileSync(scenePath, 'utf8'));
    expect(() => parseScene(json)).not.toThrow();
    expect(scene.seed).toBe(3);
    expect(scene.train.width).toBe(16);
    expect(scene.train.batchSize).toBe(64);
    expect(scene.weights?.shape).toEqual({ hiddenLayers: scene.train.hiddenLayers, width: 16 });
    expect(scene.weights?.step).toBe(50);
    expect(scene.source.origin).toEqual({ kind: 'preset', spec: 'gaussian:0,-2,0.5', seed: 3 });
    expect(scene.target.origin).toEqual({ kind: 'preset', spec: 'moons', seed: 3 });
    // The clouds the app makes for this seed.
    expect(scene.source.points).toEqual(presetCloud('source', 'gaussian:0,-2,0.5', 3));
    expect(scene.target.points).toEqual(presetCloud('target', 'moons', 3));
  }, SLOW);

  it('trains with the OT coupling', async () => {
    const out = join(dir, 'ot.json');
    await okOut('train', '--source', 'gaussian', '--target', 'rings', '--steps', '3', '--width', '8', '--layers', '1', '--batch', '32', '--coupling', 'ot', '--out', out, '-q');
    const s = parseSceneText(readFileSync(out, 'utf8'));
    expect(s.train.coupling).toBe('ot');
    expect(s.weights?.shape).toEqual({ hiddenLayers: 1, width: 8 });
  }, SLOW);
});

describe('fm sample', () => {
  it('--json --n 5 prints 5 finite points', async () => {
    const { points } = JSON.parse(await okOut('sample', '--scene', scenePath, '--json', '--n', '5')) as { points: number[][] };
    expect(points).toHaveLength(5);
    for (const p of points) {
      expect(p).toHaveLength(2);
      expect(p.every(Number.isFinite)).toBe(true);
    }
  }, SLOW);

  it('is deterministic for a seed and changes with it', async () => {
    const [a, b, c] = await Promise.all([
      okOut('sample', '--scene', scenePath, '--n', '20'),
      okOut('sample', '--scene', scenePath, '--n', '20'),
      okOut('sample', '--scene', scenePath, '--n', '20', '--seed', '4'),
    ]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(csvPairs(a)).toHaveLength(20);
  }, SLOW);

  it('matches the engine run in-process on the app particle draws', async () => {
    const out = csvPairs(await okOut('sample', '--scene', scenePath, '--n', '30', '--solver', 'midpoint', '--steps', '8'));
    const starts = resample(scene.source.points, 30, scene.train.jitter, createRng(deriveSeed(scene.seed, 'particles')));
    const model = modelOf(scene);
    const traj = await integrateTrajectories(model, { start: starts, steps: 8, solver: 'midpoint' });
    model.dispose();
    const ends = endPoints(traj, 8);
    expect(f32(out.flat())).toEqual(Array.from(ends));
  }, SLOW);

  it('--trajectories prints every step, from the start points; --reverse starts on the target', async () => {
    const { trajectories } = JSON.parse(await okOut('sample', '--scene', scenePath, '--n', '3', '--steps', '4', '--trajectories')) as {
      trajectories: number[][][];
    };
    expect(trajectories).toHaveLength(3);
    const starts = resample(scene.source.points, 3, scene.train.jitter, createRng(deriveSeed(scene.seed, 'particles')));
    trajectories.forEach((tr, i) => {
      expect(tr).toHaveLength(5);
      expect(f32(tr[0])).toEqual([starts[2 * i], starts[2 * i + 1]]);
    });

    const rev = JSON.parse(await okOut('sample', '--scene', scenePath, '--n', '3', '--steps', '4', '--trajectories', '--reverse')) as {
      trajectories: number[][][];
    };
    const tStarts = resample(scene.target.points, 3, scene.train.jitter, createRng(deriveSeed(scene.seed, 'particles')));
    const model = modelOf(scene);
    const expected = await integrateTrajectories(model, { start: tStarts, steps: 4, solver: scene.sample.solver, t0: 1, t1: 0 });
    model.dispose();
    expect(f32(rev.trajectories.flat(2))).toEqual(Array.from(expected));
  }, SLOW);
});

describe('fm export --python', () => {
  it('writes the scene as a PyTorch script with its clouds and trained weights; refuses without --python', async () => {
    const out = join(dir, 'scene_export.py');
    const r = await fm('export', '--scene', scenePath, '--python', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^fm: wrote .*scene_export\.py \(with the trained weights of step \d+\)\n$/);
    const py = readFileSync(out, 'utf8');
    expect(py.startsWith('#!/usr/bin/env python3')).toBe(true);
    expect(py).toContain(`"step": ${scene.weights!.step},`);
    const source = /^SOURCE = \[([^\]]*)\]/m.exec(py)![1].split(',').map((x) => x.trim()).filter(Boolean).map(Number);
    expect(Float32Array.from(source)).toEqual(scene.source.points);
    expect(await okOut('export', '--scene', scenePath, '--python')).toBe(py);
    const bad = await fm('export', '--scene', scenePath);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--python/);
  }, SLOW);

  it("--variant flow_matching writes the library's script of the same scene; --variant torch is the default; others are refused", async () => {
    const out = join(dir, 'scene_fm.py');
    const r = await fm('export', '--scene', scenePath, '--python', '--variant', 'flow_matching', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const py = readFileSync(out, 'utf8');
    expect(py).toContain('from flow_matching.path import AffineProbPath');
    expect(py).toContain('from flow_matching.solver import ODESolver');
    expect(py).toContain(`"step": ${scene.weights!.step},`);
    const source = /^SOURCE = \[([^\]]*)\]/m.exec(py)![1].split(',').map((x) => x.trim()).filter(Boolean).map(Number);
    expect(Float32Array.from(source)).toEqual(scene.source.points);
    const plain = await okOut('export', '--scene', scenePath, '--python', '--variant', 'torch');
    expect(plain).toBe(await okOut('export', '--scene', scenePath, '--python'));
    expect(plain).not.toContain('flow_matching');
    const bad = await fm('export', '--scene', scenePath, '--python', '--variant', 'jax');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--variant must be one of torch, flow_matching \(got jax\)/);
  }, SLOW);
});

describe('fm field', () => {
  it('prints one velocity per point of a CSV or JSON file, as the engine computes them', async () => {
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, 'x,y\n0,0\n1.5, -2\n\n-3,4\n');
    const { velocities } = JSON.parse(await okOut('field', '--scene', scenePath, '--t', '0.25', '--points', csv, '--json')) as {
      velocities: number[][];
    };
    expect(velocities).toHaveLength(3);
    const model = modelOf(scene);
    const expected = await velocitiesAt(model, new Float32Array([0, 0, 1.5, -2, -3, 4]), new Float32Array([0.25, 0.25, 0.25]));
    model.dispose();
    expect(f32(velocities.flat())).toEqual(Array.from(expected));

    const json = join(dir, 'points.json');
    writeFileSync(json, JSON.stringify({ points: [[0, 0], [1.5, -2], [-3, 4]] }));
    expect(csvPairs(await okOut('field', '--scene', scenePath, '--t', '0.25', '--points', json))).toEqual(velocities);
  }, SLOW);
});

describe('fm metrics', () => {
  it('prints the fit score beside its floor, the energy distance and the transport cost', async () => {
    const m = JSON.parse(await okOut('metrics', '--scene', scenePath)) as Record<string, number>;
    expect(m.samples).toBe(1000);
    for (const k of ['slicedW2', 'slicedW2Floor', 'energyDistance', 'energyDistanceFloor', 'transportCost']) expect(Number.isFinite(m[k]), k).toBe(true);
    expect(m.slicedW2Floor).toBeGreaterThan(0);
    // The app's floor: the mean over 8 pairs of 1,000-point target draws, with its spread.
    const floor = slicedW2NoiseFloor(scene.target.points, { samples: 1000, jitter: scene.train.jitter, seed: m.seed });
    expect(m.slicedW2FloorPairs).toBeGreaterThanOrEqual(8);
    expect(m.slicedW2Floor).toBeCloseTo(floor.mean, 12);
    expect(m.slicedW2FloorStd).toBeCloseTo(floor.std, 12);
    expect(m.slicedW2FloorStd).toBeGreaterThan(0);
    expect(m.slicedW2FloorMin).toBeLessThan(m.slicedW2Floor);
    expect(m.slicedW2FloorMax).toBeGreaterThan(m.slicedW2Floor);
    expect(m.slicedW2).toBeGreaterThan(0);
    expect(m.transportCost).toBeGreaterThan(0);
  }, SLOW);
});

describe('fm errors', () => {
  const oneLine = async (run: Promise<Run>, status: number, message: RegExp) => {
    const r = await run;
    expect(r.status).toBe(status);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  };

  it('a bad preset spec exits 2 with a message', async () => {
    await oneLine(fm('train', '--source', 'moonz', '--target', 'moons', '--out', join(dir, 'x.json')), 2, /^fm: error: --source: unknown preset "moonz"/);
  }, SLOW);

  it('bad options, files and scenes exit 2 with one line each', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(scenePath, 'utf8').replace('"version": 3', '"version": 4'));
    const noWeights = join(dir, 'noweights.json');
    const doc = JSON.parse(readFileSync(scenePath, 'utf8'));
    delete doc.weights;
    writeFileSync(noWeights, JSON.stringify(doc));
    await Promise.all([
      oneLine(fm('sample', '--scene', join(dir, 'missing.json')), 2, /cannot read scene .*missing\.json: no such file/),
      oneLine(fm('sample', '--scene', bad), 2, /bad\.json: version must be 1, 2 or 3 \(got 4\)/),
      oneLine(fm('metrics', '--scene', noWeights), 2, /holds no trained weights/),
      oneLine(fm('sample', '--scene', scenePath, '--solver', 'rk5'), 2, /--solver must be one of euler, midpoint, heun, rk4/),
      oneLine(fm('field', '--scene', scenePath, '--t', '0.5'), 2, /--points is required/),
      oneLine(fm('train', '--source', 'moons', '--target', 'moons', '--out', join(dir, 'x.json'), '--width', '4'), 2, /--width must be between 8 and 512/),
      oneLine(fm('sample', '--scene', scenePath, '--stpes', '4'), 2, /Unknown option '--stpes'/),
      oneLine(fm('frobnicate'), 2, /unknown command "frobnicate"/),
    ]);
  }, SLOW);

  it('--help prints the usage', async () => {
    const [top, sub] = await Promise.all([fm('--help'), fm('sample', '--help')]);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/Usage: npm run fm -- <command>/);
    expect(sub.status).toBe(0);
    expect(sub.stdout).toMatch(/Commands:/);
  }, SLOW);

  it('train refuses an --out that is a folder before training, not after', async () => {
    const folder = join(dir, 'existing-folder');
    mkdirSync(folder, { recursive: true });
    const started = Date.now();
    // 200,000 steps of the default network would take hours: the refusal must come first.
    await oneLine(fm('train', '--source', 'moons', '--target', 'moons', '--steps', '200000', '--out', folder), 2, /^fm: error: cannot write .*existing-folder: it is a folder; give a file name such as .*scene\.json$/);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, SLOW);

  it('field refuses points outside the coordinate bound (1e308 gave null,null and exit 0)', async () => {
    const far = join(dir, 'far.csv');
    writeFileSync(far, 'x,y\n0,0\n1e308,0\n');
    const farJson = join(dir, 'far.json');
    writeFileSync(farJson, JSON.stringify({ points: [[0, 0], [0, -101]] }));
    await Promise.all([
      oneLine(fm('field', '--scene', scenePath, '--t', '0.5', '--points', far), 2, /far\.csv line 3: \(1e\+308, 0\) is outside the scene's coordinate bound; \|x\| and \|y\| must be at most 100$/),
      oneLine(fm('field', '--scene', scenePath, '--t', '0.5', '--points', farJson), 2, /far\.json point 1: \(0, -101\) is outside the scene's coordinate bound/),
    ]);
  }, SLOW);

  it('sample refuses absurd workloads with the limit, and reports progress on stderr for long ones', async () => {
    await oneLine(
      fm('sample', '--scene', scenePath, '--n', '1000000', '--steps', '10000'),
      2,
      /--n 1,000,000 x --steps 10,000 \(euler: 1 network evaluation a step\) is 10,000,000,000 network evaluations; fm sample takes at most 20,000,000 .*: lower --n or --steps$/,
    );
    await oneLine(fm('sample', '--scene', scenePath, '--n', '100000', '--steps', '100', '--trajectories'), 2, /--trajectories .* prints 10,100,000 points; the limit is 5,000,000/);
    // 2,100 points x 100 steps = 210,000 evaluations: progress lines, and the same points as one batch in-process.
    const long = await fm('sample', '--scene', scenePath, '--n', '2100', '--steps', '100');
    expect(long.status).toBe(0);
    const lines = long.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines[0]).toMatch(/^fm: sampled 105 of 2,100 points \(.* s left\)$/);
    expect(lines[lines.length - 1]).toMatch(/^fm: sampled 2,100 of 2,100 points \(\d+\.\d s\)$/);
    const out = csvPairs(long.stdout);
    const starts = resample(scene.source.points, 2100, scene.train.jitter, createRng(deriveSeed(scene.seed, 'particles')));
    const model = modelOf(scene);
    const traj = await integrateTrajectories(model, { start: starts, steps: 100, solver: 'euler' });
    model.dispose();
    expect(f32(out.flat())).toEqual(Array.from(endPoints(traj, 100)));
  }, 60_000);

  it('a negative --steps gets the whole message: the range, not a cut-off hint', async () => {
    await Promise.all([
      oneLine(fm('sample', '--scene', scenePath, '--steps', '-5'), 2, /^fm: error: --steps must be between 1 and 10000 \(got -5\)$/),
      // A value that starts with a dash but is no number: node's hint, complete on one line.
      oneLine(fm('sample', '--scene', scenePath, '--solver', '-x'), 2, /ambiguous\. Did you forget to specify the option argument for '--solver'\? To specify an option argument starting with a dash use '--solver=-XYZ'\.$/),
    ]);
  }, SLOW);
});

describe('objectives: the CNF and RealNVP by maximum likelihood, and fm nll', () => {
  const SOURCE = 'gaussian';
  const TARGET = 'gaussian:3,2,0.5';
  const GAUSS = { mean: [0, 0] as [number, number], std: 1 };
  let nvpPath: string;
  let cnfPath: string;
  let moonsPath: string;
  let pointsPath: string;
  const runs: Record<string, Run> = {};
  const POINTS = [3, 2, 3.5, 1.25, 0, 0];

  beforeAll(async () => {
    nvpPath = join(dir, 'nvp.json');
    cnfPath = join(dir, 'cnf.json');
    moonsPath = join(dir, 'moons-source.json');
    pointsPath = join(dir, 'nll-points.csv');
    writeFileSync(pointsPath, `x,y\n${POINTS[0]},${POINTS[1]}\n${POINTS[2]},${POINTS[3]}\n${POINTS[4]},${POINTS[5]}\n`);
    const [nvp, cnf, moons] = await Promise.all([
      fm('train', '--objective', 'realnvp', '--couplings', '4', '--source', SOURCE, '--target', TARGET, '--steps', '20', '--batch', '64', '--seed', '2', '--out', nvpPath),
      fm('train', '--objective', 'cnf', '--cnf-steps', '2', '--width', '8', '--layers', '1', '--source', SOURCE, '--target', TARGET, '--steps', '5', '--batch', '32', '--seed', '2', '--out', cnfPath),
      fm('train', '--source', 'moons', '--target', 'gaussian', '--steps', '2', '--width', '8', '--layers', '1', '--batch', '16', '--out', moonsPath, '-q'),
    ]);
    Object.assign(runs, { nvp, cnf, moons });
  }, 60_000);

  it('train --objective realnvp writes a RealNVP scene with the engine trainer\'s weights, its NLL as the loss', async () => {
    expect(runs.nvp.status, runs.nvp.stderr).toBe(0);
    expect(runs.nvp.stderr).toMatch(/^fm: training 20 steps of RealNVP \(4 couplings of 2 x 32, maximum likelihood\), batch 64, on wasm/);
    expect(runs.nvp.stderr).toMatch(/fm: step 20\/20 {2}nll \d+\.\d{4} /);
    expect(runs.nvp.stderr).toMatch(/fm: wrote .*nvp\.json \(RealNVP, 20 steps, final NLL \d+\.\d{4}/);
    const s = parseSceneText(readFileSync(nvpPath, 'utf8'));
    expect(s.objective).toBe('realnvp');
    expect(s.flow?.couplings).toBe(4);
    expect(s.weights?.shape).toEqual({ couplings: 4, hiddenLayers: 2, width: 32 });
    expect(s.weights?.step).toBe(20);
    // The same run in-process: the same weights to the last bit.
    const { trainLikelihood } = await import('../../src/cli/trainLikelihood');
    const ref = await trainLikelihood({ objective: 'realnvp', sourceSpec: SOURCE, targetSpec: TARGET, sourceDensity: GAUSS, seed: 2, steps: 20, train: s.train, flow: s.flow! });
    expect(ref.weights.arrays).toEqual(s.weights!.arrays);
  }, SLOW);

  it('train --objective cnf writes a CNF scene: the velocity network trained through RK4 x --cnf-steps', async () => {
    expect(runs.cnf.status, runs.cnf.stderr).toBe(0);
    expect(runs.cnf.stderr).toMatch(/^fm: training 5 steps of the CNF \(1 x 8, RK4 x 2, maximum likelihood\)/);
    const s = parseSceneText(readFileSync(cnfPath, 'utf8'));
    expect(s.objective).toBe('cnf');
    expect(s.flow?.cnfSteps).toBe(2);
    expect(s.weights?.shape).toEqual({ hiddenLayers: 1, width: 8 });
    const { trainLikelihood } = await import('../../src/cli/trainLikelihood');
    const ref = await trainLikelihood({ objective: 'cnf', sourceSpec: SOURCE, targetSpec: TARGET, sourceDensity: GAUSS, seed: 2, steps: 5, train: s.train, flow: s.flow! });
    expect(ref.weights.arrays).toEqual(s.weights!.arrays);
  }, SLOW);

  it('nll prints one log-likelihood per point by each model\'s route, and the mean', async () => {
    const [nvpText, cnfJson, fmText] = await Promise.all([
      fm('nll', '--scene', nvpPath, '--points', pointsPath),
      fm('nll', '--scene', cnfPath, '--points', pointsPath, '--json'),
      fm('nll', '--scene', scenePath, '--points', pointsPath, '--steps', '8'),
    ]);
    const { RealNvp } = await import('../../src/engine/realnvp');
    const { odeLogLikelihood } = await import('../../src/cli/modelRoutes');
    const pts = Float32Array.from(POINTS);

    // RealNVP: its exact inverse.
    expect(nvpText.status, nvpText.stderr).toBe(0);
    const nvpValues = nvpText.stdout.trim().split('\n').map(Number);
    expect(nvpValues).toHaveLength(3);
    const nvpScene = parseSceneText(readFileSync(nvpPath, 'utf8'));
    const flow = new RealNvp(nvpScene.weights as never);
    expect(f32(nvpValues)).toEqual(Array.from(await flow.logLikelihood(pts, GAUSS)));
    flow.dispose();
    const mean = nvpValues.reduce((a, b) => a + b, 0) / 3;
    expect(nvpText.stderr).toBe(`fm: mean log-likelihood ${mean.toFixed(4)} nats per point (NLL ${(-mean).toFixed(4)}) over 3 points, RealNVP by the exact inverse\n`);
    // The target's own density is highest at its mean: a trained model ranks (3, 2) above (0, 0).
    expect(nvpValues[0]).toBeGreaterThan(nvpValues[2]);

    // The CNF: its own solve (RK4 x 2), as JSON.
    expect(cnfJson.status, cnfJson.stderr).toBe(0);
    expect(cnfJson.stderr).toBe('');
    const j = JSON.parse(cnfJson.stdout) as { objective: string; logLikelihood: number[]; mean: number; nllPerPoint: number };
    expect(j.objective).toBe('cnf');
    expect(j.logLikelihood).toHaveLength(3);
    const cnfScene = parseSceneText(readFileSync(cnfPath, 'utf8'));
    const cnfModel = modelOf(cnfScene);
    expect(f32(j.logLikelihood)).toEqual(Array.from(await odeLogLikelihood(cnfModel, pts, GAUSS, { steps: 2, solver: 'rk4' })));
    cnfModel.dispose();
    expect(j.mean).toBeCloseTo(j.logLikelihood.reduce((a, b) => a + b, 0) / 3, 6);
    expect(j.nllPerPoint).toBe(-j.mean);

    // Flow matching: the ODE with the exact divergence, here RK4 x 8 (--steps).
    expect(fmText.status, fmText.stderr).toBe(0);
    const fmModel = modelOf(scene);
    const src = { mean: [0, -2] as [number, number], std: 0.5 };
    expect(f32(fmText.stdout.trim().split('\n').map(Number))).toEqual(Array.from(await odeLogLikelihood(fmModel, pts, src, { steps: 8, solver: 'rk4' })));
    fmModel.dispose();
    expect(fmText.stderr).toMatch(/Flow matching by rk4 x 8 from t = 1 to 0 with the exact divergence\n$/);
  }, SLOW);

  it('sample and metrics work on a RealNVP scene: its forward map of the app\'s particle draw', async () => {
    const [sample, metrics] = await Promise.all([fm('sample', '--scene', nvpPath, '--n', '6', '--json'), fm('metrics', '--scene', nvpPath)]);
    expect(sample.status, sample.stderr).toBe(0);
    const { points } = JSON.parse(sample.stdout) as { points: number[][] };
    const s = parseSceneText(readFileSync(nvpPath, 'utf8'));
    const starts = resample(s.source.points, 6, s.train.jitter, createRng(deriveSeed(s.seed, 'particles')));
    const { RealNvp } = await import('../../src/engine/realnvp');
    const flow = new RealNvp(s.weights as never);
    expect(f32(points.flat())).toEqual(Array.from(await flow.mapPoints(starts)));
    flow.dispose();
    expect(metrics.status, metrics.stderr).toBe(0);
    const m = JSON.parse(metrics.stdout) as Record<string, unknown>;
    expect(m.objective).toBe('realnvp');
    expect(m.couplings).toBe(4);
    expect(m.solver).toBeUndefined();
    expect(Number.isFinite(m.slicedW2)).toBe(true);
  }, SLOW);

  it('refuses what does not apply, in one line: a non-Gaussian source for likelihoods, options of another objective', async () => {
    expect(runs.moons.status, runs.moons.stderr).toBe(0);
    const oneLine = (r: Run, message: RegExp) => {
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    };
    const [trainMoons, nllMoons, nvpSolver, fmCouplings, nvpField] = await Promise.all([
      fm('train', '--objective', 'cnf', '--source', 'moons', '--target', TARGET, '--out', join(dir, 'no.json')),
      fm('nll', '--scene', moonsPath, '--points', pointsPath),
      fm('nll', '--scene', nvpPath, '--points', pointsPath, '--solver', 'euler'),
      fm('train', '--couplings', '4', '--source', SOURCE, '--target', TARGET, '--out', join(dir, 'no.json')),
      fm('field', '--scene', nvpPath, '--t', '0.5', '--points', pointsPath),
    ]);
    oneLine(trainMoons, /^fm: error: --objective cnf trains by maximum likelihood, which needs the source's exact density: use a gaussian source .*--source moons has none$/);
    oneLine(nllMoons, /^fm: error: fm nll needs the exact density of the source, and the scene's source \(moons\) has none in closed form: .*use a scene trained from a gaussian source$/);
    oneLine(nvpSolver, /^fm: error: --solver sets the ODE solve; a RealNVP's likelihood is exact by its inverse/);
    oneLine(fmCouplings, /^fm: error: --couplings sets the RealNVP's layers: it applies to --objective realnvp, not fm$/);
    oneLine(nvpField, /a RealNVP has no velocity field/);
  }, SLOW);

  it('a version-1 scene file still opens, as flow matching, with the same samples', async () => {
    const doc = JSON.parse(readFileSync(scenePath, 'utf8'));
    expect(doc.version).toBe(2);
    expect(doc.objective).toBe('fm');
    doc.version = 1;
    delete doc.objective;
    delete doc.flow;
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify(doc));
    const [a, b] = await Promise.all([okOut('sample', '--scene', v1, '--n', '8'), okOut('sample', '--scene', scenePath, '--n', '8')]);
    expect(a).toBe(b);
    expect(csvPairs(a)).toHaveLength(8);
  }, SLOW);
});
