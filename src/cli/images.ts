/**
 * The command line's image commands: fm train --data, fm sample --png, fm metrics on an image scene.
 * Same data recipes, trainer, sampler and scene format (version 3, sceneImages.ts) as the Images view.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SEED_LIMITS } from '../core/config';
import { classAgreement, classMeans } from '../core/images/classify';
import { DEFAULT_HELD_OUT, DEFAULT_IMAGE_CONFIG, DEFAULT_IMAGE_SAMPLE, IMAGE_CONFIG_LIMITS, IMAGE_COUPLINGS, IMAGE_SAMPLE_LIMITS, type ImageTrainConfig } from '../core/images/imageConfig';
import { DIGIT_CLASSES, DIGITS_DEFAULT, IMAGE_DIM, splitHeldOut, type ImageSet } from '../core/images';
import { nearestRatio } from '../core/images/nearest';
import { slicedW2Pixels, slicedW2PixelsFloor } from '../core/images/pixelFit';
import { decodePng, imageGridPng } from '../core/images/png';
import { describeRecipe, imageSetFromRecipe, type ImageDataRecipe } from '../core/images/recipe';
import { grayFromRgba } from '../core/images/userImages';
import { deriveSeed } from '../core/rng';
import { SceneError } from '../core/scene';
import { MAX_IMPORTED, type ImageScene } from '../core/sceneImages';
import { isImageSceneJson, parseImageSceneText } from '../core/sceneParse';
import { imageSceneToJson } from '../core/sceneWrite';
import { SOLVER_NAMES, type SolverName } from '../core/solvers';
import type { Mlp } from '../engine/mlp';
import { explicitTransposeFor } from '../engine/trainerOptions';
import { choiceOption, numberOption, parseCommand, required } from './args';
import { InputError } from './inputError';
import type { NodeBackend } from './nodeBackend';
import { TrainProgress } from './progress';

export const IMAGE_USAGE = `Images (16 x 16 grayscale, 256 pixels in [-1, 1]; scene files of version 3):
  train    --data digits16|DIR --out FILE [--steps N (2000)] [--seed S (1)] [--per-class K (300)]
           [--data-seed S] [--source-data digits16|DIR] [--layers L (3)] [--width W (512)] [--batch B (256)]
           [--lr X (0.001)] [--label-drop P (0.15)] [--unconditional] [--coupling independent|ot]
           [--held-out F (0.1)] [--quiet]
           Train flow matching from N(0, I) noise (or --source-data images) to 16 x 16 images: the
           generated digits (digits16, --per-class of each of 0-9, seed --data-seed or --seed) or the
           PNG files of DIR (any size, resized and made grayscale with ink as +1; a file whose name
           starts with a digit, e.g. 3_a.png, is labelled with it when all are). Labelled data trains
           a class-conditional model (classifier-free guidance) unless --unconditional. A share
           --held-out is kept out of training for fm metrics.
  sample   --scene FILE --png OUT [--n N (64)] [--columns C (8)] [--scale S (4)] [--class C]
           [--guidance W] [--steps K] [--solver NAME] [--seed S]
           Sample N images from noise and write them as a PNG grid. A conditional scene samples digit
           --class C (default: 0-9 in turn) with guidance W (0 = unconditional, 1 = conditional).
  metrics  --scene FILE [--n N (256)] [--steps K] [--solver NAME] [--class C] [--guidance W] [--seed S]
           Print JSON: the pixel-space sliced W2 between N generated and the held-out images, its
           floor (N training images against the same held-out set: mean and sd over 4 draws), the
           nearest-neighbour ratio (generated-to-train over held-out-to-train distance: ~1 generates,
           << 1 copies) and, for a conditional digits scene, how often the nearest class mean is the
           asked class.
`;

const info = (quiet: boolean, text: string): void => {
  if (!quiet) process.stderr.write(`fm: ${text}\n`);
};

const count = (v: number): string => v.toLocaleString('en-US');

/** Whether the scene file at path holds an image scene (unreadable or not JSON: false, the 2D path reports it). */
export function isImageSceneFile(path: string): boolean {
  try {
    return isImageSceneJson(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return false;
  }
}

function loadImageScene(path: string): ImageScene {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read scene ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(e)}`);
  }
  try {
    return parseImageSceneText(text);
  } catch (e) {
    throw new InputError(`${path}: ${e instanceof SceneError ? e.message : String(e)}`);
  }
}

/** PNG files of a folder as an imported recipe; labels from a leading digit when every file has one. */
export function folderRecipe(dir: string): ImageDataRecipe {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.png$/i.test(n)).sort();
  } catch (e) {
    throw new InputError(`--data ${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : 'not a readable folder'}; use digits16 or a folder of PNG files`);
  }
  if (names.length === 0) throw new InputError(`--data ${dir}: no .png files in this folder`);
  if (names.length > MAX_IMPORTED) throw new InputError(`--data ${dir}: ${names.length} PNG files; at most ${MAX_IMPORTED}`);
  const images = names.map((n) => {
    try {
      const png = decodePng(new Uint8Array(readFileSync(join(dir, n))));
      return grayFromRgba(png.rgba, png.width, png.height);
    } catch (e) {
      throw new InputError(`${join(dir, n)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const digits = names.map((n) => /^(\d)/.exec(basename(n))?.[1]);
  const labelled = digits.every((d) => d !== undefined);
  return labelled ? { kind: 'imported', images, labels: digits.map(Number) } : { kind: 'imported', images };
}

function recipeOption(raw: string, name: string, seed: number, perClass: number): ImageDataRecipe {
  if (raw === 'digits16') return { kind: 'digits16', seed, perClass };
  let isDir = false;
  try {
    isDir = statSync(raw).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new InputError(`--${name} must be digits16 or a folder of PNG files (got "${raw}")`);
  return folderRecipe(raw);
}

async function startEngine(backend: NodeBackend) {
  const [{ startNodeBackend }, { Mlp }, { ImageTrainer }, { sampleImages, noiseImages }] = await Promise.all([
    import('./nodeBackend'),
    import('../engine/mlp'),
    import('../engine/imageTrainer'),
    import('../engine/imageSampling'),
  ]);
  const info = await startNodeBackend(backend);
  return { backend: info, Mlp, ImageTrainer, sampleImages, noiseImages, explicitTranspose: explicitTransposeFor(info.name) };
}

/** The scene's data split as training saw it: the same seed gives the same held-out images. */
function sceneData(scene: ImageScene): { train: ImageSet; heldOut: ImageSet; all: ImageSet } {
  const all = imageSetFromRecipe(scene.images.data);
  if (scene.images.heldOut === 0) return { train: all, heldOut: all, all };
  const { train, heldOut } = splitHeldOut(all, scene.images.heldOut, deriveSeed(scene.seed, 'held-out'));
  return { train, heldOut, all };
}

export async function imageTrain(args: string[], backendOf: (v: Record<string, unknown>) => NodeBackend): Promise<void> {
  const v = parseCommand(args, {
    data: { type: 'string' },
    'source-data': { type: 'string' },
    out: { type: 'string', short: 'o' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    'data-seed': { type: 'string' },
    'per-class': { type: 'string' },
    layers: { type: 'string' },
    width: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    'label-drop': { type: 'string' },
    unconditional: { type: 'boolean' },
    coupling: { type: 'string' },
    'held-out': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    backend: { type: 'string' },
  });
  if (v.help) {
    process.stdout.write(IMAGE_USAGE);
    return;
  }
  const quiet = v.quiet === true;
  const backendName = backendOf(v);
  const out = required(v, 'out');
  const steps = numberOption(v.steps as string | undefined, 'steps', { min: 1, max: 10_000_000, integer: true }, 2000);
  const seed = numberOption(v.seed as string | undefined, 'seed', SEED_LIMITS, 1);
  const dataSeed = numberOption(v['data-seed'] as string | undefined, 'data-seed', SEED_LIMITS, seed);
  const perClass = numberOption(v['per-class'] as string | undefined, 'per-class', { min: 1, max: 2000, integer: true }, DIGITS_DEFAULT.perClass);
  const heldOutShare = numberOption(v['held-out'] as string | undefined, 'held-out', { min: 0, max: 0.5 }, DEFAULT_HELD_OUT);
  const L = IMAGE_CONFIG_LIMITS;
  const D = DEFAULT_IMAGE_CONFIG;
  const data = recipeOption(required(v, 'data'), 'data', dataSeed, perClass);
  const sourceRecipe = v['source-data'] === undefined ? null : recipeOption(v['source-data'] as string, 'source-data', deriveSeed(dataSeed, 'source'), perClass);
  const labelled = data.kind === 'digits16' || data.labels !== undefined;
  const config: ImageTrainConfig = {
    hiddenLayers: numberOption(v.layers as string | undefined, 'layers', L.hiddenLayers, D.hiddenLayers),
    width: numberOption(v.width as string | undefined, 'width', L.width, D.width),
    batchSize: numberOption(v.batch as string | undefined, 'batch', L.batchSize, D.batchSize),
    learningRate: numberOption(v.lr as string | undefined, 'lr', L.learningRate, D.learningRate),
    labelDrop: numberOption(v['label-drop'] as string | undefined, 'label-drop', L.labelDrop, D.labelDrop),
    conditional: labelled && v.unconditional !== true,
    coupling: choiceOption(v.coupling as string | undefined, 'coupling', IMAGE_COUPLINGS, D.coupling),
  };
  const scene: ImageScene = {
    version: 3,
    seed,
    images: { data, source: sourceRecipe, heldOut: heldOutShare, train: config, sample: { ...DEFAULT_IMAGE_SAMPLE } },
  };
  const { train } = sceneData(scene);
  const source = sourceRecipe ? imageSetFromRecipe(sourceRecipe) : null;
  // Fail on the output path before a long run rather than after it.
  try {
    writeFileSync(out, '', { flag: 'a' });
  } catch (e) {
    throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const engine = await startEngine(backendName);
  const trainer = new engine.ImageTrainer({ config, seed, explicitTranspose: engine.explicitTranspose });
  const net = `${config.hiddenLayers} x ${config.width}`;
  info(quiet, `training ${count(steps)} steps of a ${net} net on ${describeRecipe(data)} (${train.count} for training), batch ${config.batchSize}, ${config.conditional ? `conditional (label drop ${config.labelDrop})` : 'unconditional'}, from ${sourceRecipe ? describeRecipe(sourceRecipe) : 'N(0, I) noise'}, on ${engine.backend.label}`);
  const started = Date.now();
  const progress = quiet ? null : new TrainProgress({ total: steps, stream: process.stderr });
  let last = NaN;
  try {
    trainer.setData(train, source);
    const chunk = 50;
    for (let done = 0; done < steps; ) {
      const n = Math.min(chunk, steps - done);
      const losses = await trainer.train(n, 10);
      done += n;
      last = losses[losses.length - 1]?.loss ?? last;
      progress?.update(trainer.step, losses.map((p) => p.loss));
    }
    progress?.finish();
    const w = await trainer.weights();
    scene.images.weights = { shape: w.shape, arrays: w.arrays, step: trainer.step };
  } finally {
    progress?.abort();
    trainer.dispose();
  }
  try {
    writeFileSync(out, imageSceneToJson(scene));
  } catch (e) {
    throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  info(quiet, `wrote ${out} (${steps} steps, final loss ${last.toFixed(4)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Sampling options shared by sample and metrics, defaults from the scene. */
const SAMPLE_OPTIONS = {
  scene: { type: 'string' },
  n: { type: 'string' },
  steps: { type: 'string' },
  solver: { type: 'string' },
  class: { type: 'string' },
  guidance: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;

function sampleSettings(v: Record<string, unknown>, scene: ImageScene, n: number) {
  const s = scene.images.sample;
  const conditional = scene.images.train.conditional;
  if (!conditional && (v.class !== undefined || v.guidance !== undefined)) {
    throw new InputError('--class and --guidance need a conditional scene; this model was trained without labels');
  }
  const cls = v.class === undefined ? s.sampleClass : numberOption(v.class as string, 'class', { min: 0, max: DIGIT_CLASSES - 1, integer: true }, 0);
  const classes = conditional ? Int32Array.from({ length: n }, (_, i) => (cls === null ? i % DIGIT_CLASSES : cls)) : null;
  return {
    steps: numberOption(v.steps as string | undefined, 'steps', IMAGE_SAMPLE_LIMITS.steps, s.steps),
    solver: choiceOption(v.solver as string | undefined, 'solver', SOLVER_NAMES, s.solver) as SolverName,
    guidance: numberOption(v.guidance as string | undefined, 'guidance', IMAGE_SAMPLE_LIMITS.guidance, s.guidance),
    seed: numberOption(v.seed as string | undefined, 'seed', SEED_LIMITS, scene.seed),
    classes,
  };
}

async function generate(scene: ImageScene, n: number, opts: ReturnType<typeof sampleSettings>, backend: NodeBackend): Promise<Float32Array> {
  const w = scene.images.weights;
  if (!w) throw new InputError('the scene holds no trained weights; train one with "fm train --data ..."');
  const engine = await startEngine(backend);
  const model: Mlp = new engine.Mlp({ shape: w.shape, arrays: w.arrays }, { explicitTranspose: engine.explicitTranspose });
  try {
    const source = scene.images.source ? imageSetFromRecipe(scene.images.source) : null;
    let start: Float32Array;
    if (source) {
      start = new Float32Array(n * IMAGE_DIM);
      for (let i = 0; i < n; i++) start.set(source.pixels.subarray(((i * 7919) % source.count) * IMAGE_DIM, (((i * 7919) % source.count) + 1) * IMAGE_DIM), i * IMAGE_DIM);
    } else start = engine.noiseImages(n, IMAGE_DIM, deriveSeed(opts.seed, 'image-samples'));
    return await engine.sampleImages(model, { start, count: n, dim: IMAGE_DIM, steps: opts.steps, solver: opts.solver, frames: 1, classes: opts.classes, guidance: opts.guidance });
  } finally {
    model.dispose();
  }
}

export async function imageSample(args: string[], backendOf: (v: Record<string, unknown>) => NodeBackend): Promise<void> {
  const v = parseCommand(args, { ...SAMPLE_OPTIONS, png: { type: 'string' }, columns: { type: 'string' }, scale: { type: 'string' } });
  if (v.help) {
    process.stdout.write(IMAGE_USAGE);
    return;
  }
  const backend = backendOf(v);
  const path = required(v, 'scene');
  const scene = loadImageScene(path);
  const png = v.png as string | undefined;
  if (!png) throw new InputError('an image scene samples to a PNG grid: give --png FILE');
  const n = numberOption(v.n as string | undefined, 'n', { min: 1, max: 4096, integer: true }, 64);
  const columns = numberOption(v.columns as string | undefined, 'columns', { min: 1, max: 256, integer: true }, 8);
  const scale = numberOption(v.scale as string | undefined, 'scale', { min: 1, max: 32, integer: true }, 4);
  const opts = sampleSettings(v, scene, n);
  const x = await generate(scene, n, opts, backend);
  try {
    writeFileSync(png, imageGridPng(x, n, columns, scale));
  } catch (e) {
    throw new InputError(`cannot write ${png}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const what = opts.classes ? `, ${v.class === undefined && scene.images.sample.sampleClass === null ? 'digits 0-9 in turn' : `digit ${opts.classes[0]}`}, guidance ${opts.guidance}` : '';
  process.stderr.write(`fm: wrote ${png} (${n} samples, ${opts.steps} ${opts.solver} steps${what})\n`);
}

export async function imageMetrics(args: string[], backendOf: (v: Record<string, unknown>) => NodeBackend): Promise<void> {
  const v = parseCommand(args, SAMPLE_OPTIONS);
  if (v.help) {
    process.stdout.write(IMAGE_USAGE);
    return;
  }
  const backend = backendOf(v);
  const scene = loadImageScene(required(v, 'scene'));
  const n = numberOption(v.n as string | undefined, 'n', { min: 2, max: 4096, integer: true }, 256);
  const opts = sampleSettings(v, scene, n);
  const { train, heldOut, all } = sceneData(scene);
  const x = await generate(scene, n, opts, backend);
  const fitSeed = deriveSeed(opts.seed, 'pixel-fit');
  const sliced = slicedW2Pixels(x, n, heldOut.pixels, heldOut.count, IMAGE_DIM, { seed: fitSeed });
  const floor = slicedW2PixelsFloor(heldOut.pixels, train.pixels, IMAGE_DIM, { seed: fitSeed, samples: n });
  const ratio = nearestRatio(x, heldOut.pixels, train.pixels, IMAGE_DIM);
  const result: Record<string, unknown> = {
    samples: n,
    heldOut: heldOut.count,
    train: train.count,
    step: scene.images.weights?.step ?? 0,
    steps: opts.steps,
    solver: opts.solver,
    slicedW2: sliced,
    slicedW2Floor: floor,
    nearestRatio: ratio,
  };
  if (opts.classes && all.labels) {
    result.guidance = opts.guidance;
    result.classAgreement = classAgreement(classMeans(all), x, opts.classes);
  }
  if (scene.images.heldOut === 0) result.note = 'the scene keeps no held-out images: the scores compare with training images';
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
