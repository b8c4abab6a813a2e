import { formatFloat32 } from './float32Text';
import { CONDITIONAL_INPUT_SIZE, layerSizes } from './networkShape';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, MAX_CLOUD_POINTS, PRESET_POINTS, SAMPLE_LIMITS, TRAIN_LIMITS } from './config';
import { DIFFUSION_PATH_NAMES } from './diffusionPaths';
import { TARGET_KINDS } from './predictionTargets';
import { formatPreset, parsePreset, PRESET_NAMES, samplePreset } from './presets';
import { deriveSeed } from './rng';
import { DEFAULT_FLOW, FLOW_LIMITS, OBJECTIVES, realNvpWeightLengths, type Objective } from './objectives';
import {
  compareModels,
  COUPLING_NAMES,
  DEFAULT_VIEW,
  MAX_SCENE_TEXT,
  presetCloud,
  SCENE_VERSION,
  SceneError,
  sceneMlpWeights,
  sceneRealNvpWeights,
  weightLengths,
  type Scene,
} from './scene';
import { parseScene, parseSceneText } from './sceneParse';
import { sceneToJson } from './sceneWrite';
import { SOLVER_NAMES } from './solvers';
import { INPUT_SIZE } from './timeFeatures';

// ---------------------------------------------------------------------------------------------
// Generators (shared shape with sceneLink.test.ts, kept small so property runs stay fast)

const f32 = (min: number, max: number) =>
  fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });

const cloudPointsArb = (bound: number, maxPoints = 40) =>
  fc.array(fc.tuple(f32(-bound, bound), f32(-bound, bound)), { maxLength: maxPoints }).map((ps) => Float32Array.from(ps.flat()));

/** A cloud, sometimes labelled (one class 0..3 per point). */
const cloudArb = (bound: number, origin: fc.Arbitrary<Scene['source']['origin']>) =>
  fc.record({ points: cloudPointsArb(bound), origin, labelled: fc.boolean() }).chain(({ points, origin: o, labelled }) =>
    labelled
      ? fc.array(fc.integer({ min: 0, max: 3 }), { minLength: points.length >> 1, maxLength: points.length >> 1 }).map((l) => ({ points, origin: o, labels: Uint8Array.from(l) }))
      : fc.constant({ points, origin: o }),
  );

const gaussianSpec = fc
  .tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }))
  .map(([mx, my, std]) => formatPreset({ name: 'gaussian', mean: [mx, my], std }));

const originArb = fc.oneof(
  fc.record({
    kind: fc.constant('preset' as const),
    spec: fc.oneof(fc.constantFrom(...PRESET_NAMES), gaussianSpec),
    seed: fc.nat({ max: 0xffffffff }),
  }),
  fc.constant({ kind: 'drawn' as const }),
);

const intIn = (r: { min: number; max: number }) => fc.integer({ min: r.min, max: r.max });
const doubleIn = (r: { min: number; max: number }) => fc.double({ min: r.min, max: r.max, noNaN: true });

const trainArb = (small: boolean) =>
  fc.record({
    hiddenLayers: small ? fc.integer({ min: 1, max: 2 }) : intIn(TRAIN_LIMITS.hiddenLayers),
    width: small ? fc.integer({ min: 8, max: 12 }) : intIn(TRAIN_LIMITS.width),
    learningRate: doubleIn(TRAIN_LIMITS.learningRate),
    batchSize: intIn(TRAIN_LIMITS.batchSize),
    jitter: doubleIn(TRAIN_LIMITS.jitter),
    path: fc.constantFrom(...DIFFUSION_PATH_NAMES),
    sigmaMin: doubleIn(TRAIN_LIMITS.sigmaMin),
    coupling: fc.constantFrom(...COUPLING_NAMES),
    targetKind: fc.constantFrom(...TARGET_KINDS),
    conditional: fc.boolean(),
    labelDrop: doubleIn(TRAIN_LIMITS.labelDrop),
  });

const sampleArb = fc.record({
  solver: fc.constantFrom(...SOLVER_NAMES),
  steps: intIn(SAMPLE_LIMITS.steps),
  particles: intIn(SAMPLE_LIMITS.particles),
  guidance: doubleIn(SAMPLE_LIMITS.guidance),
  sampleClass: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  sdeNoise: doubleIn(SAMPLE_LIMITS.sdeNoise),
});

const viewArb = fc.record({
  t: fc.double({ min: 0, max: 1, noNaN: true }),
  layers: fc.record({ clouds: fc.boolean(), particles: fc.boolean(), trails: fc.boolean(), field: fc.boolean() }),
});

const flowArb = (small: boolean) =>
  fc.record({
    cnfSteps: intIn(FLOW_LIMITS.cnfSteps),
    couplings: small ? fc.integer({ min: 1, max: 3 }) : intIn(FLOW_LIMITS.couplings),
    couplingLayers: small ? fc.integer({ min: 1, max: 2 }) : intIn(FLOW_LIMITS.couplingLayers),
    couplingWidth: small ? fc.integer({ min: 4, max: 6 }) : intIn(FLOW_LIMITS.couplingWidth),
  });

const arraysArb = (lengths: number[]) =>
  fc.tuple(...lengths.map((n) => fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a))));

/** Weights of an objective's model for these settings: the MLP's from train, a RealNVP's from flow. */
const modelWeightsArb = (objective: Objective, train: Scene['train'], flow: NonNullable<Scene['flow']>) => {
  if (objective === 'realnvp') {
    const shape = { couplings: flow.couplings, hiddenLayers: flow.couplingLayers, width: flow.couplingWidth };
    return arraysArb(realNvpWeightLengths(shape)).map((arrays) => ({ shape, arrays }));
  }
  // Only an fm model takes the class label.
  const shape = objective === 'fm' && train.conditional ? { hiddenLayers: train.hiddenLayers, width: train.width, conditional: true } : { hiddenLayers: train.hiddenLayers, width: train.width };
  return arraysArb(weightLengths(shape)).map((arrays) => ({ shape, arrays }));
};

/** Valid scenes; with weights (and compare models), the networks are tiny. Points within ±bound. */
const sceneArb = (bound = 100, withWeights: boolean | 'maybe' = 'maybe'): fc.Arbitrary<Scene> =>
  fc
    .record({
      seed: fc.nat({ max: 0xffffffff }),
      objective: fc.constantFrom(...OBJECTIVES),
      source: cloudArb(bound, originArb),
      target: cloudArb(bound, originArb),
      hasWeights: withWeights === 'maybe' ? fc.boolean() : fc.constant(withWeights),
      sample: sampleArb,
      view: viewArb,
    })
    .chain((base) =>
      fc.tuple(trainArb(base.hasWeights), flowArb(base.hasWeights)).chain(([train, flow]) => {
        const { hasWeights, ...rest } = base;
        const scene: Scene = { version: SCENE_VERSION, ...rest, train, flow };
        if (!hasWeights) return fc.constant(scene);
        const compare = fc.array(
          fc.constantFrom(...OBJECTIVES).chain((objective) =>
            fc.tuple(modelWeightsArb(objective, train, flow), fc.nat(), fc.double({ min: 0, max: 1e4, noNaN: true })).map(
              ([weights, step, seconds]) => ({ objective, step, seconds, weights }) as NonNullable<Scene['compare']>['models'][number],
            ),
          ),
          { maxLength: 3 },
        );
        return fc
          .tuple(modelWeightsArb(base.objective, train, flow), fc.nat(), fc.option(compare, { nil: undefined }))
          .map(([w, step, models]): Scene => ({ ...scene, weights: { ...w, step }, ...(models ? { compare: { models } } : {}) }));
      }),
    );

// ---------------------------------------------------------------------------------------------
// Fixtures

function validDoc(): Record<string, any> {
  return {
    version: 1,
    seed: 7,
    source: { origin: { kind: 'preset', spec: 'gaussian:0,-2,0.5', seed: 7 }, points: [0, 1, -2.5, 3.25] },
    target: { origin: { kind: 'drawn' }, points: [1, 1] },
    train: { ...DEFAULT_TRAIN, hiddenLayers: 1, width: 8 },
    sample: { ...DEFAULT_SAMPLE },
    view: { t: 0.5, layers: { clouds: true, particles: false, trails: true, field: false } },
  };
}

function tinyWeights(hiddenLayers = 1, width = 8): { shape: { hiddenLayers: number; width: number }; arrays: number[][]; step: number } {
  return {
    shape: { hiddenLayers, width },
    arrays: weightLengths({ hiddenLayers, width }).map((n, i) => Array.from({ length: n }, (_, j) => (i + 1) * 0.01 * Math.sin(j))),
    step: 123,
  };
}

function errorOf(fn: () => unknown): SceneError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SceneError);
    return e as SceneError;
  }
  throw new Error('expected a SceneError, but nothing was thrown');
}

const rejects = (mutate: (d: Record<string, any>) => void): string => {
  const d = validDoc();
  mutate(d);
  return errorOf(() => parseScene(d)).message;
};

// ---------------------------------------------------------------------------------------------

describe('scene document', () => {
  it('parses a valid document into Float32Arrays and fills defaults', () => {
    const s = parseScene(validDoc());
    expect(s.source.points).toBeInstanceOf(Float32Array);
    expect(Array.from(s.source.points)).toEqual([0, 1, -2.5, 3.25]);
    expect(s.source.origin).toEqual({ kind: 'preset', spec: 'gaussian:0,-2,0.5', seed: 7 });
    expect(s.view.layers.particles).toBe(false);
    expect(s.weights).toBeUndefined();

    const d = validDoc();
    delete d.view;
    delete d.train.jitter;
    delete d.sample.solver;
    const withDefaults = parseScene(d);
    expect(withDefaults.view).toEqual(DEFAULT_VIEW);
    expect(withDefaults.train.jitter).toBe(DEFAULT_TRAIN.jitter);
    expect(withDefaults.sample.solver).toBe(DEFAULT_SAMPLE.solver);
  });

  it('writes preset specs in their canonical form', () => {
    const d = validDoc();
    d.source.origin.spec = ' Gaussian:0,0,1 ';
    expect(parseScene(d).source.origin).toEqual({ kind: 'preset', spec: 'gaussian', seed: 7 });
  });

  it('round-trips scene -> JSON -> scene exactly, weights and -0 included', () => {
    const d = validDoc();
    d.weights = tinyWeights();
    d.source.points = [-0, 0, 1e-8, -99.99, 0.1, 1 / 3];
    const s = parseScene(d);
    const back = parseSceneText(sceneToJson(s));
    expect(back).toEqual(s);
    expect(Object.is(back.source.points[0], -0)).toBe(true);
    expect(back.weights!.arrays).toHaveLength(4);
    expect(back.weights!.arrays[0]).toBeInstanceOf(Float32Array);
    expect(back.weights!.step).toBe(123);
  });

  it('writes only shape fields even when the engine hands a whole TrainConfig as the shape', () => {
    const d = validDoc();
    d.weights = tinyWeights();
    const s = parseScene(d);
    const engineLike: Scene = { ...s, weights: { ...s.weights!, shape: { ...s.train } } };
    expect(parseSceneText(sceneToJson(engineLike))).toEqual(s);
  });

  it('regenerates preset clouds exactly as the app does (its seeded preset draw)', () => {
    const p = presetCloud('target', 'moons', 5);
    expect(p).toEqual(samplePreset(parsePreset('moons'), PRESET_POINTS, deriveSeed(5, 'target')));
    expect(presetCloud('source', 'moons', 5)).not.toEqual(p);
  });

  it('sizes weight arrays like the engine (INPUT_SIZE -> width x L -> 2)', () => {
    expect(layerSizes({ hiddenLayers: 2, width: 16 })).toEqual([INPUT_SIZE, 16, 16, 2]);
    expect(weightLengths({ hiddenLayers: 2, width: 16 })).toEqual([INPUT_SIZE * 16, 16, 256, 16, 32, 2]);
  });

  it('formats every float32 as the shortest text that reads back to it', () => {
    expect(formatFloat32(0.1)).toBe('0.1');
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(1)).toBe('1');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(1e-40)).toBe(String(Number(Math.fround(1e-40).toPrecision(1))));
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const text = formatFloat32(v);
        expect(Object.is(Math.fround(Number(JSON.parse(text))), v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('diffusion settings and labels', () => {
  it('a file without them reads the defaults, which train and sample as before', () => {
    const doc = validDoc();
    for (const k of ['targetKind', 'conditional', 'labelDrop']) delete doc.train[k];
    for (const k of ['guidance', 'sampleClass', 'sdeNoise']) delete doc.sample[k];
    const s = parseScene(doc);
    expect([s.train.targetKind, s.train.conditional, s.train.labelDrop]).toEqual(['velocity', false, 0.15]);
    expect([s.sample.guidance, s.sample.sampleClass, s.sample.sdeNoise]).toEqual([1, null, 0]);
    expect('labels' in s.source).toBe(false);
  });

  it('a labelled conditional scene with weights round-trips through JSON', () => {
    const doc = validDoc();
    doc.version = 2;
    Object.assign(doc.train, { path: 'vp', targetKind: 'epsilon', conditional: true, labelDrop: 0.2 });
    Object.assign(doc.sample, { guidance: 3, sampleClass: 1, sdeNoise: 0.5 });
    doc.source.labels = [3, 0];
    doc.target.labels = [2];
    const shape = { hiddenLayers: 1, width: 8, conditional: true };
    doc.weights = { shape, step: 5, arrays: weightLengths(shape).map((n) => new Array(n).fill(0.25)) };
    const s = parseScene(doc);
    expect(Array.from(s.source.labels!)).toEqual([3, 0]);
    expect(s.weights!.arrays[0].length).toBe(CONDITIONAL_INPUT_SIZE * 8);
    const text = sceneToJson(s);
    expect(text).toContain('"labels":[3,0]');
    expect(text).toContain('"conditional":true');
    expect(parseSceneText(text)).toEqual(s);
  });

  it('an unlabelled, unconditional scene writes no labels and no conditional shape', () => {
    const doc = validDoc();
    doc.weights = tinyWeights();
    const text = sceneToJson(parseScene(doc));
    expect(text).not.toContain('"labels"');
    expect(text).not.toMatch(/"shape":\{[^}]*conditional/);
  });
});

describe('scene rejections name the path of the first problem', () => {
  const cases: [string, (d: Record<string, any>) => void, RegExp][] = [
    ['wrong version', (d) => (d.version = 4), /^version must be 1, 2 or 3 \(got 4\)/],
    ['version as text', (d) => (d.version = '1'), /^version must be 1, 2 or 3 \(got "1"\)/],
    ['missing version', (d) => delete d.version, /^version is missing$/],
    ['NaN coordinate', (d) => (d.source.points[1] = NaN), /^source\.points\[1\] is not a finite number \(got NaN\)$/],
    ['Infinity coordinate', (d) => (d.target.points[0] = Infinity), /^target\.points\[0\] is not a finite number/],
    ['coordinate beyond 100', (d) => (d.source.points[2] = -100.5), /^source\.points\[2\] is outside ±100 \(got -100\.5\)$/],
    ['text coordinate', (d) => (d.source.points[3] = '3'), /^source\.points\[3\] is not a finite number \(got "3"\)$/],
    ['null coordinate', (d) => (d.source.points[0] = null), /^source\.points\[0\] is not a finite number \(got null\)$/],
    ['odd-length points', (d) => d.target.points.push(2), /^target\.points must hold x, y pairs: an even count of numbers \(got 3\)$/],
    ['points not a list', (d) => (d.target.points = { 0: 1 }), /^target\.points must be a list of numbers \(got an object\)$/],
    ['too many points', (d) => (d.source.points = new Array(2 * MAX_CLOUD_POINTS + 2).fill(0)), /^source\.points holds more than 20000 points \(got 20001 points\)$/],
    ['missing cloud', (d) => delete d.target, /^target is missing$/],
    ['cloud of the wrong type', (d) => (d.source = [1, 2]), /^source must be an object \(got a list\)$/],
    ['unknown origin kind', (d) => (d.target.origin = { kind: 'scribbled' }), /^target\.origin\.kind must be one of "preset", "drawn" \(got "scribbled"\)$/],
    ['bad preset spec', (d) => (d.source.origin.spec = 'moonz'), /^source\.origin\.spec is not a preset: unknown preset "moonz"/],
    ['preset without seed', (d) => delete d.source.origin.seed, /^source\.origin\.seed is missing$/],
    ['negative seed', (d) => (d.seed = -1), /^seed must be between 0 and 4294967295 \(got -1\)$/],
    ['fractional seed', (d) => (d.seed = 1.5), /^seed must be a whole number \(got 1\.5\)$/],
    ['width out of range', (d) => (d.train.width = 1024), /^train\.width must be between 8 and 512 \(got 1024\)$/],
    ['learning rate as text', (d) => (d.train.learningRate = 'fast'), /^train\.learningRate must be a number \(got "fast"\)$/],
    ['unknown path', (d) => (d.train.path = 'curvy'), /^train\.path must be one of "straight", "cosine", "vp", "ve" \(got "curvy"\)$/],
    ['unknown target kind', (d) => (d.train.targetKind = 'x0'), /^train\.targetKind must be one of "velocity", "epsilon", "score" \(got "x0"\)$/],
    ['label drop above 1', (d) => (d.train.labelDrop = 1.5), /^train\.labelDrop must be between 0 and 1 \(got 1\.5\)$/],
    ['conditional as text', (d) => (d.train.conditional = 'yes'), /^train\.conditional must be true or false \(got "yes"\)$/],
    ['guidance above 8', (d) => (d.sample.guidance = 9), /^sample\.guidance must be between 0 and 8 \(got 9\)$/],
    ['sample class 4', (d) => (d.sample.sampleClass = 4), /^sample\.sampleClass must be null \(all classes\) or a class from 0 to 3 \(got 4\)$/],
    ['negative SDE noise', (d) => (d.sample.sdeNoise = -0.1), /^sample\.sdeNoise must be between 0 and 4 \(got -0\.1\)$/],
    ['label out of range', (d) => (d.source.labels = [0, 4]), /^source\.labels\[1\] must be a class from 0 to 3 \(got 4\)$/],
    ['fractional label', (d) => (d.source.labels = [0.5, 1]), /^source\.labels\[0\] must be a class from 0 to 3 \(got 0\.5\)$/],
    ['one label too many', (d) => (d.target.labels = [0, 1]), /^target\.labels must hold one label per point: 1 \(got 2\)$/],
    ['labels not a list', (d) => (d.target.labels = '01'), /^target\.labels must be a list of class numbers \(got "01"\)$/],
    [
      'unconditional weights for a conditional model',
      (d) => {
        d.train.conditional = true;
        d.weights = tinyWeights();
      },
      /^weights\.shape\.conditional is false but train\.conditional is true/,
    ],
    [
      'conditional weights without the label rows',
      (d) => {
        d.train.conditional = true;
        d.weights = { ...tinyWeights(), shape: { hiddenLayers: 1, width: 8, conditional: true } };
      },
      new RegExp(`^weights\\.arrays\\[0\\] must hold ${CONDITIONAL_INPUT_SIZE * 8} numbers, a weight matrix ${CONDITIONAL_INPUT_SIZE}x8 \\(got ${INPUT_SIZE * 8}\\)$`),
    ],
    ['unknown solver', (d) => (d.sample.solver = 'rk45'), /^sample\.solver must be one of "euler", "midpoint", "heun", "rk4" \(got "rk45"\)$/],
    ['steps too many', (d) => (d.sample.steps = 201), /^sample\.steps must be between 1 and 200 \(got 201\)$/],
    ['t outside [0, 1]', (d) => (d.view.t = 1.5), /^view\.t must be between 0 and 1 \(got 1\.5\)$/],
    ['layer not a boolean', (d) => (d.view.layers.field = 'yes'), /^view\.layers\.field must be true or false \(got "yes"\)$/],
    ['unknown top-level field', (d) => (d.author = 'me'), /^scene has an unknown field "author"$/],
    ['unknown nested field', (d) => (d.train.momentum = 0.9), /^train has an unknown field "momentum"$/],
    ['unknown origin field', (d) => (d.target.origin.spec = 'moons'), /^target\.origin has an unknown field "spec"$/],
    ['weights with too few arrays', (d) => (d.weights = { ...tinyWeights(), arrays: [[1]] }), /^weights\.arrays must hold 4 arrays for 1 hidden layers \(got 1\)$/],
    [
      'weight matrix of the wrong size',
      (d) => {
        d.weights = tinyWeights();
        d.weights.arrays[2].push(0);
      },
      /^weights\.arrays\[2\] must hold 16 numbers, a weight matrix 8x2 \(got 17\)$/,
    ],
    [
      'bias of the wrong size',
      (d) => {
        d.weights = tinyWeights();
        d.weights.arrays[1].pop();
      },
      /^weights\.arrays\[1\] must hold 8 numbers, a bias of 8 \(got 7\)$/,
    ],
    [
      'non-finite weight',
      (d) => {
        d.weights = tinyWeights();
        d.weights.arrays[3][1] = NaN;
      },
      /^weights\.arrays\[3\]\[1\] is not a finite number/,
    ],
    [
      'weight beyond float32',
      (d) => {
        d.weights = tinyWeights();
        d.weights.arrays[0][5] = 1e39;
      },
      /^weights\.arrays\[0\]\[5\] is too large for a 32-bit float/,
    ],
    ['weights for another network', (d) => (d.weights = tinyWeights(2, 8)), /^weights\.shape\.hiddenLayers is 2 but train\.hiddenLayers is 1/],
    ['weights step negative', (d) => (d.weights = { ...tinyWeights(), step: -1 }), /^weights\.step must be between 0/],
    ['weights not an object', (d) => (d.weights = [1, 2]), /^weights must be an object \(got a list\)$/],
  ];
  for (const [name, mutate, message] of cases) {
    it(name, () => expect(rejects(mutate)).toMatch(message));
  }

  it('refuses prototype-pollution keys anywhere, from JSON text', () => {
    const text = sceneToJson(parseScene(validDoc()));
    const inject = (where: string, key: string) => text.replace(where, `${where}"${key}":{"polluted":true},`);
    expect(errorOf(() => parseSceneText(inject('{', '__proto__'))).message).toBe('__proto__: the field name "__proto__" is not allowed');
    expect(errorOf(() => parseSceneText(inject('"train": {', 'constructor'))).message).toBe(
      'train.constructor: the field name "constructor" is not allowed',
    );
    expect(errorOf(() => parseSceneText(inject('"layers":{', 'prototype'))).message).toBe(
      'view.layers.prototype: the field name "prototype" is not allowed',
    );
    // Nothing leaked onto Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses non-JSON values, odd prototypes and absurd nesting', () => {
    expect(errorOf(() => parseScene(null)).message).toBe('a scene must be a JSON object (got null)');
    expect(errorOf(() => parseScene([validDoc()])).message).toBe('a scene must be a JSON object (got a list)');
    expect(rejects((d) => (d.view = new Date()))).toBe('view is not a plain JSON object');
    expect(rejects((d) => (d.seed = () => 1))).toMatch(/^seed is a function, not JSON data$/);
    expect(rejects((d) => (d.source = Object.create({ points: [], origin: { kind: 'drawn' } })))).toBe('source is not a plain JSON object');
    let deep: unknown = 1;
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(rejects((d) => (d.extra = deep))).toMatch(/is nested too deeply$/);
  });

  it('turns bad text into SceneError: invalid JSON, non-objects, oversized text', () => {
    expect(errorOf(() => parseSceneText('{"version": 1,')).message).toMatch(/^the scene file is not valid JSON/);
    expect(errorOf(() => parseSceneText('')).message).toMatch(/^the scene file is not valid JSON/);
    expect(errorOf(() => parseSceneText('42')).message).toBe('a scene must be a JSON object (got 42)');
    expect(errorOf(() => parseSceneText(' '.repeat(MAX_SCENE_TEXT + 1))).message).toMatch(/^the scene file is too large/);
  });
});

describe('scene properties', () => {
  it('random valid scenes round-trip through JSON exactly', () => {
    fc.assert(
      fc.property(sceneArb(), (scene) => {
        const back = parseSceneText(sceneToJson(scene));
        expect(back).toEqual(scene);
      }),
      { numRuns: 200 },
    );
  });

  /** Every container in a JSON value with its path. */
  function containers(root: unknown): { holder: any; key: string | number }[] {
    const out: { holder: any; key: string | number }[] = [];
    const walk = (v: any) => {
      if (v === null || typeof v !== 'object') return;
      for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
        out.push({ holder: v, key: k });
        walk(v[k]);
      }
    };
    walk(root);
    return out;
  }

  const mutationArb = fc.record({
    kind: fc.constantFrom('delete', 'replace', 'add'),
    pick: fc.nat(),
    value: fc.oneof(fc.jsonValue(), fc.double(), fc.string()),
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'points', 'weights', 'version', 'kind')),
  });

  it('random mutations of a valid document throw nothing but SceneError', () => {
    fc.assert(
      fc.property(sceneArb(100, 'maybe'), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (scene, mutations) => {
        const doc = JSON.parse(sceneToJson(scene));
        for (const m of mutations) {
          const all = containers(doc);
          if (all.length === 0) break;
          const { holder, key } = all[m.pick % all.length];
          if (m.kind === 'delete') {
            if (Array.isArray(holder)) holder.splice(key as number, 1);
            else delete holder[key];
          } else if (m.kind === 'replace') holder[key] = m.value;
          else if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) {
            Object.defineProperty(holder, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
          }
        }
        try {
          const s = parseScene(doc);
          expect(s.version).toBe(SCENE_VERSION);
        } catch (e) {
          if (!(e instanceof SceneError)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary values, strings and truncated files throw nothing but SceneError', () => {
    const onlySceneError = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (!(e instanceof SceneError)) throw e;
      }
    };
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withTypedArray: true, withSparseArray: true }), (v) =>
        onlySceneError(() => parseScene(v)),
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => onlySceneError(() => parseSceneText(s))),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(sceneArb(100, false), fc.nat(), (scene, cut) => {
        const text = sceneToJson(scene);
        onlySceneError(() => parseSceneText(text.slice(0, cut % text.length)));
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Version 2: objective, flow settings, RealNVP weights, compare models

/** A version-2 document of the given objective, with weights of its model. */
function v2Doc(objective: Objective, flow = { ...DEFAULT_FLOW, couplings: 3, couplingLayers: 1, couplingWidth: 4 }): Record<string, any> {
  const d = validDoc();
  d.version = 2;
  d.objective = objective;
  d.flow = flow;
  d.weights = objective === 'realnvp' ? tinyRealNvp(flow.couplings, flow.couplingLayers, flow.couplingWidth) : tinyWeights();
  return d;
}

function tinyRealNvp(couplings: number, hiddenLayers: number, width: number): { shape: Record<string, number>; arrays: number[][]; step: number } {
  const shape = { couplings, hiddenLayers, width };
  return { shape, arrays: realNvpWeightLengths(shape).map((n, i) => Array.from({ length: n }, (_, j) => 0.1 * Math.cos(i + j))), step: 40 };
}

describe('scene version 2', () => {
  it('a version-1 file opens as a flow-matching scene with the default flow settings, and is written as version 3', () => {
    const d = validDoc();
    d.weights = tinyWeights();
    const s = parseScene(d);
    expect(s.version).toBe(3);
    expect(s.objective).toBe('fm');
    expect(s.flow).toEqual(DEFAULT_FLOW);
    expect(sceneMlpWeights(s)?.step).toBe(123);
    const text = sceneToJson(s);
    expect(JSON.parse(text).version).toBe(3);
    expect(JSON.parse(text).objective).toBe('fm');
    expect(parseSceneText(text)).toEqual(s);
  });

  it('refuses version-2 fields in a version-1 file', () => {
    expect(rejects((d) => (d.objective = 'cnf'))).toBe('objective is a field of version-2 scenes; this file says version 1');
    expect(rejects((d) => (d.compare = { models: [] }))).toMatch(/^compare is a field of version-2 scenes/);
  });

  it('round-trips a RealNVP scene: weights by coupling, the shape with its couplings', () => {
    const s = parseScene(v2Doc('realnvp'));
    expect(s.objective).toBe('realnvp');
    const w = sceneRealNvpWeights(s)!;
    expect(w.shape).toEqual({ couplings: 3, hiddenLayers: 1, width: 4 });
    // Per coupling: W0 1x4, b0 4, W1 4x2, b1 2, gain 1.
    expect(w.arrays.map((a) => a.length)).toEqual([4, 4, 8, 2, 1, 4, 4, 8, 2, 1, 4, 4, 8, 2, 1]);
    expect(sceneMlpWeights(s)).toBeUndefined();
    expect(parseSceneText(sceneToJson(s))).toEqual(s);
  });

  it('a CNF scene holds the velocity network, checked against train', () => {
    const s = parseScene(v2Doc('cnf'));
    expect(s.objective).toBe('cnf');
    expect(sceneMlpWeights(s)?.shape).toEqual({ hiddenLayers: 1, width: 8 });
    expect(sceneRealNvpWeights(s)).toBeUndefined();
  });

  const v2Rejects = (objective: Objective, mutate: (d: Record<string, any>) => void): string => {
    const d = v2Doc(objective);
    mutate(d);
    return errorOf(() => parseScene(d)).message;
  };

  const cases: [string, Objective, (d: Record<string, any>) => void, RegExp][] = [
    ['unknown objective', 'fm', (d) => (d.objective = 'gan'), /^objective must be one of "fm", "cnf", "realnvp" \(got "gan"\)$/],
    ['cnfSteps out of range', 'cnf', (d) => (d.flow.cnfSteps = 65), /^flow\.cnfSteps must be between 1 and 64 \(got 65\)$/],
    ['couplings out of range', 'fm', (d) => (d.flow.couplings = 0), /^flow\.couplings must be between 1 and 32 \(got 0\)$/],
    ['unknown flow field', 'fm', (d) => (d.flow.layers = 2), /^flow has an unknown field "layers"$/],
    ['MLP weights on a RealNVP scene', 'realnvp', (d) => (d.weights = tinyWeights()), /^weights\.shape is a velocity network's shape, but the objective is realnvp/],
    ['RealNVP weights on a flow-matching scene', 'fm', (d) => (d.weights = tinyRealNvp(3, 1, 4)), /^weights\.shape\.couplings belongs to a RealNVP, but the objective is fm/],
    ['RealNVP weights of another K', 'realnvp', (d) => (d.weights = tinyRealNvp(2, 1, 4)), /^weights\.shape\.couplings is 2 but flow\.couplings is 3: the weights belong to another network$/],
    ['RealNVP weights of another width', 'realnvp', (d) => (d.weights = tinyRealNvp(3, 1, 5)), /^weights\.shape\.width is 5 but flow\.couplingWidth is 4/],
    ['RealNVP weights with an array missing', 'realnvp', (d) => d.weights.arrays.pop(), /^weights\.arrays must hold 15 arrays for 3 couplings of 1 hidden layers \(got 14\)$/],
    ['RealNVP gain of two values', 'realnvp', (d) => d.weights.arrays[9].push(1), /^weights\.arrays\[9\] must hold 1 numbers, a coupling 1's gain \(got 2\)$/],
    ['RealNVP matrix of the wrong size', 'realnvp', (d) => d.weights.arrays[7].pop(), /^weights\.arrays\[7\] must hold 8 numbers, a coupling 1's weight matrix 4x2 \(got 7\)$/],
  ];
  for (const [name, objective, mutate, message] of cases) {
    it(`refuses ${name}`, () => expect(v2Rejects(objective, mutate)).toMatch(message));
  }

  it('compare models round-trip, each checked against the settings of its own objective', () => {
    const d = v2Doc('fm');
    const nvp = tinyRealNvp(3, 1, 4);
    const mlp = tinyWeights();
    d.compare = {
      models: [
        { objective: 'fm', step: 500, seconds: 4.5, weights: { shape: mlp.shape, arrays: mlp.arrays } },
        { objective: 'cnf', step: 120, seconds: 20, weights: { shape: mlp.shape, arrays: mlp.arrays } },
        { objective: 'realnvp', step: 300, seconds: 9.25, weights: { shape: nvp.shape, arrays: nvp.arrays } },
      ],
    };
    const s = parseScene(d);
    expect(compareModels(s).map((m) => [m.objective, m.step, m.seconds])).toEqual([['fm', 500, 4.5], ['cnf', 120, 20], ['realnvp', 300, 9.25]]);
    const [r] = compareModels(s, ['realnvp']);
    expect(r.objective === 'realnvp' && r.weights.shape.couplings).toBe(3);
    expect(r.weights.arrays[0]).toBeInstanceOf(Float32Array);
    expect(parseSceneText(sceneToJson(s))).toEqual(s);

    d.compare.models[2].weights = { shape: mlp.shape, arrays: mlp.arrays };
    expect(errorOf(() => parseScene(d)).message).toMatch(/^compare\.models\[2\]\.weights\.shape is a velocity network's shape, but the objective is realnvp/);
    d.compare.models[2].weights = { shape: nvp.shape, arrays: nvp.arrays.slice(1) };
    expect(errorOf(() => parseScene(d)).message).toMatch(/^compare\.models\[2\]\.weights\.arrays must hold 15 arrays/);
    d.compare.models[2] = { objective: 'realnvp', step: 1, seconds: -1, weights: { shape: nvp.shape, arrays: nvp.arrays } };
    expect(errorOf(() => parseScene(d)).message).toMatch(/^compare\.models\[2\]\.seconds must be between 0/);
    expect(compareModels(parseScene(v2Doc('fm')))).toEqual([]);
  });

  it('a compare model may carry its held-out scores along the way (the race chart), checked and round-tripped', () => {
    const d = v2Doc('fm');
    const mlp = tinyWeights();
    const heldOut = [
      { step: 0, seconds: 0, nll: 4.25 },
      { step: 40, seconds: 1.5, nll: 2.125 },
    ];
    d.compare = { models: [{ objective: 'fm', step: 40, seconds: 1.5, heldOut, weights: { shape: mlp.shape, arrays: mlp.arrays } }] };
    const s = parseScene(d);
    expect(compareModels(s)[0].heldOut).toEqual(heldOut);
    expect(parseSceneText(sceneToJson(s))).toEqual(s);
    d.compare.models[0].heldOut = [{ step: 0, seconds: 0, nll: 'x' }];
    expect(errorOf(() => parseScene(d)).message).toMatch(/^compare\.models\[0\]\.heldOut\[0\]\.nll/);
  });
});
