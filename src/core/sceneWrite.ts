/**
 * Writing a scene document (src/core/scene.ts describes the format): the fields in file order, and
 * JSON with every float32 as its shortest round-tripping decimal.
 */
import { formatFloat32 } from './float32Text';
import type { MlpShape } from './networkShape';
import { isRealNvpWeights, SCENE_VERSION, sceneFlow, sceneObjective, type Scene, type SceneCloud, type SceneModelWeights } from './scene';
import { IMAGE_SCENE_VERSION, type ImageScene } from './sceneImages';
import type { ImageDataRecipe } from './images/recipe';

// ---------------------------------------------------------------------------------------------
// Writing

function float32Json(a: Float32Array): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = formatFloat32(a[i]);
  return `[${parts.join(',')}]`;
}

/** Compact JSON of plain data; Float32Arrays as shortest float32 decimals; non-finite numbers as null. */
function compact(v: unknown): string {
  if (v instanceof Float32Array) return float32Json(v);
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'null';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(',')}]`;
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) parts.push(`${JSON.stringify(k)}:${compact(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return 'null';
}

/** Only the shape's own fields: an engine shape may be a whole TrainConfig (initWeights takes one). */
function shapeFields(shape: SceneModelWeights['shape']): Record<string, number | boolean> {
  const w = { shape } as SceneModelWeights;
  if (isRealNvpWeights(w)) return { couplings: w.shape.couplings, hiddenLayers: w.shape.hiddenLayers, width: w.shape.width };
  // `conditional` only when true, so unconditional weights are written as before.
  return (shape as MlpShape).conditional ? { hiddenLayers: shape.hiddenLayers, width: shape.width, conditional: true } : { hiddenLayers: shape.hiddenLayers, width: shape.width };
}

/**
 * The scene's top-level fields in the file's order: the one list every writer (file, autosave, link)
 * starts from. `array` turns each Float32Array (points, weights) into what the writer serialises;
 * `points: false` leaves the clouds' points out (a link sends them as binary), `weights: false` the
 * weights and the compare models. The version is always SCENE_VERSION: a scene read from a version-1
 * or version-2 file is written as version 3.
 */
export function sceneFields(
  scene: Scene,
  array: (a: Float32Array) => unknown,
  opts: { points?: boolean; weights?: boolean } = {},
): [string, unknown][] {
  // Labels as plain numbers (compact() would write a Uint8Array as an object); with the points only.
  const cloud = (c: SceneCloud) =>
    opts.points === false ? { origin: c.origin } : { origin: c.origin, points: array(c.points), ...(c.labels ? { labels: Array.from(c.labels) } : {}) };
  const doc: [string, unknown][] = [
    ['version', SCENE_VERSION],
    ['objective', sceneObjective(scene)],
    ['seed', scene.seed],
    ['source', cloud(scene.source)],
    ['target', cloud(scene.target)],
    ['train', scene.train],
    ['flow', sceneFlow(scene)],
    ['sample', scene.sample],
    ['view', scene.view],
  ];
  if (opts.weights === false) return doc;
  if (scene.weights) {
    const w = scene.weights;
    doc.push(['weights', { shape: shapeFields(w.shape), step: w.step, arrays: w.arrays.map(array) }]);
  }
  if (scene.compare) {
    const models = scene.compare.models.map((m) => ({
      objective: m.objective,
      step: m.step,
      seconds: m.seconds,
      ...(m.heldOut ? { heldOut: m.heldOut } : {}),
      weights: { shape: shapeFields(m.weights.shape), arrays: m.weights.arrays.map(array) },
    }));
    doc.push(['compare', { models }]);
  }
  return doc;
}

/** The scene as JSON text, one top-level field per line. parseSceneText(sceneToJson(s)) equals s. */
export function sceneToJson(scene: Scene): string {
  const doc = sceneFields(scene, (a) => a);
  return `{\n${doc.map(([k, v]) => `  ${JSON.stringify(k)}: ${compact(v)}`).join(',\n')}\n}\n`;
}

/** A recipe's fields in file order (labels only when present). */
function recipeFields(r: ImageDataRecipe): Record<string, unknown> {
  switch (r.kind) {
    case 'digits16':
      return { kind: r.kind, seed: r.seed, perClass: r.perClass };
    case 'drawings':
      return { kind: r.kind, seed: r.seed, count: r.count, ...(r.labels ? { labels: r.labels } : {}), drawings: r.drawings };
    case 'imported':
      return { kind: r.kind, ...(r.labels ? { labels: r.labels } : {}), images: r.images };
  }
}

/** An image scene as JSON text (sceneImages.ts); parseImageSceneText(imageSceneToJson(s)) equals s. */
export function imageSceneToJson(scene: ImageScene): string {
  const im = scene.images;
  const w = im.weights;
  const shape = w ? (w.shape.conditional ? { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width, dim: w.shape.dim, conditional: true, classes: w.shape.classes } : { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width, dim: w.shape.dim }) : null;
  const parts: [string, unknown][] = [
    ['data', recipeFields(im.data)],
    ['source', im.source ? recipeFields(im.source) : null],
    ['heldOut', im.heldOut],
    ['train', im.train],
    ['sample', im.sample],
  ];
  if (w) parts.push(['weights', { shape, step: w.step, arrays: w.arrays }]);
  const body = parts.map(([k, v]) => `    ${JSON.stringify(k)}: ${compact(v)}`).join(',\n');
  return `{\n  "version": ${IMAGE_SCENE_VERSION},\n  "seed": ${compact(scene.seed)},\n  "images": {\n${body}\n  }\n}\n`;
}

/** The contract's name for imageSceneToJson. */
export const writeImageScene = imageSceneToJson;
