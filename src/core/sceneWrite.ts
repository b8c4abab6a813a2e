/**
 * Writing a scene document (src/core/scene.ts describes the format): the fields in file order, and
 * JSON with every float32 as its shortest round-tripping decimal.
 */
import { formatFloat32 } from './float32Text';
import type { Scene, SceneCloud } from './scene';

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

/**
 * The scene's top-level fields in the file's order: the one list every writer (file, autosave, link)
 * starts from. `array` turns each Float32Array (points, weights) into what the writer serialises;
 * `points: false` leaves the clouds' points out (a link sends them as binary), `weights: false` the weights.
 */
export function sceneFields(
  scene: Scene,
  array: (a: Float32Array) => unknown,
  opts: { points?: boolean; weights?: boolean } = {},
): [string, unknown][] {
  const cloud = (c: SceneCloud) => (opts.points === false ? { origin: c.origin } : { origin: c.origin, points: array(c.points) });
  const doc: [string, unknown][] = [
    ['version', scene.version],
    ['seed', scene.seed],
    ['source', cloud(scene.source)],
    ['target', cloud(scene.target)],
    ['train', scene.train],
    ['sample', scene.sample],
    ['view', scene.view],
  ];
  if (scene.weights && opts.weights !== false) {
    const w = scene.weights;
    // Only the two shape fields: an engine shape may be a whole TrainConfig (initWeights takes one).
    const shape = { hiddenLayers: w.shape.hiddenLayers, width: w.shape.width };
    doc.push(['weights', { shape, step: w.step, arrays: w.arrays.map(array) }]);
  }
  return doc;
}

/** The scene as JSON text, one top-level field per line. parseSceneText(sceneToJson(s)) equals s. */
export function sceneToJson(scene: Scene): string {
  const doc = sceneFields(scene, (a) => a);
  return `{\n${doc.map(([k, v]) => `  ${JSON.stringify(k)}: ${compact(v)}`).join(',\n')}\n}\n`;
}
