/**
 * fm: the playground's engine on the command line. Same presets, seeds, trainer and sampler as the
 * app, on tfjs's wasm backend in Node (SIMD), as the app runs without a GPU; --backend cpu where wasm
 * cannot start:
 *
 *   npm run fm -- train --source gaussian --target moons --steps 2000 --out scene.json
 *   npm run fm -- train --objective realnvp --source gaussian --target moons --steps 500 --out nvp.json
 *   npm run fm -- sample --scene scene.json --n 500 > points.csv
 *   npm run fm -- nll --scene nvp.json --points points.csv --json
 *   npm run fm -- field --scene scene.json --t 0.5 --points points.csv --json
 *   npm run fm -- metrics --scene scene.json
 *
 * npm run fm runs this file bundled with tfjs-core's ES build (scripts/fm.mjs): the likelihood
 * trainers need tfjs's gradients, which its CommonJS build (what tsx loads) does not register.
 * Input errors (a bad option, preset, file or scene) print one line to stderr and exit with status 2.
 */
import { accessSync, constants as fsConstants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, SAMPLE_LIMITS, SEED_LIMITS, TRAIN_LIMITS, type TrainConfig } from '../core/config';
import { classAccuracy, perClassAccuracy } from '../core/classAccuracy';
import { DIFFUSION_PATH_NAMES } from '../core/diffusionPaths';
import { gaussianSourceWarning } from '../core/gaussianSource';
import { LABELLED_PRESETS, MAX_CLASSES, pointsOfClass, presetClassCounts } from '../core/labels';
import { TARGET_KINDS } from '../core/predictionTargets';
import { deriveSeed } from '../core/rng';
import { particleClasses } from '../engine/diffusionSampling';
import { energyDistance, slicedW2, transportCost } from '../core/metrics';
import { slicedW2NoiseFloor } from '../core/noiseFloor';
import { formatPreset, parsePreset, PresetError, type PresetName } from '../core/presets';
import type { IsoGaussian } from '../core/gaussianField';
import { FIT_SAMPLES, fitDraw, particleDraw } from '../core/seededDraws';
import { guessColumns, ImportError, jsonPoints, parseTable, tablePoints } from '../core/pointImport';
import { formatFloat32 } from '../core/float32Text';
import { isPythonVariant, PYTHON_VARIANTS, PythonExportError, pythonScript } from '../core/pythonExport';
import { DEFAULT_SCENE_LAYERS } from '../core/layers';
import { DEFAULT_FLOW, FLOW_LIMITS, OBJECTIVE_LABELS, OBJECTIVES, needsSourceDensity, type FlowConfig, type Objective } from '../core/objectives';
import {
  COUPLING_NAMES,
  isRealNvpWeights,
  MAX_COORD,
  SCENE_VERSION,
  sceneFlow,
  sceneMlpWeights,
  sceneObjective,
  SceneError,
  type Scene,
  type SceneModelWeights,
} from '../core/scene';
import { sourceDensityOf } from '../core/sourceDensity';
import { parseSceneText } from '../core/sceneParse';
import { sceneToJson } from '../core/sceneWrite';
import { endPoints, evalsPerStep, SOLVER_NAMES, type SolverName } from '../core/solvers';
import type { Mlp } from '../engine/mlp';
import type { RealNvp } from '../engine/realnvp';
import { explicitTransposeFor } from '../engine/trainerOptions';
import type { NodeBackend, NodeBackendInfo } from './nodeBackend';
import { TrainProgress } from './progress';

import { InputError } from './inputError';
import { IMAGE_USAGE, imageMetrics, imageSample, imageTrain, isImageSceneFile } from './images';
import { choiceOption, numberOption, parseCommand, required } from './args';

const USAGE = `fm: the Flow Matching Playground engine on the command line

Usage: npm run fm -- <command> [options]

Commands:
  train    --source SPEC --target SPEC --out FILE [--steps N (2000)] [--seed S (1)]
           [--objective fm|cnf|realnvp] [--cnf-steps N (8)] [--couplings K (8)]
           [--coupling independent|ot] [--batch B] [--width W] [--layers L] [--lr X] [--jitter J] [--quiet]
           [--path straight|cosine|vp|ve] [--target-kind velocity|epsilon|score]
           [--labels [--classes K] [--label-drop P (0.15)]]
           Train a model between two presets and write a scene file with its weights. --objective:
           fm (default) flow matching, a velocity field regressed on x1 - x0; cnf the same velocity
           network trained by maximum likelihood through an RK4 solve of --cnf-steps steps (with the
           exact divergence); realnvp a normalizing flow of --couplings affine coupling layers (each a
           2 x 32 MLP), trained by maximum likelihood. cnf and realnvp need the source's exact
           density: a Gaussian source (gaussian or gaussian:MX,MY,STD).
           Defaults are the app's (3 x 64, batch 256, lr 0.004). Progress (steps, loss or NLL,
           steps/s, time left) goes to stderr, unless --quiet.
           Flow matching as diffusion (--objective fm): --path vp (variance preserving, DDPM's linear
           beta) and ve (variance exploding) are Gaussian diffusion paths beside straight and cosine;
           --target-kind epsilon (DDPM's noise) or score (denoising score matching, sigma^2-weighted)
           trains another target, converted to the velocity when sampling. vp, ve and score assume a
           standard normal source (--source gaussian). --labels trains a conditional model v(x, t, c)
           on a labelled target preset (${Object.keys(LABELLED_PRESETS).join(', ')}; --classes K picks
           eight-gaussians' 4 or 2 classes), the class hidden with probability --label-drop so that
           the same network is also unconditional (classifier-free guidance).
  sample   --scene FILE [--n N] [--solver euler|midpoint|heun|rk4] [--steps K] [--reverse]
           [--trajectories] [--json] [--seed S] [--class C] [--guidance W] [--sde SIGMA]
           Move N points drawn from the source (the target with --reverse, integrating t from 1 to 0)
           along the learned flow; print the end points as "x,y" lines, or {"points": [[x, y], ...]}
           with --json, or {"trajectories": [[[x, y], ...], ...]} with --trajectories. A RealNVP
           scene maps the points through its couplings instead (--reverse: its exact inverse); its
           trajectories hold the points after each coupling; --solver and --steps do not apply.
           A conditional scene samples class C (--class; default: each point a class drawn from
           the target's labels) with classifier-free guidance W in [0, 8] (--guidance; 0 is the
           unconditional model, 1 the plain conditional one, more pushes deeper into the class);
           its lines are "x,y,class" ({"points": ..., "classes": [...]} with --json).
           --sde SIGMA in [0, 4] samples by the SDE (Euler-Maruyama, seeded noise, forward only)
           with the same marginals; 0 is the ODE. Defaults come from the scene's sample settings.
  nll      --scene FILE --points FILE [--json] [--solver NAME] [--steps K]
           Print each point's exact log-likelihood under the scene's model (nats), one per line, and
           their mean on stderr; or {"logLikelihood": [...], "mean": m, "nllPerPoint": -m} with
           --json. Each model by its own route: fm and cnf by the ODE from t = 1 back to 0 with the
           exact divergence (RK4; 32 steps for fm, the scene's cnf steps for cnf, unless --solver /
           --steps), realnvp by its exact inverse. The scene's source must be a Gaussian preset.
  field    --scene FILE --t T --points FILE [--json] [--class C] [--guidance W]
           Print the learned velocity at each point of FILE (CSV "x,y" lines with an optional header,
           or JSON {"points": [[x, y], ...]} or [[x, y], ...]) at time T, as "u,v" lines or
           {"velocities": [[u, v], ...]} with --json. (fm and cnf scenes: a RealNVP has no velocity.)
  metrics  --scene FILE [--solver NAME] [--steps K] [--seed S] [--class C] [--guidance W] [--sde SIGMA]
           Print JSON: sliced W2 between 1,000 generated and 1,000 target points and its noise floor
           (the mean over 8 pairs of independent 1,000-point target draws, with their standard
           deviation, min and max), the energy distance (and its floor, from one pair), and the
           transport cost of the generated paths. A conditional scene adds the class accuracy (the
           share of generated points whose nearest target point has the asked class) and, per
           class, its accuracy and sliced W2 against that class's target points with its noise floor.
  export   --scene FILE --python [--variant torch|flow_matching] [--out FILE]
           Write a runnable PyTorch script of the scene (its clouds, network, path, coupling,
           settings, solver, and trained weights when it has them) to FILE or stdout. --variant
           flow_matching takes the path and the ODE solver from Meta's flow_matching library
           (pip install flow_matching); torch (the default) needs only torch.

Every command takes --backend wasm|cpu. wasm (the default, SIMD) is the app's backend without a
GPU: the same seed gives the same clouds, batches, weights and losses as the app on wasm, at about
10 ms a step at the defaults (2,000 steps took 19 s on a 2-core machine). cpu is ~18x slower;
use it where wasm cannot start. FM_WASM_DIR names another folder holding the tfjs-backend-wasm .wasm files.

SPEC is a preset: gaussian (= gaussian:0,0,1), gaussian:MX,MY,STD, eight-gaussians, moons,
checkerboard, spiral, rings, smiley. The same seed gives the same clouds, weights and particles as
the app. Defaults for sample, field and metrics come from the scene's settings and seed.
Exit status: 0 on success, 2 for bad input, 1 for anything else.

${IMAGE_USAGE}`;

// ---------------------------------------------------------------------------------------------
// Arguments

function presetOption(raw: string, name: string): string {
  try {
    return formatPreset(parsePreset(raw));
  } catch (e) {
    throw new InputError(`--${name}: ${e instanceof PresetError ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Files

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
    throw new InputError(`cannot read ${what} ${path}: ${why}`);
  }
}

function loadScene(path: string): Scene & { weights: NonNullable<Scene['weights']> } {
  const text = readText(path, 'scene');
  let scene: Scene;
  try {
    scene = parseSceneText(text);
  } catch (e) {
    throw new InputError(`${path}: ${e instanceof SceneError ? e.message : String(e)}`);
  }
  if (!scene.weights) throw new InputError(`${path} holds no trained weights; train one with "fm train"`);
  return scene as Scene & { weights: NonNullable<Scene['weights']> };
}

/**
 * Points from a CSV / TSV (header and x / y columns detected, # comments) or JSON file, read by the
 * app's own importer (core/pointImport), then held to the scene's coordinate bound.
 */
function parsePointsText(text: string, name: string): Float32Array {
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const points = jsonPoints(trimmed);
      checkInBound(points, name);
      return points;
    }
    const table = parseTable(text);
    const { x, y } = guessColumns(table);
    // The bound first, on the numbers as written: 1e308 is outside the bound, not merely "too large".
    checkInBound(table.rows.flatMap((r) => [Number(r[x]), Number(r[y])]), name, (k) => table.lines[k]);
    return tablePoints(table, x, y);
  } catch (e) {
    if (e instanceof ImportError) throw new InputError(`${name}: ${e.message}`);
    throw e;
  }
}

/** Refuse an output path that cannot take the file, before a long run rather than after it. */
function checkWritable(out: string, folder: string): void {
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(out);
  } catch {
    existing = null;
  }
  if (existing?.isDirectory()) throw new InputError(`cannot write ${out}: it is a folder; give a file name such as ${join(out, 'scene.json')}`);
  try {
    accessSync(existing ? out : folder, fsConstants.W_OK);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(`cannot write ${out}: ${existing ? 'the file is not writable' : `the folder ${folder} ${missing ? 'does not exist' : 'is not writable'}`}`);
  }
}

/**
 * Points outside the scene's coordinate bound are refused: clouds never leave it, and far out the
 * float32 network overflows (1e308 reads as Infinity and gives no velocity at all).
 */
function checkInBound(coords: ArrayLike<number>, name: string, lineOf?: (i: number) => number): void {
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (Math.abs(x) > MAX_COORD || Math.abs(y) > MAX_COORD) {
      const where = lineOf ? `line ${lineOf(i / 2)}` : `point ${i / 2}`;
      throw new InputError(`${name} ${where}: (${x}, ${y}) is outside the scene's coordinate bound; |x| and |y| must be at most ${MAX_COORD}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

function pairsCsv(a: Float32Array): string {
  let out = '';
  for (let i = 0; i + 1 < a.length; i += 2) out += `${formatFloat32(a[i])},${formatFloat32(a[i + 1])}\n`;
  return out;
}

function pairsJson(a: Float32Array, from = 0, to = a.length): string {
  const parts: string[] = [];
  for (let i = from; i + 1 < to; i += 2) parts.push(`[${formatFloat32(a[i])},${formatFloat32(a[i + 1])}]`);
  return `[${parts.join(',')}]`;
}

const write = (text: string): void => {
  process.stdout.write(text);
};

let quiet = false;
const info = (text: string): void => {
  if (!quiet) process.stderr.write(`fm: ${text}\n`);
};

// ---------------------------------------------------------------------------------------------
// Engine

/** --backend, shared by every command. */
const BACKEND_OPTION = { backend: { type: 'string' } } as const;
const NODE_BACKENDS: readonly NodeBackend[] = ['wasm', 'cpu'];

function backendOption(v: Record<string, unknown>): NodeBackend {
  return choiceOption(v.backend as string | undefined, 'backend', NODE_BACKENDS, 'wasm');
}

/**
 * tfjs and everything on it, loaded once a command has checked its input: --help and bad input
 * answer without loading it (about a second of CPU).
 */
async function loadEngine() {
  const [{ startNodeBackend }, { Mlp }, { integrateTrajectories, velocitiesAt }, { trainPresets }, routes] = await Promise.all([
    import('./nodeBackend'),
    import('../engine/mlp'),
    import('../engine/sampling'),
    import('./trainPresets'),
    import('./modelRoutes'),
  ]);
  return { startNodeBackend, Mlp, integrateTrajectories, velocitiesAt, trainPresets, ...routes };
}

/**
 * The likelihood models (RealNVP, the maximum-likelihood trainers): they import tfjs's gradients,
 * which load only in the bundled command line (npm run fm, scripts/fm.mjs), not under plain tsx.
 */
async function loadFlows() {
  try {
    const [{ RealNvp }, { trainLikelihood }] = await Promise.all([import('../engine/realnvp'), import('./trainLikelihood')]);
    return { RealNvp, trainLikelihood };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`the likelihood models need tfjs's gradients, which did not load (${why}): run the command line as "npm run fm" (node scripts/fm.mjs), which bundles tfjs-core's ES build`);
  }
}

type Engine = Awaited<ReturnType<typeof loadEngine>> & { backend: NodeBackendInfo };

async function initEngine(backend: NodeBackend): Promise<Engine> {
  const engine = await loadEngine();
  return { ...engine, backend: await engine.startNodeBackend(backend) };
}

/** The scene's trained model: the velocity MLP (fm, cnf) or a RealNVP. */
type SceneModel = { kind: 'mlp'; model: Mlp } | { kind: 'realnvp'; model: RealNvp };

async function modelOf(scene: Scene & { weights: SceneModelWeights }, engine: Engine): Promise<SceneModel> {
  const w = scene.weights;
  if (isRealNvpWeights(w)) {
    const { RealNvp } = await loadFlows();
    return { kind: 'realnvp', model: new RealNvp({ shape: w.shape, arrays: w.arrays }) };
  }
  return { kind: 'mlp', model: new engine.Mlp({ shape: w.shape, arrays: w.arrays }, { explicitTranspose: explicitTransposeFor(engine.backend.name) }) };
}

/** The exact Gaussian density of the scene's source, or the input error saying why there is none. */
function sceneSourceDensity(scene: Scene): IsoGaussian {
  const o = scene.source.origin;
  const density = sourceDensityOf(o.kind === 'preset' ? parsePreset(o.spec) : null);
  if (density.ok) return density.gaussian;
  const which = o.kind === 'preset' ? `the scene's source (${o.spec})` : "the scene's source (drawn or imported)";
  throw new InputError(
    `fm nll needs the exact density of the source, and ${which} has none in closed form: a model's likelihood is the source density where a point came from, times the change of volume; use a scene trained from a gaussian source`,
  );
}

interface SampleRun {
  starts: Float32Array;
  trajectories: Float32Array;
  steps: number;
}

/** Network evaluations (points x steps x evaluations a step) fm sample takes on: ~2 minutes on wasm at 3 x 128, ~30x that on cpu. */
export const SAMPLE_EVAL_LIMIT = 20_000_000;
/** Above this many evaluations (more than a few seconds), fm sample reports its progress on stderr. */
const PROGRESS_EVALS = 200_000;
/** Points of --trajectories output (n x (steps + 1)) at most: each is a line of JSON text. */
export const TRAJECTORY_POINT_LIMIT = 5_000_000;

const count = (v: number): string => v.toLocaleString('en-US');

/** Refuse a workload that would run for hours (or print gigabytes) with the limit and what to lower. */
function checkSampleWorkload(n: number, steps: number, solver: SolverName, trajectories: boolean): void {
  const per = evalsPerStep(solver);
  const evals = n * steps * per;
  if (evals > SAMPLE_EVAL_LIMIT) {
    throw new InputError(
      `--n ${count(n)} x --steps ${count(steps)} (${solver}: ${per} network evaluation${per > 1 ? 's' : ''} a step) is ${count(evals)} network evaluations; ` +
        `fm sample takes at most ${count(SAMPLE_EVAL_LIMIT)} (about 2 minutes on wasm at 3 x 128): lower --n or --steps`,
    );
  }
  const points = n * (steps + 1);
  if (trajectories && points > TRAJECTORY_POINT_LIMIT) {
    throw new InputError(`--trajectories with --n ${count(n)} and --steps ${count(steps)} prints ${count(points)} points; the limit is ${count(TRAJECTORY_POINT_LIMIT)}: lower --n or --steps`);
  }
}

/** Start points as the app's worker draws its particles, then the learned ODE (in chunks of particles, with progress on stderr for long runs). */
async function runSample(
  engine: Engine,
  sceneModel: SceneModel,
  scene: Scene,
  opts: { n: number; solver: SolverName; steps: number; seed: number; reverse: boolean; guided?: Guided },
  progress?: (done: number, total: number) => void,
): Promise<SampleRun> {
  const cloud = opts.reverse ? scene.target.points : scene.source.points;
  if (cloud.length === 0) throw new InputError(`the scene's ${opts.reverse ? 'target' : 'source'} cloud is empty`);
  const starts = particleDraw(cloud, opts.n, scene.train.jitter, opts.seed);
  // A RealNVP has no ODE: its "steps" are its couplings, each applied once.
  if (sceneModel.kind === 'realnvp') {
    return { starts, trajectories: await engine.realNvpTrajectories(sceneModel.model, starts, opts.reverse), steps: sceneModel.model.couplings };
  }
  const model = sceneModel.model;
  const g = opts.guided;
  if (g && g.sdeNoise > 0 && opts.reverse) throw new InputError('--sde samples forward from the source; it does not run with --reverse');
  // Flow-matching scenes sample by their path and prediction kind (a cnf model is a plain velocity field).
  const fm = sceneObjective(scene) === 'fm';
  const integrate = (start: Float32Array, from: number) =>
    engine.integrateTrajectories(model, {
      start,
      steps: opts.steps,
      solver: opts.solver,
      t0: opts.reverse ? 1 : 0,
      t1: opts.reverse ? 0 : 1,
      diffusion: fm
        ? {
            kind: scene.train.targetKind,
            path: scene.train.path,
            labels: g?.classes?.subarray(from, from + (start.length >> 1)) ?? null,
            guidance: g?.guidance ?? 1,
            sdeNoise: g?.sdeNoise ?? 0,
            // Chunks of the SDE draw their own noise streams (the ODE's chunks equal one batch).
            seed: deriveSeed(opts.seed, `sde-${from}`),
          }
        : undefined,
    });
  const long = opts.n * opts.steps * evalsPerStep(opts.solver) > PROGRESS_EVALS;
  if (!progress || !long) return { starts, trajectories: await integrate(starts, 0), steps: opts.steps };
  // Each particle integrates on its own, so chunks give the same numbers as one batch.
  const stride = 2 * (opts.steps + 1);
  const trajectories = new Float32Array(opts.n * stride);
  const chunk = Math.max(100, Math.ceil(opts.n / 20));
  for (let i = 0; i < opts.n; i += chunk) {
    const m = Math.min(chunk, opts.n - i);
    trajectories.set(await integrate(starts.subarray(2 * i, 2 * (i + m)), i), i * stride);
    progress(i + m, opts.n);
  }
  return { starts, trajectories, steps: opts.steps };
}

// ---------------------------------------------------------------------------------------------
// Classes and guidance

/** fm train --labels: the class count of a labelled target preset (--classes, else its default). */
function labelledClasses(targetSpec: string, raw: string | undefined): number {
  const name = parsePreset(targetSpec).name as PresetName;
  const counts = presetClassCounts(name);
  if (counts.length === 0) throw new InputError(`--labels needs a labelled target preset: ${Object.keys(LABELLED_PRESETS).join(', ')} (--target ${targetSpec} has no classes)`);
  const k = numberOption(raw, 'classes', { min: 1, max: MAX_CLASSES, integer: true }, counts[0]);
  if (!counts.includes(k)) throw new InputError(`--classes: ${name} comes in ${counts.join(' or ')} classes (got ${k})`);
  return k;
}

/** How a scene's model samples, from the options and the scene's sample settings. */
interface Guided {
  /** The asked class of each particle (conditional scenes), else null. */
  classes: Uint8Array | null;
  sampleClass: number | null;
  guidance: number;
  sdeNoise: number;
}

/** Classes in a labelled target: 1 + its largest label (0 without labels). */
function classCount(scene: Scene): number {
  const l = scene.target.labels;
  return l && l.length > 0 ? Math.max(...l) + 1 : 0;
}

function guidedOptions(v: Record<string, unknown>, scene: Scene, n: number, seed: number): Guided {
  const w = sceneMlpWeights(scene);
  const conditional = sceneObjective(scene) === 'fm' && w?.shape.conditional === true;
  if (!conditional) {
    for (const k of ['class', 'guidance'] as const) {
      if (v[k] !== undefined) throw new InputError(`--${k} needs a conditional scene (fm train --labels); this scene's model takes no class`);
    }
  }
  if (v.sde !== undefined && sceneObjective(scene) !== 'fm') throw new InputError(`--sde samples a flow-matching model's Gaussian path; it does not apply to a ${sceneObjective(scene)} scene`);
  const sdeNoise = numberOption(v.sde as string | undefined, 'sde', SAMPLE_LIMITS.sdeNoise, sceneObjective(scene) === 'fm' ? scene.sample.sdeNoise : 0);
  if (!conditional) return { classes: null, sampleClass: null, guidance: 1, sdeNoise };
  const k = classCount(scene);
  const raw = v.class as string | undefined;
  const sampleClass = raw === undefined ? scene.sample.sampleClass : numberOption(raw, 'class', { min: 0, max: MAX_CLASSES - 1, integer: true }, 0);
  if (sampleClass !== null && sampleClass >= k) throw new InputError(`--class ${sampleClass}: the scene's target has ${k} class${k === 1 ? '' : 'es'} (0${k > 1 ? `..${k - 1}` : ''})`);
  if (sampleClass === null && k === 0) throw new InputError("the scene's target has no labels to draw classes from: give --class C");
  const guidance = numberOption(v.guidance as string | undefined, 'guidance', SAMPLE_LIMITS.guidance, scene.sample.guidance);
  return { classes: particleClasses(sampleClass, scene.target.labels, n, seed), sampleClass, guidance, sdeNoise };
}

const GUIDED_OPTIONS = { class: { type: 'string' }, guidance: { type: 'string' }, sde: { type: 'string' } } as const;

// ---------------------------------------------------------------------------------------------
// Commands

/** The value of --name in args (either "--name V" or "--name=V"), or undefined. */
function argValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** Image commands: train with --data, sample / metrics of an image scene (or sample --png). */
const wantsImages = (args: string[], flag: string): boolean => argValue(args, flag) !== undefined || args.includes(`--${flag}`);
const imageScene = (args: string[]): boolean => {
  const path = argValue(args, 'scene');
  return path !== undefined && isImageSceneFile(path);
};

async function cmdTrain(args: string[]): Promise<void> {
  if (wantsImages(args, 'data')) return imageTrain(args, backendOption);
  const v = parseCommand(args, {
    source: { type: 'string' },
    target: { type: 'string' },
    out: { type: 'string', short: 'o' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    objective: { type: 'string' },
    'cnf-steps': { type: 'string' },
    couplings: { type: 'string' },
    coupling: { type: 'string' },
    batch: { type: 'string' },
    width: { type: 'string' },
    layers: { type: 'string' },
    lr: { type: 'string' },
    jitter: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    path: { type: 'string' },
    'target-kind': { type: 'string' },
    labels: { type: 'boolean' },
    classes: { type: 'string' },
    'label-drop': { type: 'string' },
    ...BACKEND_OPTION,
  });
  if (v.help) return write(USAGE);
  const backendName = backendOption(v);
  quiet = v.quiet === true;
  const objective = choiceOption<Objective>(v.objective as string | undefined, 'objective', OBJECTIVES, 'fm');
  const sourceSpec = presetOption(required(v, 'source'), 'source');
  const targetSpec = presetOption(required(v, 'target'), 'target');
  // Options of another objective would silently do nothing: say so.
  if (v['cnf-steps'] !== undefined && objective !== 'cnf') throw new InputError(`--cnf-steps sets the CNF's solve: it applies to --objective cnf, not ${objective}`);
  if (v.couplings !== undefined && objective !== 'realnvp') throw new InputError(`--couplings sets the RealNVP's layers: it applies to --objective realnvp, not ${objective}`);
  if (v.coupling !== undefined && objective !== 'fm') throw new InputError(`--coupling pairs source and target points for flow matching: it does not apply to --objective ${objective}`);
  for (const k of ['path', 'target-kind', 'labels'] as const) {
    if (v[k] !== undefined && objective !== 'fm') throw new InputError(`--${k} sets flow-matching (diffusion) training: it does not apply to --objective ${objective}`);
  }
  for (const k of ['classes', 'label-drop'] as const) {
    if (v[k] !== undefined && !v.labels) throw new InputError(`--${k} sets conditional training: add --labels`);
  }
  const classes = v.labels ? labelledClasses(targetSpec, v.classes as string | undefined) : undefined;
  let sourceDensity: IsoGaussian | null = null;
  if (needsSourceDensity(objective)) {
    const density = sourceDensityOf(parsePreset(sourceSpec));
    if (!density.ok) throw new InputError(`--objective ${objective} trains by maximum likelihood, which needs the source's exact density: use a gaussian source (--source gaussian or gaussian:MX,MY,STD); --source ${sourceSpec} has none`);
    sourceDensity = density.gaussian;
  }
  const out = required(v, 'out');
  // Fail before a long run, not after it.
  const folder = dirname(resolve(out));
  let folderOk = false;
  try {
    folderOk = statSync(folder).isDirectory();
  } catch {
    folderOk = false;
  }
  if (!folderOk) throw new InputError(`cannot write ${out}: the folder ${folder} does not exist`);
  checkWritable(out, folder);
  const steps = numberOption(v.steps as string | undefined, 'steps', { min: 1, max: 1_000_000, integer: true }, 2000);
  const seed = numberOption(v.seed as string | undefined, 'seed', SEED_LIMITS, 1);
  const train: TrainConfig = {
    ...DEFAULT_TRAIN,
    coupling: choiceOption(v.coupling as string | undefined, 'coupling', COUPLING_NAMES, DEFAULT_TRAIN.coupling),
    batchSize: numberOption(v.batch as string | undefined, 'batch', TRAIN_LIMITS.batchSize, DEFAULT_TRAIN.batchSize),
    width: numberOption(v.width as string | undefined, 'width', TRAIN_LIMITS.width, DEFAULT_TRAIN.width),
    hiddenLayers: numberOption(v.layers as string | undefined, 'layers', TRAIN_LIMITS.hiddenLayers, DEFAULT_TRAIN.hiddenLayers),
    learningRate: numberOption(v.lr as string | undefined, 'lr', TRAIN_LIMITS.learningRate, DEFAULT_TRAIN.learningRate),
    jitter: numberOption(v.jitter as string | undefined, 'jitter', TRAIN_LIMITS.jitter, DEFAULT_TRAIN.jitter),
    path: choiceOption(v.path as string | undefined, 'path', DIFFUSION_PATH_NAMES, DEFAULT_TRAIN.path),
    targetKind: choiceOption(v['target-kind'] as string | undefined, 'target-kind', TARGET_KINDS, DEFAULT_TRAIN.targetKind),
    conditional: classes !== undefined,
    labelDrop: numberOption(v['label-drop'] as string | undefined, 'label-drop', TRAIN_LIMITS.labelDrop, DEFAULT_TRAIN.labelDrop),
  };
  // A warning, not an error: any source trains, but these settings read it as N(0, I) noise.
  const sourceWarning = gaussianSourceWarning(train.path, train.targetKind, 0, sourceSpec);
  const flow: FlowConfig = {
    ...DEFAULT_FLOW,
    cnfSteps: numberOption(v['cnf-steps'] as string | undefined, 'cnf-steps', FLOW_LIMITS.cnfSteps, DEFAULT_FLOW.cnfSteps),
    couplings: numberOption(v.couplings as string | undefined, 'couplings', FLOW_LIMITS.couplings, DEFAULT_FLOW.couplings),
  };
  const engine = await initEngine(backendName);
  const flows = sourceDensity ? await loadFlows() : null;
  const backend = engine.backend;
  const what =
    objective === 'fm'
      ? `${train.hiddenLayers} x ${train.width}`
      : objective === 'cnf'
        ? `the CNF (${train.hiddenLayers} x ${train.width}, RK4 x ${flow.cnfSteps}, maximum likelihood)`
        : `RealNVP (${flow.couplings} couplings of ${flow.couplingLayers} x ${flow.couplingWidth}, maximum likelihood)`;
  info(`training ${count(steps)} steps of ${what}, batch ${train.batchSize}, on ${backend.label}`);
  if (objective === 'fm' && (train.path !== 'straight' || train.targetKind !== 'velocity' || classes)) {
    info(`path ${train.path}, target ${train.targetKind}${classes ? `, conditional on ${classes} classes (label drop ${train.labelDrop})` : ''}`);
  }
  if (objective === 'fm' && sourceWarning) info(`warning: ${sourceWarning}`);
  const started = Date.now();
  const progress = quiet ? null : new TrainProgress({ total: steps, stream: process.stderr, lossLabel: objective === 'fm' ? 'loss' : 'nll' });
  let trained: { source: Float32Array; target: Float32Array; targetLabels?: Uint8Array | null; step: number; last: number; weights: SceneModelWeights };
  try {
    if (flows && sourceDensity && objective !== 'fm') {
      const r = await flows.trainLikelihood({ objective, sourceSpec, targetSpec, sourceDensity, seed, steps, train, flow }, (step, nll) =>
        progress?.update(step, nll.map((p) => p.nll)),
      );
      trained = { ...r, last: r.lastNll, weights: { ...r.weights, step: r.step } };
    } else {
      const r = await engine.trainPresets({ sourceSpec, targetSpec, seed, steps, train, classes }, (step, losses) => progress?.update(step, losses.map((p) => p.loss)));
      const shape = { hiddenLayers: r.weights.shape.hiddenLayers, width: r.weights.shape.width, ...(train.conditional ? { conditional: true } : {}) };
      trained = { ...r, last: r.lastLoss, weights: { shape, arrays: r.weights.arrays, step: r.step } };
    }
    progress?.finish();
  } finally {
    progress?.abort();
  }
  const scene: Scene = {
    version: SCENE_VERSION,
    objective,
    seed,
    source: { points: trained.source, origin: { kind: 'preset', spec: sourceSpec, seed } },
    target: { points: trained.target, origin: { kind: 'preset', spec: targetSpec, seed }, ...(trained.targetLabels ? { labels: trained.targetLabels } : {}) },
    train,
    flow,
    sample: { ...DEFAULT_SAMPLE },
    view: { t: 0, layers: { ...DEFAULT_SCENE_LAYERS } },
    weights: trained.weights,
  };
  try {
    writeFileSync(out, sceneToJson(scene));
  } catch (e) {
    throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  const lossName = objective === 'fm' ? 'loss' : 'NLL';
  info(`wrote ${out} (${objective === 'fm' ? '' : `${OBJECTIVE_LABELS[objective]}, `}${steps} steps, final ${lossName} ${trained.last.toFixed(4)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function sampleOptions(v: Record<string, unknown>, scene: Scene): { solver: SolverName; steps: number; seed: number } {
  if (sceneObjective(scene) === 'realnvp') {
    // A RealNVP maps points in one pass of its couplings: no ODE solve to set.
    for (const k of ['solver', 'steps'] as const) {
      if (v[k] !== undefined) throw new InputError(`--${k} sets the ODE solve; a RealNVP scene maps points through its ${sceneFlow(scene).couplings} couplings instead`);
    }
    return { solver: 'euler', steps: sceneFlow(scene).couplings, seed: numberOption(v.seed as string | undefined, 'seed', SEED_LIMITS, scene.seed) };
  }
  return {
    solver: choiceOption(v.solver as string | undefined, 'solver', SOLVER_NAMES, scene.sample.solver),
    steps: numberOption(v.steps as string | undefined, 'steps', { min: 1, max: 10_000, integer: true }, scene.sample.steps),
    seed: numberOption(v.seed as string | undefined, 'seed', SEED_LIMITS, scene.seed),
  };
}

async function cmdSample(args: string[]): Promise<void> {
  if (wantsImages(args, 'png') || imageScene(args)) return imageSample(args, backendOption);
  const v = parseCommand(args, {
    scene: { type: 'string' },
    n: { type: 'string' },
    solver: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    reverse: { type: 'boolean' },
    trajectories: { type: 'boolean' },
    json: { type: 'boolean' },
    ...GUIDED_OPTIONS,
    ...BACKEND_OPTION,
  });
  if (v.help) return write(USAGE);
  const backendName = backendOption(v);
  const scene = loadScene(required(v, 'scene'));
  const n = numberOption(v.n as string | undefined, 'n', { min: 1, max: 1_000_000, integer: true }, scene.sample.particles);
  const base = sampleOptions(v, scene);
  const guided = guidedOptions(v, scene, n, base.seed);
  const opts = { ...base, n, reverse: v.reverse === true, guided };
  if (guided.classes && v.reverse) throw new InputError('--reverse maps target points back to the source; a conditional scene samples forward for a class');
  checkSampleWorkload(n, opts.steps, opts.solver, v.trajectories === true);
  const engine = await initEngine(backendName);
  const model = await modelOf(scene, engine);
  const started = Date.now();
  const progress = (done: number, total: number): void => {
    const s = (Date.now() - started) / 1000;
    const left = done < total ? `, about ${Math.ceil((s * (total - done)) / done)} s left` : '';
    process.stderr.write(`fm: sampled ${count(done)} of ${count(total)} points (${s.toFixed(1)} s${left})\n`);
  };
  try {
    const run = await runSample(engine, model, scene, opts, progress);
    if (v.trajectories) {
      const stride = 2 * (run.steps + 1);
      const rows: string[] = [];
      for (let i = 0; i < n; i++) rows.push(pairsJson(run.trajectories, i * stride, (i + 1) * stride));
      write(`{"trajectories":[${rows.join(',\n')}]}\n`);
      return;
    }
    const ends = endPoints(run.trajectories, run.steps);
    const cls = guided.classes;
    if (cls) {
      if (v.json) return write(`{"points":${pairsJson(ends)},"classes":[${Array.from(cls).join(',')}]}\n`);
      let text = '';
      for (let i = 0; i < n; i++) text += `${formatFloat32(ends[2 * i])},${formatFloat32(ends[2 * i + 1])},${cls[i]}\n`;
      return write(text);
    }
    write(v.json ? `{"points":${pairsJson(ends)}}\n` : pairsCsv(ends));
  } finally {
    model.model.dispose();
  }
}

async function cmdField(args: string[]): Promise<void> {
  const v = parseCommand(args, {
    scene: { type: 'string' },
    t: { type: 'string' },
    points: { type: 'string' },
    json: { type: 'boolean' },
    class: { type: 'string' },
    guidance: { type: 'string' },
    ...BACKEND_OPTION,
  });
  if (v.help) return write(USAGE);
  const backendName = backendOption(v);
  const scene = loadScene(required(v, 'scene'));
  const mlpWeights = sceneMlpWeights(scene);
  if (!mlpWeights) throw new InputError('field prints the velocity of a flow-matching or CNF scene; a RealNVP has no velocity field (its map is discrete: fm sample --trajectories shows it layer by layer)');
  const t = numberOption(required(v, 't'), 't', { min: 0, max: 1 }, 0);
  // The velocity the sampler integrates: converted from the scene's target kind; a class (and guidance) for a conditional model.
  const fmScene = sceneObjective(scene) === 'fm';
  if (!(fmScene && mlpWeights.shape.conditional)) {
    for (const k of ['class', 'guidance'] as const) if (v[k] !== undefined) throw new InputError(`--${k} needs a conditional scene (fm train --labels)`);
  }
  const k = classCount(scene);
  const label = v.class === undefined ? undefined : numberOption(v.class as string, 'class', { min: 0, max: Math.max(0, k - 1), integer: true }, 0);
  const field = fmScene
    ? { kind: scene.train.targetKind, path: scene.train.path, label, guidance: numberOption(v.guidance as string | undefined, 'guidance', SAMPLE_LIMITS.guidance, 1) }
    : undefined;
  const file = required(v, 'points');
  const points = parsePointsText(readText(file, 'points file'), file);
  const engine = await initEngine(backendName);
  const model = new engine.Mlp({ shape: mlpWeights.shape, arrays: mlpWeights.arrays }, { explicitTranspose: explicitTransposeFor(engine.backend.name) });
  try {
    const n = points.length >> 1;
    const velocities = n === 0 ? new Float32Array(0) : await engine.velocitiesAt(model, points, new Float32Array(n).fill(t), field);
    const bad = velocities.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`the network gave a non-finite velocity at point ${bad >> 1} (${points[bad & ~1]}, ${points[bad | 1]}); no output written`);
    write(v.json ? `{"velocities":${pairsJson(velocities)}}\n` : pairsCsv(velocities));
  } finally {
    model.dispose();
  }
}

/** Sample count of the fit score, as in the app. */

async function cmdMetrics(args: string[]): Promise<void> {
  if (imageScene(args)) return imageMetrics(args, backendOption);
  const v = parseCommand(args, {
    scene: { type: 'string' },
    solver: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    ...GUIDED_OPTIONS,
    ...BACKEND_OPTION,
  });
  if (v.help) return write(USAGE);
  const backendName = backendOption(v);
  const scene = loadScene(required(v, 'scene'));
  const opts = sampleOptions(v, scene);
  if (scene.target.points.length === 0) throw new InputError("the scene's target cloud is empty");
  const guided = guidedOptions(v, scene, FIT_SAMPLES, opts.seed);
  const engine = await initEngine(backendName);
  const model = await modelOf(scene, engine);
  const nvp = model.kind === 'realnvp';
  try {
    // The same draws as the app's fit score: particles from 'particles', target draws from 'fit-a' / 'fit-b',
    // and the same noise floor (pair 0 is 'fit-a' / 'fit-b').
    const run = await runSample(engine, model, scene, { ...opts, n: FIT_SAMPLES, reverse: false, guided });
    const generated = endPoints(run.trajectories, run.steps);
    const jitter = scene.train.jitter;
    const drawA = fitDraw(scene.target.points, jitter, opts.seed, 'a');
    const drawB = fitDraw(scene.target.points, jitter, opts.seed, 'b');
    const floor = slicedW2NoiseFloor(scene.target.points, { samples: FIT_SAMPLES, jitter, seed: opts.seed });
    const result = {
      objective: sceneObjective(scene),
      step: scene.weights.step,
      samples: FIT_SAMPLES,
      // A RealNVP's samples come from its couplings, not a solver.
      solver: nvp ? undefined : opts.solver,
      steps: nvp ? undefined : opts.steps,
      couplings: nvp ? model.model.couplings : undefined,
      seed: opts.seed,
      slicedW2: slicedW2(generated, drawA),
      slicedW2Floor: floor.mean,
      slicedW2FloorStd: floor.std,
      slicedW2FloorMin: floor.min,
      slicedW2FloorMax: floor.max,
      slicedW2FloorPairs: floor.values.length,
      energyDistance: energyDistance(generated, drawA),
      energyDistanceFloor: energyDistance(drawA, drawB),
      transportCost: transportCost(run.starts, generated),
      ...(guided.sdeNoise > 0 ? { sdeNoise: guided.sdeNoise } : {}),
      ...(guided.classes ? classMetrics(scene, generated, guided, opts.seed, jitter) : {}),
    };
    write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    model.model.dispose();
  }
}

/**
 * Metrics of a conditional sample: the class accuracy (share of points whose nearest target point has
 * the asked class) and, per class asked, its accuracy and the sliced W2 between the points generated
 * for it and the target points of that class, with the noise floor of that class at the same count.
 */
function classMetrics(scene: Scene, generated: Float32Array, g: Guided, seed: number, jitter: number) {
  const asked = g.classes!;
  const labels = scene.target.labels!;
  const k = classCount(scene);
  const accuracy = perClassAccuracy(generated, asked, scene.target.points, labels, k);
  const perClass = [];
  for (let c = 0; c < k; c++) {
    const mine = pointsOfClass(generated, asked, c);
    if (mine.length === 0) continue;
    const theirs = pointsOfClass(scene.target.points, labels, c);
    const floor = slicedW2NoiseFloor(theirs, { samples: mine.length >> 1, jitter, seed: deriveSeed(seed, `class-${c}`) });
    perClass.push({ class: c, points: mine.length >> 1, accuracy: accuracy[c], slicedW2: slicedW2(mine, theirs), slicedW2Floor: floor.mean });
  }
  return {
    sampleClass: g.sampleClass,
    guidance: g.guidance,
    classAccuracy: classAccuracy(generated, asked, scene.target.points, labels),
    perClass,
  };
}

/** RK4 steps of fm nll's solve for a flow-matching scene (its model was never trained through one). */
export const FM_NLL_STEPS = 32;

/** Points fm nll scores at most (each takes an ODE solve with tangents, or a pass of the inverse). */
export const NLL_POINT_LIMIT = 200_000;

async function cmdNll(args: string[]): Promise<void> {
  const v = parseCommand(args, {
    scene: { type: 'string' },
    points: { type: 'string' },
    json: { type: 'boolean' },
    solver: { type: 'string' },
    steps: { type: 'string' },
    ...BACKEND_OPTION,
  });
  if (v.help) return write(USAGE);
  const backendName = backendOption(v);
  const path = required(v, 'scene');
  const scene = loadScene(path);
  const objective = sceneObjective(scene);
  const mlp = sceneMlpWeights(scene);
  if (objective === 'fm' && (mlp?.shape.conditional || scene.train.targetKind !== 'velocity' || scene.train.path === 've')) {
    throw new InputError('fm nll scores unconditional velocity models from a standard source; this scene is conditional, predicts another target, or starts from the VE path\'s wide source');
  }
  const source = sceneSourceDensity(scene);
  let ode: { solver: SolverName; steps: number } | null = null;
  if (objective === 'realnvp') {
    for (const k of ['solver', 'steps'] as const) {
      if (v[k] !== undefined) throw new InputError(`--${k} sets the ODE solve; a RealNVP's likelihood is exact by its inverse, with no solve`);
    }
  } else {
    // The CNF by the solve it was trained through; flow matching by a fine solve (it never trained through one).
    const steps = objective === 'cnf' ? sceneFlow(scene).cnfSteps : FM_NLL_STEPS;
    ode = {
      solver: choiceOption(v.solver as string | undefined, 'solver', SOLVER_NAMES, 'rk4'),
      steps: numberOption(v.steps as string | undefined, 'steps', { min: 1, max: 1000, integer: true }, steps),
    };
  }
  const file = required(v, 'points');
  const points = parsePointsText(readText(file, 'points file'), file);
  const n = points.length >> 1;
  if (n === 0) throw new InputError(`${file} holds no points`);
  if (n > NLL_POINT_LIMIT) throw new InputError(`${file} holds ${count(n)} points; fm nll scores at most ${count(NLL_POINT_LIMIT)}`);
  const engine = await initEngine(backendName);
  const model = await modelOf(scene, engine);
  try {
    const logp =
      model.kind === 'realnvp' ? await model.model.logLikelihood(points, source) : await engine.odeLogLikelihood(model.model, points, source, ode!);
    const bad = logp.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`the log-likelihood of point ${bad} (${points[2 * bad]}, ${points[2 * bad + 1]}) is ${logp[bad]}; no output written`);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += logp[i] / n;
    const route = ode ? `${ode.solver} x ${ode.steps} from t = 1 to 0 with the exact divergence` : 'the exact inverse';
    if (v.json) {
      const values = Array.from(logp, (x) => formatFloat32(x)).join(',');
      write(`{"objective":${JSON.stringify(objective)},"route":${JSON.stringify(route)},"logLikelihood":[${values}],"mean":${mean},"nllPerPoint":${-mean}}\n`);
      return;
    }
    write(Array.from(logp, (x) => `${formatFloat32(x)}\n`).join(''));
    process.stderr.write(`fm: mean log-likelihood ${mean.toFixed(4)} nats per point (NLL ${(-mean).toFixed(4)}) over ${count(n)} points, ${OBJECTIVE_LABELS[objective]} by ${route}\n`);
  } finally {
    model.model.dispose();
  }
}

async function cmdExport(args: string[]): Promise<void> {
  const v = parseCommand(args, { scene: { type: 'string' }, python: { type: 'boolean' }, variant: { type: 'string' }, out: { type: 'string' } });
  if (v.help) return write(USAGE);
  if (!v.python) throw new InputError('export writes --python (a PyTorch script); say --python');
  const variant = (v.variant as string | undefined) ?? 'torch';
  if (!isPythonVariant(variant)) throw new InputError(`--variant must be one of ${PYTHON_VARIANTS.join(', ')} (got ${variant})`);
  const path = required(v, 'scene');
  let scene: Scene;
  try {
    scene = parseSceneText(readText(path, 'scene'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: ${e instanceof SceneError ? e.message : String(e)}`);
  }
  if (sceneObjective(scene) === 'fm' && (scene.train.conditional || scene.train.targetKind !== 'velocity' || scene.train.path === 'vp' || scene.train.path === 've')) {
    throw new InputError('export --python writes unconditional velocity flow matching on the straight or cosine path; this scene is conditional, predicts another target or uses a diffusion path');
  }
  const name = basename(path).replace(/\.json$/i, '');
  let script: string;
  try {
    script = pythonScript(scene, name, { variant });
  } catch (e) {
    if (e instanceof PythonExportError) throw new InputError(e.message);
    throw e;
  }
  const out = v.out as string | undefined;
  if (out === undefined) return write(script);
  checkWritable(out, dirname(resolve(out)));
  writeFileSync(out, script);
  const mlp = sceneMlpWeights(scene);
  const why = scene.weights ? "a RealNVP's weights do not fit the script's velocity network: it trains flow matching from scratch" : 'no trained weights: it trains from scratch';
  process.stderr.write(`fm: wrote ${out} (${mlp ? `with the trained weights of step ${mlp.step}` : why})\n`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  train: cmdTrain,
  sample: cmdSample,
  nll: cmdNll,
  field: cmdField,
  metrics: cmdMetrics,
  export: cmdExport,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    write(USAGE);
    return 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new InputError(`unknown command "${command}"; use one of ${Object.keys(COMMANDS).join(', ')} (see fm --help)`);
    await run(rest);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`fm: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`fm: error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const status = await main(process.argv.slice(2));
// Exit explicitly once the output is out: nothing the engine left behind may keep the process alive.
await new Promise<void>((done) => process.stdout.write('', () => done()));
await new Promise<void>((done) => process.stderr.write('', () => done()));
process.exit(status);
