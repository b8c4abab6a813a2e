/**
 * The scene document: both clouds (with where they came from), the training and sampling settings,
 * the seed, what the stage shows and, optionally, trained weights. It is the one format behind
 * "save to file", autosave, share links (src/core/sceneLink.ts) and the command line (src/cli/fm.ts).
 *
 * On disk it is JSON, schema version 1:
 *
 *   {
 *     "version": 1,
 *     "seed": 1,
 *     "source": { "origin": { "kind": "preset", "spec": "gaussian", "seed": 1 }, "points": [x0, y0, x1, y1, ...] },
 *     "target": { "origin": { "kind": "drawn" }, "points": [...] },
 *     "train": { "hiddenLayers": 3, "width": 128, ... },          // TrainConfig, ranges from TRAIN_LIMITS
 *     "sample": { "solver": "euler", "steps": 50, "particles": 2000 },
 *     "view": { "t": 0, "layers": { "clouds": true, "particles": true, "trails": true, "field": true } },
 *     "weights": { "shape": { "hiddenLayers": 3, "width": 128 }, "arrays": [[...], ...], "step": 2000 }
 *   }
 *
 * - A preset origin means the points were drawn as presetCloud(side, spec, seed) does in the app:
 *   samplePreset(parsePreset(spec), PRESET_POINTS, deriveSeed(origin.seed, side)); see presetCloud().
 *   The points are always stored too, and they are what a loaded scene uses.
 * - Missing train / sample fields take the defaults (DEFAULT_TRAIN, DEFAULT_SAMPLE), so a file written
 *   before a setting existed still loads; `view` and its fields are optional too. Everything else is
 *   required, and unknown fields are refused.
 * - Weights are the MLP's parameters in the order W0, b0, W1, b1, ... (src/engine/mlp.ts), W_l row-major
 *   [in][out]; their shape must equal train.hiddenLayers / train.width.
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
import { deriveSeed } from './rng';

export const SCENE_VERSION = 1;
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
}

export type { SceneLayers } from './layers';

export interface SceneView {
  /** The time slider, in [0, 1]. */
  t: number;
  layers: SceneLayers;
}

/** Trained parameters; structurally an MlpWeights (src/engine/mlp.ts) plus the step they were saved at. */
export interface SceneWeights {
  shape: { hiddenLayers: number; width: number };
  arrays: Float32Array[];
  step: number;
}

export interface Scene {
  version: typeof SCENE_VERSION;
  /** Base seed: clouds (presets), weight init, batches and particle draws derive from it. */
  seed: number;
  source: SceneCloud;
  target: SceneCloud;
  train: TrainConfig;
  sample: SampleConfig;
  view: SceneView;
  weights?: SceneWeights;
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
