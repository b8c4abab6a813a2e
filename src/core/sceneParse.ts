/**
 * Reading a scene document (src/core/scene.ts describes the format): a zod schema over untrusted
 * JSON (a dropped file, a link, autosave), with messages that name the path of the first problem.
 */
import { z } from 'zod';
import { describe, float32List, rangedNumber } from './sceneSchemaParts';
import { IMAGE_SCENE_VERSION, imagesSchema, type ImageScene } from './sceneImages';
import { layerSizes, weightLengths } from './networkShape';
import {
  DEFAULT_SAMPLE,
  DEFAULT_TRAIN,
  MAX_CLOUD_POINTS,
  SEED_LIMITS,
  SAMPLE_CLASS_LIMITS,
  SAMPLE_LIMITS,
  TRAIN_LIMITS,
} from './config';
import { DIFFUSION_PATH_NAMES } from './diffusionPaths';
import { MAX_CLASSES } from './labels';
import { TARGET_KINDS } from './predictionTargets';
import { couplingLayerSizes, DEFAULT_FLOW, DEFAULT_OBJECTIVE, FLOW_LIMITS, OBJECTIVES, realNvpWeightLengths, type FlowConfig, type Objective } from './objectives';
import { formatPreset, parsePreset, PresetError } from './presets';
import { SOLVER_NAMES } from './solvers';
import {
  COUPLING_NAMES,
  DEFAULT_VIEW,
  MAX_COORD,
  MAX_SCENE_TEXT,
  SCENE_VERSION,
  SCENE_VERSIONS_READ,
  SceneError,
  type Scene,
  type SceneCompareModel,
  type SceneModelWeights,
} from './scene';

/** Objects and arrays nest at most this deep in a scene (the real depth is 4). */
const MAX_DEPTH = 12;
const MAX_SPEC_LENGTH = 200;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// ---------------------------------------------------------------------------------------------
// Schema

const originSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('preset'),
    spec: z
      .string()
      .max(MAX_SPEC_LENGTH)
      .transform((s, ctx): string => {
        try {
          return formatPreset(parsePreset(s));
        } catch (e) {
          ctx.issues.push({ code: 'custom', input: s, message: `is not a preset: ${e instanceof PresetError ? e.message : String(e)}` });
          return z.NEVER;
        }
      }),
    seed: rangedNumber(SEED_LIMITS, 'a whole number'),
  }),
  z.strictObject({ kind: z.literal('drawn') }),
]);

/** Class labels of a cloud: whole numbers 0 .. MAX_CLASSES - 1, one per point (the count is checked with the points). */
const labelList = z.unknown().transform((v, ctx): Uint8Array => {
  if (!Array.isArray(v)) {
    ctx.issues.push({ code: 'custom', input: v, message: `must be a list of class numbers (got ${describe(v)})` });
    return z.NEVER;
  }
  if (v.length > MAX_CLOUD_POINTS) {
    ctx.issues.push({ code: 'custom', input: v, message: `holds more than ${MAX_CLOUD_POINTS} labels (got ${v.length})` });
    return z.NEVER;
  }
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= MAX_CLASSES) {
      ctx.issues.push({ code: 'custom', input: c, path: [i], message: `must be a class from 0 to ${MAX_CLASSES - 1} (got ${describe(c)})` });
      return z.NEVER;
    }
    out[i] = c;
  }
  return out;
});

const cloudSchema = z
  .strictObject({
    points: float32List({
      maxLength: 2 * MAX_CLOUD_POINTS,
      bound: MAX_COORD,
      boundMessage: `is outside ±${MAX_COORD}`,
      pairs: true,
    }),
    origin: originSchema,
    labels: labelList.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.labels && c.labels.length !== c.points.length >> 1) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `must hold one label per point: ${c.points.length >> 1} (got ${c.labels.length})` });
    }
  })
  // Leave `labels` out entirely (not undefined) when absent, so unlabelled scenes compare equal to before.
  .transform(({ labels, ...rest }) => (labels ? { ...rest, labels } : rest));

const trainSchema = z.strictObject({
  hiddenLayers: rangedNumber(TRAIN_LIMITS.hiddenLayers).default(DEFAULT_TRAIN.hiddenLayers),
  width: rangedNumber(TRAIN_LIMITS.width).default(DEFAULT_TRAIN.width),
  learningRate: rangedNumber(TRAIN_LIMITS.learningRate).default(DEFAULT_TRAIN.learningRate),
  batchSize: rangedNumber(TRAIN_LIMITS.batchSize).default(DEFAULT_TRAIN.batchSize),
  jitter: rangedNumber(TRAIN_LIMITS.jitter).default(DEFAULT_TRAIN.jitter),
  path: z.enum(DIFFUSION_PATH_NAMES).default(DEFAULT_TRAIN.path),
  sigmaMin: rangedNumber(TRAIN_LIMITS.sigmaMin).default(DEFAULT_TRAIN.sigmaMin),
  coupling: z.enum(COUPLING_NAMES).default(DEFAULT_TRAIN.coupling),
  targetKind: z.enum(TARGET_KINDS).default(DEFAULT_TRAIN.targetKind),
  conditional: z.boolean().default(DEFAULT_TRAIN.conditional),
  labelDrop: rangedNumber(TRAIN_LIMITS.labelDrop).default(DEFAULT_TRAIN.labelDrop),
});

const sampleSchema = z.strictObject({
  solver: z.enum(SOLVER_NAMES).default(DEFAULT_SAMPLE.solver),
  steps: rangedNumber(SAMPLE_LIMITS.steps).default(DEFAULT_SAMPLE.steps),
  particles: rangedNumber(SAMPLE_LIMITS.particles).default(DEFAULT_SAMPLE.particles),
  guidance: rangedNumber(SAMPLE_LIMITS.guidance).default(DEFAULT_SAMPLE.guidance),
  sampleClass: z
    .unknown()
    .transform((v, ctx): number | null => {
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < SAMPLE_CLASS_LIMITS.min || v > SAMPLE_CLASS_LIMITS.max) {
        ctx.issues.push({ code: 'custom', input: v, message: `must be null (all classes) or a class from ${SAMPLE_CLASS_LIMITS.min} to ${SAMPLE_CLASS_LIMITS.max} (got ${describe(v)})` });
        return z.NEVER;
      }
      return v;
    })
    .default(DEFAULT_SAMPLE.sampleClass),
  sdeNoise: rangedNumber(SAMPLE_LIMITS.sdeNoise).default(DEFAULT_SAMPLE.sdeNoise),
});

const layersSchema = z.strictObject({
  clouds: z.boolean().default(DEFAULT_VIEW.layers.clouds),
  particles: z.boolean().default(DEFAULT_VIEW.layers.particles),
  trails: z.boolean().default(DEFAULT_VIEW.layers.trails),
  field: z.boolean().default(DEFAULT_VIEW.layers.field),
});

const viewSchema = z.strictObject({
  t: rangedNumber({ min: 0, max: 1 }).default(DEFAULT_VIEW.t),
  layers: layersSchema.default({ ...DEFAULT_VIEW.layers }),
});

const flowSchema = z.strictObject({
  cnfSteps: rangedNumber(FLOW_LIMITS.cnfSteps).default(DEFAULT_FLOW.cnfSteps),
  couplings: rangedNumber(FLOW_LIMITS.couplings).default(DEFAULT_FLOW.couplings),
  couplingLayers: rangedNumber(FLOW_LIMITS.couplingLayers).default(DEFAULT_FLOW.couplingLayers),
  couplingWidth: rangedNumber(FLOW_LIMITS.couplingWidth).default(DEFAULT_FLOW.couplingWidth),
});

/** Either network's shape: the velocity MLP's { hiddenLayers, width } or a RealNVP's, which adds couplings. */
const modelShapeSchema = z.strictObject({
  couplings: rangedNumber(FLOW_LIMITS.couplings).optional(),
  hiddenLayers: rangedNumber({ min: 1, max: Math.max(TRAIN_LIMITS.hiddenLayers.max, FLOW_LIMITS.couplingLayers.max), integer: true }),
  width: rangedNumber({ min: Math.min(TRAIN_LIMITS.width.min, FLOW_LIMITS.couplingWidth.min), max: Math.max(TRAIN_LIMITS.width.max, FLOW_LIMITS.couplingWidth.max), integer: true }),
  // The velocity MLP of a conditional model takes the one-hot label too (networkShape.ts).
  conditional: z.boolean().optional(),
});
type ModelShape = z.output<typeof modelShapeSchema>;

// Lengths are checked against the shape (checkArrays); here only that each is a list of float32-sized numbers.
const arraysSchema = z.array(float32List({ maxLength: Infinity, bound: Infinity, boundMessage: 'is too large for a 32-bit float' }), {
  error: (iss) => (iss.code === 'invalid_type' ? `must be a list of lists of numbers (got ${describe(iss.input)})` : undefined),
});

type Ctx = z.core.$RefinementCtx<unknown>;

/** The arrays' count and lengths against the shape (MLP or RealNVP); issues at `arrays`. */
function checkArrays(shape: ModelShape, arrays: Float32Array[], ctx: Ctx): void {
  const nvp = shape.couplings !== undefined;
  if (nvp && shape.conditional) {
    ctx.addIssue({ code: 'custom', path: ['shape', 'conditional'], message: 'belongs to a velocity network: a RealNVP takes no class label' });
    return;
  }
  const lengths = nvp ? realNvpWeightLengths({ couplings: shape.couplings!, hiddenLayers: shape.hiddenLayers, width: shape.width }) : weightLengths(shape);
  if (arrays.length !== lengths.length) {
    const what = nvp ? `${shape.couplings} couplings of ${shape.hiddenLayers} hidden layers` : `${shape.hiddenLayers} hidden layers`;
    ctx.addIssue({ code: 'custom', path: ['arrays'], message: `must hold ${lengths.length} arrays for ${what} (got ${arrays.length})` });
    return;
  }
  const sizes = nvp ? couplingLayerSizes(shape) : layerSizes(shape);
  const per = nvp ? 2 * (shape.hiddenLayers + 1) + 1 : lengths.length;
  for (let i = 0; i < lengths.length; i++) {
    if (arrays[i].length === lengths[i]) continue;
    const j = i % per;
    const l = j >> 1;
    let what = j === 2 * (sizes.length - 1) ? 'gain' : j % 2 === 0 ? `weight matrix ${sizes[l]}x${sizes[l + 1]}` : `bias of ${sizes[l + 1]}`;
    if (nvp) what = `coupling ${Math.floor(i / per)}'s ${what}`;
    ctx.addIssue({ code: 'custom', path: ['arrays', i], message: `must hold ${lengths[i]} numbers, a ${what} (got ${arrays[i].length})` });
    return;
  }
}

/** The shape as the engine's types hold it: `couplings` only on a RealNVP's. */
function cleanShape(s: ModelShape): SceneModelWeights['shape'] {
  if (s.couplings !== undefined) return { couplings: s.couplings, hiddenLayers: s.hiddenLayers, width: s.width };
  return s.conditional ? { hiddenLayers: s.hiddenLayers, width: s.width, conditional: true } : { hiddenLayers: s.hiddenLayers, width: s.width };
}

const weightsSchema = z
  .strictObject({
    shape: modelShapeSchema,
    arrays: arraysSchema,
    step: rangedNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
  })
  .superRefine((w, ctx) => checkArrays(w.shape, w.arrays, ctx))
  .transform((w): SceneModelWeights => ({ shape: cleanShape(w.shape), arrays: w.arrays, step: w.step }) as SceneModelWeights);

const compareModelSchema = z
  .strictObject({
    objective: z.enum(OBJECTIVES),
    step: rangedNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
    seconds: rangedNumber({ min: 0, max: 1e9 }),
    heldOut: z
      .array(
        z.strictObject({
          step: rangedNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
          seconds: rangedNumber({ min: 0, max: 1e9 }),
          nll: rangedNumber({ min: -1e6, max: 1e6 }),
        }),
      )
      .max(10_000)
      .optional(),
    weights: z
      .strictObject({ shape: modelShapeSchema, arrays: arraysSchema })
      .superRefine((w, ctx) => checkArrays(w.shape, w.arrays, ctx))
      .transform((w) => ({ shape: cleanShape(w.shape), arrays: w.arrays })),
  })
  .transform((m) => m as SceneCompareModel);

const compareSchema = z.strictObject({ models: z.array(compareModelSchema).max(16) });

/**
 * A model's shape against the scene's settings for its objective: a RealNVP's against `flow`, the
 * velocity MLP's against `train`. Issues at `at` (the path of the shape).
 */
function checkModelShape(shape: SceneModelWeights['shape'], objective: Objective, s: { train: Scene['train']; flow: FlowConfig }, at: (string | number)[], ctx: Ctx): void {
  const nvp = (shape as { couplings?: number }).couplings !== undefined;
  if (objective === 'realnvp' && !nvp) {
    ctx.addIssue({ code: 'custom', path: at, message: "is a velocity network's shape, but the objective is realnvp: a RealNVP's shape has couplings" });
    return;
  }
  if (objective !== 'realnvp' && nvp) {
    ctx.addIssue({ code: 'custom', path: [...at, 'couplings'], message: `belongs to a RealNVP, but the objective is ${objective}: its model is the velocity network` });
    return;
  }
  const pairs: [string, number, string, number][] = nvp
    ? [
        ['couplings', (shape as { couplings: number }).couplings, 'flow.couplings', s.flow.couplings],
        ['hiddenLayers', shape.hiddenLayers, 'flow.couplingLayers', s.flow.couplingLayers],
        ['width', shape.width, 'flow.couplingWidth', s.flow.couplingWidth],
      ]
    : [
        ['hiddenLayers', shape.hiddenLayers, 'train.hiddenLayers', s.train.hiddenLayers],
        ['width', shape.width, 'train.width', s.train.width],
      ];
  for (const [key, v, setting, want] of pairs) {
    if (v !== want) {
      ctx.addIssue({ code: 'custom', path: [...at, key], message: `is ${v} but ${setting} is ${want}: the weights belong to another network` });
      return;
    }
  }
  // Only the fm model is conditional (the cnf trainer takes no labels).
  const conditional = !nvp && (shape as { conditional?: boolean }).conditional === true;
  const want = objective === 'fm' && s.train.conditional;
  if (conditional !== want) {
    const why = want ? 'train.conditional is true: the model takes a class label' : `the ${objective} model takes no class label${objective === 'fm' ? ' (train.conditional is false)' : ''}`;
    ctx.addIssue({ code: 'custom', path: [...at, 'conditional'], message: `is ${conditional} but ${why}` });
  }
}

const orList = (v: readonly number[]): string => (v.length > 1 ? `${v.slice(0, -1).join(', ')} or ${v[v.length - 1]}` : String(v[0]));
const andList = (v: readonly number[]): string => (v.length > 1 ? `${v.slice(0, -1).join(', ')} and ${v[v.length - 1]}` : String(v[0]));

const sceneSchema = z
  .strictObject({
    // Read: 1, 2 or 3; the scene comes out as SCENE_VERSION (a version-1 file is an 'fm' scene).
    version: z.unknown().transform((v, ctx): typeof SCENE_VERSION => {
      if (v === undefined) {
        ctx.issues.push({ code: 'custom', input: v, message: 'is missing' });
        return z.NEVER;
      }
      if (!(SCENE_VERSIONS_READ as readonly unknown[]).includes(v)) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `must be ${orList(SCENE_VERSIONS_READ)} (got ${describe(v)}): this app reads scene files of versions ${andList(SCENE_VERSIONS_READ)}`,
        });
        return z.NEVER;
      }
      return SCENE_VERSION;
    }),
    objective: z.enum(OBJECTIVES).default(DEFAULT_OBJECTIVE),
    seed: rangedNumber(SEED_LIMITS, 'a whole number'),
    source: cloudSchema,
    target: cloudSchema,
    train: trainSchema,
    flow: flowSchema.default({ ...DEFAULT_FLOW }),
    sample: sampleSchema,
    view: viewSchema.default({ t: DEFAULT_VIEW.t, layers: { ...DEFAULT_VIEW.layers } }),
    weights: weightsSchema.optional(),
    compare: compareSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.weights) checkModelShape(s.weights.shape, s.objective, s, ['weights', 'shape'], ctx);
    s.compare?.models.forEach((m, i) => checkModelShape(m.weights.shape, m.objective, s, ['compare', 'models', i, 'weights', 'shape'], ctx));
  });

/** Fields a version-1 file cannot have: they came with version 2. */
const V2_FIELDS = ['objective', 'flow', 'compare'] as const;

// The schema's output must stay a Scene: a field added to TrainConfig or SampleConfig fails to compile here.
type Parsed = z.output<typeof sceneSchema>;
const checkParsed = (p: Parsed): Scene => p;

// ---------------------------------------------------------------------------------------------
// Parsing

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? 'scene' : out;
}

/** The value at `path` in the raw input, following own properties only. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) return { found: false, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return { found: true, value: v };
}

const EXPECTED_TEXT: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  int: 'a whole number',
};

function issueText(issue: z.core.$ZodIssue, input: unknown): string {
  const at = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (!at.found) return 'is missing';
      return `must be ${EXPECTED_TEXT[issue.expected] ?? issue.expected} (got ${describe(at.value)})`;
    case 'unrecognized_keys':
      return `has an unknown field ${JSON.stringify(issue.keys[0])}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(at.value)})`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (!at.found) return 'is missing';
      if (options) return `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(at.value)})`;
      return `is not valid (got ${describe(at.value)})`;
    }
    case 'too_big':
      return `is too long or too large (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `is too short or too small (at least ${String(issue.minimum)})`;
    default:
      return issue.message;
  }
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Walk the raw input once: refuse prototype-pollution keys anywhere, anything that is not plain
 * JSON data (class instances, functions), and absurd nesting. Iterative, so no input overflows the stack.
 */
function checkPlainData(root: unknown): void {
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null) continue;
    const type = typeof v;
    if (type === 'number' || type === 'string' || type === 'boolean') continue;
    if (type !== 'object') throw new SceneError(`${formatPath(path)} is ${describe(v)}, not JSON data`, formatPath(path));
    if (path.length >= MAX_DEPTH) throw new SceneError(`${formatPath(path)} is nested too deeply`, formatPath(path));
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        // Numbers are the bulk of a scene; only containers need a visit.
        if (x !== null && typeof x === 'object') stack.push({ v: x, path: [...path, i] });
        else if (typeof x === 'function' || typeof x === 'symbol' || typeof x === 'bigint') {
          throw new SceneError(`${formatPath([...path, i])} is ${describe(x)}, not JSON data`, formatPath([...path, i]));
        }
      }
      continue;
    }
    if (!isPlainObject(v as object)) {
      throw new SceneError(`${formatPath(path)} is not a plain JSON object`, formatPath(path));
    }
    for (const key of Object.keys(v as object)) {
      if (FORBIDDEN_KEYS.has(key)) {
        const p = formatPath([...path, key]);
        throw new SceneError(`${p}: the field name ${JSON.stringify(key)} is not allowed`, p);
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

const has = (doc: object, key: string): boolean => Object.prototype.hasOwnProperty.call(doc, key);

/** Validate untrusted JSON data (already parsed) into a Scene. Throws only SceneError. */
export function parseScene(json: unknown): Scene {
  try {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new SceneError(`a scene must be a JSON object (got ${describe(json)})`);
    }
    checkPlainData(json);
    const doc = json as Record<string, unknown>;
    if (has(doc, 'images') && !has(doc, 'source')) {
      throw new SceneError('this file holds an image model, not 2D clouds: open it in the Images view (or use fm sample --png)', 'images');
    }
    if (doc.version === 1) {
      const v2 = V2_FIELDS.find((k) => Object.prototype.hasOwnProperty.call(doc, k));
      if (v2) throw new SceneError(`${v2} is a field of version-2 scenes; this file says version 1`, v2);
    }
    const r = sceneSchema.safeParse(json);
    if (r.success) return checkParsed(r.data);
    const issue = r.error.issues[0];
    const path = formatPath(issue.path);
    throw new SceneError(`${path} ${issueText(issue, json)}`, path);
  } catch (e) {
    if (e instanceof SceneError) throw e;
    // Anything else (a throwing getter, out of memory on a huge list) is still a bad scene.
    throw new SceneError(`the scene could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The JSON of a scene file's text, refusing non-text, oversized text and bad JSON. Throws only SceneError. */
function sceneJson(text: string): unknown {
  if (typeof text !== 'string') throw new SceneError('a scene file must be text');
  if (text.length > MAX_SCENE_TEXT) {
    throw new SceneError(`the scene file is too large (${(text.length / 1e6).toFixed(1)} MB; at most ${MAX_SCENE_TEXT / 1e6} MB)`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SceneError(`the scene file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parse scene JSON text (a file, an autosave). Throws only SceneError. */
export function parseSceneText(text: string): Scene {
  return parseScene(sceneJson(text));
}

// ---------------------------------------------------------------------------------------------
// Image scenes (sceneImages.ts describes the section)

const imageSceneSchema = z.strictObject({
  version: z.literal(IMAGE_SCENE_VERSION),
  seed: rangedNumber(SEED_LIMITS, 'a whole number'),
  images: imagesSchema,
});

/** Validate untrusted JSON data into an ImageScene (a version-3 file with an images section). Throws only SceneError. */
export function parseImageScene(json: unknown): ImageScene {
  try {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new SceneError(`a scene must be a JSON object (got ${describe(json)})`);
    }
    checkPlainData(json);
    const doc = json as Record<string, unknown>;
    if (!has(doc, 'images')) {
      const why = has(doc, 'source') ? 'this file holds a 2D scene (clouds), not an image model: open it in the playground' : 'images is missing';
      throw new SceneError(why, 'images');
    }
    if (doc.version !== IMAGE_SCENE_VERSION && (SCENE_VERSIONS_READ as readonly unknown[]).includes(doc.version)) {
      throw new SceneError(`version must be ${IMAGE_SCENE_VERSION} for an image scene (got ${describe(doc.version)}): image scenes came with version ${IMAGE_SCENE_VERSION}`, 'version');
    }
    const r = imageSceneSchema.safeParse(json);
    if (r.success) return r.data as ImageScene;
    const issue = r.error.issues[0];
    const path = formatPath(issue.path);
    throw new SceneError(`${path} ${issueText(issue, json)}`, path);
  } catch (e) {
    if (e instanceof SceneError) throw e;
    throw new SceneError(`the scene could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parse image-scene JSON text. Throws only SceneError. */
export function parseImageSceneText(text: string): ImageScene {
  return parseImageScene(sceneJson(text));
}

/** Whether parsed JSON looks like an image scene (has an images section and no clouds): which parser to call. */
export function isImageSceneJson(json: unknown): boolean {
  return json !== null && typeof json === 'object' && !Array.isArray(json) && has(json, 'images') && !has(json, 'source');
}
