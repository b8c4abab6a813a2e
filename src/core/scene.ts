/**
 * The scene document: both clouds (with where they came from), the training objective and its
 * settings, the sampling settings, the seed, what the stage shows and, optionally, trained weights
 * (of the scene's model, and of several models side by side for the compare view). It is the one
 * format behind "save to file", autosave, share links (src/core/sceneLink.ts) and the command line
 * (src/cli/fm.ts).
 *
 * On disk it is JSON, schema version 3:
 *
 *   {
 *     "version": 3,
 *     "objective": "fm",                                        // 'fm' | 'cnf' | 'realnvp' (core/objectives.ts)
 *     "seed": 1,
 *     "source": { "origin": { "kind": "preset", "spec": "gaussian", "seed": 1 }, "points": [x0, y0, x1, y1, ...] },
 *     // optional on either cloud: "labels": [0, 1, ...], one class 0..3 per point (labels.ts)
 *     "target": { "origin": { "kind": "drawn" }, "points": [...] },
 *     "train": { "hiddenLayers": 3, "width": 128, ... },          // TrainConfig, ranges from TRAIN_LIMITS
 *     "flow": { "cnfSteps": 8, "couplings": 8, "couplingLayers": 2, "couplingWidth": 32 },  // FlowConfig, FLOW_LIMITS
 *     "sample": { "solver": "euler", "steps": 50, "particles": 2000 },
 *     "view": { "t": 0, "layers": { "clouds": true, "particles": true, "trails": true, "field": true } },
 *     "weights": { "shape": { "hiddenLayers": 3, "width": 128 }, "arrays": [[...], ...], "step": 2000 },
 *     "compare": { "models": [ { "objective": "cnf", "step": 300, "seconds": 20.5, "weights": { "shape": ..., "arrays": ... } }, ... ] }
 *   }
 *
 * - A preset origin means the points were drawn as presetCloud(side, spec, seed) does in the app:
 *   samplePreset(parsePreset(spec), PRESET_POINTS, deriveSeed(origin.seed, side)); see presetCloud().
 *   The points are always stored too, and they are what a loaded scene uses.
 * - Missing objective / train / flow / sample fields take the defaults ('fm', DEFAULT_TRAIN,
 *   DEFAULT_FLOW, DEFAULT_SAMPLE), so a file written before a setting existed still loads; `view` and
 *   its fields are optional too. Everything else is required, and unknown fields are refused.
 * - Version 1 (no objective, flow or compare) still opens, as objective 'fm'; version 2 opens as it is
 *   (version 3 added nothing to a 2D scene). Files are written as version 3.
 * - Version 3 also holds image scenes: { version, seed, images } with no clouds (sceneImages.ts;
 *   parseImageScene / imageSceneToJson). parseScene refuses one with a message that says so.
 * - Weights of the velocity MLP (objectives fm and cnf): its parameters in the order W0, b0, W1, b1, ...
 *   (src/engine/mlp.ts), W_l row-major [in][out]; their shape { hiddenLayers, width } must equal
 *   train.hiddenLayers / train.width. A conditional fm model (train.conditional) has shape
 *   { hiddenLayers, width, conditional: true }: its input adds a one-hot label (networkShape.ts).
 * - train.path (straight, cosine, vp, ve), targetKind, conditional, labelDrop and sample.guidance,
 *   sampleClass, sdeNoise came with the diffusion settings; absent, they take the defaults, which
 *   train and sample as before, so the version stays 2.
 * - Weights of a RealNVP (objective realnvp; src/engine/realnvp.ts RealNvpWeights): shape
 *   { couplings, hiddenLayers, width } equal to flow.couplings / couplingLayers / couplingWidth; per
 *   coupling k (in order) its MLP from the conditioning coordinate to (raw log-scale, shift), sizes
 *   1 -> width x hiddenLayers -> 2, as W0, b0, ..., W_last, b_last (row-major [in][out]), then its gain g_k
 *   (one value): 2 (hiddenLayers + 1) + 1 arrays a coupling (realNvpWeightLengths in core/objectives.ts).
 * - compare.models: trained models of the same clouds and settings, each with its objective, training
 *   steps, wall-clock seconds of training, optionally its held-out scores along the way (heldOut:
 *   [{ step, seconds, nll }], the race chart) and weights ({ shape, arrays }, checked as above for its objective).
 * - Numbers are written as the shortest decimal that reads back to the same 32-bit float, so
 *   scene -> JSON -> scene is exact.
 *
 * Types and defaults here; parsing in sceneParse.ts, writing in sceneWrite.ts.
 * parseScene / parseSceneText accept untrusted input (a dropped file, a link) and throw only SceneError,
 * whose message names the path of the first problem ("source.points[12] is not a finite number").
 */
import { PRESET_POINTS, type CouplingName, type SampleConfig, type TrainConfig } from './config';
import { DEFAULT_SCENE_LAYERS, type SceneLayers } from './layers';
import { parsePreset, samplePreset } from './presets';
import { DEFAULT_FLOW, DEFAULT_OBJECTIVE, type FlowConfig, type Objective, type RealNvpShape } from './objectives';
import type { MlpShape } from './networkShape';
import { deriveSeed } from './rng';
import { samplePresetLabelled } from './labels';

export const SCENE_VERSION = 3;
/** Versions parseScene reads; a version-1 file opens as objective 'fm'. */
export const SCENE_VERSIONS_READ = [1, 2, 3] as const;
/** Largest |coordinate| a cloud point may have (the stage shows about ±6). */
export const MAX_COORD = 100;
/** parseSceneText refuses longer text (a full 6 x 512 network is about 16 MB). */
export const MAX_SCENE_TEXT = 50_000_000;

export const COUPLING_NAMES = ['independent', 'ot'] as const satisfies readonly CouplingName[];

export type CloudOrigin = { kind: 'preset'; spec: string; seed: number } | { kind: 'drawn' };

export interface SceneCloud {
  /** Interleaved x, y. */
  points: Float32Array;
  origin: CloudOrigin;
  /** Class of each point, 0 .. MAX_CLASSES - 1 (labels.ts); absent for an unlabelled cloud. */
  labels?: Uint8Array;
}

export type { SceneLayers } from './layers';

export interface SceneView {
  /** The time slider, in [0, 1]. */
  t: number;
  layers: SceneLayers;
}

/** Trained parameters of the velocity MLP; structurally an MlpWeights (src/engine/mlp.ts) plus the step they were saved at. */
export interface SceneWeights {
  shape: MlpShape;
  arrays: Float32Array[];
  step: number;
}

/** Trained parameters of a RealNVP; structurally a RealNvpWeights (src/engine/realnvp.ts) plus the step. */
export interface SceneRealNvpWeights {
  shape: RealNvpShape;
  arrays: Float32Array[];
  step: number;
}

/** The weights of a scene's model: the MLP's (fm, cnf) or a RealNVP's (realnvp; its shape has `couplings`). */
export type SceneModelWeights = SceneWeights | SceneRealNvpWeights;

/** A held-out score of a compare model during its training: mean NLL in nats per point. */
export interface SceneHeldOutPoint {
  step: number;
  seconds: number;
  nll: number;
}

/** One trained model of the compare view: which objective, how far it trained, its held-out scores on the way (the race chart), its weights. */
export type SceneCompareModel = { step: number; seconds: number; heldOut?: SceneHeldOutPoint[] } & (
  | { objective: 'fm' | 'cnf'; weights: { shape: MlpShape; arrays: Float32Array[] } }
  | { objective: 'realnvp'; weights: { shape: RealNvpShape; arrays: Float32Array[] } }
);

export interface SceneCompare {
  models: SceneCompareModel[];
}

export interface Scene {
  /** parseScene returns SCENE_VERSION (it upgrades versions 1 and 2); writers always write SCENE_VERSION. */
  version: (typeof SCENE_VERSIONS_READ)[number];
  /** What the scene's model is trained by; absent means DEFAULT_OBJECTIVE ('fm'). parseScene always sets it. */
  objective?: Objective;
  /** Base seed: clouds (presets), weight init, batches and particle draws derive from it. */
  seed: number;
  source: SceneCloud;
  target: SceneCloud;
  train: TrainConfig;
  /** Settings of the likelihood models; absent means DEFAULT_FLOW. parseScene always sets it. */
  flow?: FlowConfig;
  sample: SampleConfig;
  view: SceneView;
  /** The trained model of `objective`. */
  weights?: SceneModelWeights;
  /** Several trained models of these clouds (the compare view's pretrained scenes). */
  compare?: SceneCompare;
}

export const DEFAULT_VIEW: SceneView = {
  t: 0,
  layers: { ...DEFAULT_SCENE_LAYERS },
};

/** A scene file or link that cannot be used; the message says where and why. */
export class SceneError extends Error {
  /** Path of the problem inside the scene ("source.points[12]"), or '' for the whole input. */
  readonly path: string;
  constructor(message: string, path = '') {
    super(message);
    this.name = 'SceneError';
    this.path = path;
  }
}

export { weightLengths } from './networkShape';

/** The points of a preset cloud: the app, the command line and links all draw them here. */
export function presetCloud(side: 'source' | 'target', spec: string, seed: number): Float32Array {
  return samplePreset(parsePreset(spec), PRESET_POINTS, deriveSeed(seed, side));
}

/** The class of each point of presetCloud(side, spec, seed) for a labelled preset (labels.ts); else null. */
export function presetCloudLabels(side: 'source' | 'target', spec: string, seed: number): Uint8Array | null {
  return samplePresetLabelled(parsePreset(spec), PRESET_POINTS, deriveSeed(seed, side))?.labels ?? null;
}

/** The scene's objective ('fm' when a scene built in code leaves it out). */
export function sceneObjective(scene: Pick<Scene, 'objective'>): Objective {
  return scene.objective ?? DEFAULT_OBJECTIVE;
}

/** The scene's flow settings (the defaults when a scene built in code leaves them out). */
export function sceneFlow(scene: Pick<Scene, 'flow'>): FlowConfig {
  return scene.flow ?? { ...DEFAULT_FLOW };
}

export function isRealNvpWeights(w: SceneModelWeights | { shape: MlpShape | RealNvpShape }): w is SceneRealNvpWeights {
  return (w.shape as Partial<RealNvpShape>).couplings !== undefined;
}

/** The velocity MLP's weights when the scene's model is one (fm, cnf) and is trained; else undefined. */
export function sceneMlpWeights(scene: Scene): SceneWeights | undefined {
  const w = scene.weights;
  return w && !isRealNvpWeights(w) ? w : undefined;
}

/** The RealNVP's weights when the scene's model is one and is trained; else undefined. */
export function sceneRealNvpWeights(scene: Scene): SceneRealNvpWeights | undefined {
  const w = scene.weights;
  return w && isRealNvpWeights(w) ? w : undefined;
}

/**
 * The compare view's models, in file order, optionally only those of some objectives. Each carries
 * its own objective, so a reader can build the right engine model from it (RealNvp for 'realnvp',
 * the velocity Mlp otherwise).
 */
export function compareModels(scene: Scene, objectives?: readonly Objective[]): SceneCompareModel[] {
  const all = scene.compare?.models ?? [];
  return objectives ? all.filter((m) => objectives.includes(m.objective)) : [...all];
}
