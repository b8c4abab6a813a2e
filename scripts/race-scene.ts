/**
 * The compare view's pretrained race: flow matching, the maximum-likelihood CNF and RealNVP trained on
 * Gaussian -> moons by the worker's own compare loop (src/worker/compareRuns.ts: equal training time,
 * the same held-out points the app scores), `--seconds` of training each, written as a version-2 scene
 * with the three models and their held-out scores along the way (the race chart shows at once).
 * Run through scripts/race-scene.mjs (it bundles this file: tfjs-core's gradients must register).
 *   node scripts/race-scene.mjs --seconds 20 --out public/scenes/gaussian-to-moons-race.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startNodeBackend } from '../src/cli/nodeBackend';
import { DEFAULT_TRAIN, DEFAULT_SAMPLE, type TrainConfig } from '../src/core/config';
import { DEFAULT_FLOW, OBJECTIVE_LABELS, OBJECTIVES } from '../src/core/objectives';
import { presetCloud, type Scene, type SceneCompareModel, type SceneHeldOutPoint } from '../src/core/scene';
import { sceneToJson } from '../src/core/sceneWrite';
import { DEFAULT_SCENE_LAYERS } from '../src/core/layers';
import { heldOutDraw } from '../src/core/seededDraws';
import { CompareRuns } from '../src/worker/compareRuns';
import type { FromWorker } from '../src/worker/protocol';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
const seconds = Number(values.seconds);
const seed = Number(values.seed);
if (!values.out || !(seconds > 0)) {
  console.error('usage: node scripts/race-scene.mjs --seconds S --out FILE [--seed N]');
  process.exit(2);
}

/** The lessons' moons recipe (src/core/lessons.ts MOONS_TRAIN). */
const train: TrainConfig = { ...DEFAULT_TRAIN, hiddenLayers: 3, width: 64, batchSize: 256, learningRate: 2e-3, coupling: 'independent' };
const SOURCE = 'gaussian';
const TARGET = 'moons';

async function main(): Promise<void> {
  const info = await startNodeBackend('wasm');
  const source = presetCloud('source', SOURCE, seed);
  const target = presetCloud('target', TARGET, seed);
  const heldOut = new Map<string, SceneHeldOutPoint[]>(OBJECTIVES.map((o) => [o, []]));
  const last = new Map<string, { step: number; seconds: number }>();
  const post = (m: FromWorker) => {
    if (m.type === 'compareHeldOut') heldOut.get(m.objective)!.push({ step: m.step, seconds: m.seconds, nll: m.nll });
    if (m.type === 'compareProgress') last.set(m.objective, { step: m.step, seconds: m.seconds });
    if (m.type === 'compareDiverged') console.error(m.message);
  };
  const runs = new CompareRuns(
    { post, explicitTranspose: () => false, scene: () => ({ source, target, seed, train }) },
    { objectives: [...OBJECTIVES], cnfSteps: DEFAULT_FLOW.cnfSteps, couplings: DEFAULT_FLOW.couplings, source: { mean: [0, 0], std: 1 }, heldOut: heldOutDraw(TARGET, seed) },
  );
  console.error(`race on ${info.name}: ${seconds} s of training for each of ${OBJECTIVES.length} models`);
  runs.setRunning(null, true);
  let reported = performance.now();
  while (runs.running) {
    await runs.trainChunk();
    for (const o of OBJECTIVES) if ((last.get(o)?.seconds ?? 0) >= seconds) runs.setRunning(o, false);
    await runs.refresh();
    if (performance.now() - reported > 3000) {
      reported = performance.now();
      console.error(OBJECTIVES.map((o) => `${o} ${last.get(o)?.step ?? 0} steps ${(last.get(o)?.seconds ?? 0).toFixed(1)} s`).join(' | '));
    }
  }
  // Score the final weights (a paused model is scored once at its last step).
  while (runs.pending()) await runs.refresh();
  const trained = await runs.trained();
  const models: SceneCompareModel[] = trained.map((m) => {
    const shape = m.objective === 'realnvp' ? { couplings: DEFAULT_FLOW.couplings, hiddenLayers: DEFAULT_FLOW.couplingLayers, width: DEFAULT_FLOW.couplingWidth } : { hiddenLayers: train.hiddenLayers, width: train.width };
    return { objective: m.objective, step: m.step, seconds: m.seconds, heldOut: heldOut.get(m.objective), weights: { shape, arrays: m.arrays } } as SceneCompareModel;
  });
  const fm = trained.find((m) => m.objective === 'fm')!;
  const scene: Scene = {
    version: 2,
    objective: 'fm',
    seed,
    source: { points: source, origin: { kind: 'preset', spec: SOURCE, seed } },
    target: { points: target, origin: { kind: 'preset', spec: TARGET, seed } },
    train,
    flow: { ...DEFAULT_FLOW },
    sample: { ...DEFAULT_SAMPLE, solver: 'euler', steps: 50 },
    view: { t: 1, layers: { ...DEFAULT_SCENE_LAYERS } },
    weights: { shape: { hiddenLayers: train.hiddenLayers, width: train.width }, arrays: fm.arrays, step: fm.step },
    compare: { models },
  };
  writeFileSync(values.out!, sceneToJson(scene));
  for (const m of models) {
    const h = m.heldOut!;
    console.error(`${OBJECTIVE_LABELS[m.objective]}: ${m.step} steps in ${m.seconds.toFixed(1)} s, held-out NLL ${h[0]?.nll.toFixed(3)} -> ${h.at(-1)?.nll.toFixed(3)} nats`);
  }
  runs.dispose();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
