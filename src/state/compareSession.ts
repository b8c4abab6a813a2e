/**
 * The compare view's actions: open and close it, pick models and their settings, train or pause
 * each. They change the compare store and tell the worker; the worker's answers come back through
 * applyCompareMessage (compareStore.ts).
 */
import { DEFAULT_FLOW, OBJECTIVE_LABELS, OBJECTIVES, type Objective } from '../core/objectives';
import type { SceneCompareModel } from '../core/scene';
import { clampToRange } from '../core/config';
import type { CompareModelWeights, CompareSettings } from '../worker/protocol';
import { COMPARE_LIMITS, compareSettingsFor, compareSource, freshModel, resetCompareModels, useCompare } from './compareStore';
import { notify } from './noticeStore';
import { useScene } from './sceneStore';
import { onWorkerRestartCompare, requestCompareWeights, sendToWorker, setTraining } from './session';

const compareSettings = (): CompareSettings | null => compareSettingsFor(useScene.getState());

/** Why the likelihood models cannot train on this source, or null. */
export function compareProblem(): string | null {
  const src = compareSource(useScene.getState().sourceSpec);
  return src.ok ? null : src.reason;
}

/** Every shown model back to step 0 on the current clouds and settings (the worker starts them afresh). */
export function restartCompare(): void {
  if (!useCompare.getState().open) return;
  generation += 1;
  resetCompareModels();
  sendToWorker({ type: 'compare', settings: compareSettings() });
}

export function openCompare(): void {
  if (useCompare.getState().open) return;
  // The playground's model pauses: the worker's time goes to the race.
  setTraining(false);
  useCompare.setState({ open: true });
  restartCompare();
  // New clouds, seed or network: the race starts over on them.
  unwatchScene = useScene.subscribe((s, prev) => {
    if (s.cloudVersion !== prev.cloudVersion || s.seed !== prev.seed || s.train !== prev.train) scheduleRestart();
  });
  // A new held-out score (a model trained on, or paused): time to keep a fresh copy of the weights.
  unwatchRace = useCompare.subscribe((s, p) => {
    if (s.raceVersion !== p.raceVersion) keepCopySoon();
  });
}

let unwatchRace: (() => void) | null = null;
/** Least time between two copies of the weights (each is a read of every model's tensors). */
const COPY_GAP_MS = 5000;
let copyTimer: ReturnType<typeof setTimeout> | undefined;
let lastCopyAt = -Infinity;
/** Bumped on every restart: a copy asked for before it belongs to models that are gone. */
let generation = 0;

function keepCopySoon(): void {
  if (copyTimer !== undefined) return;
  copyTimer = setTimeout(() => {
    copyTimer = undefined;
    lastCopyAt = performance.now();
    void keepCopy();
  }, Math.max(300, COPY_GAP_MS - (performance.now() - lastCopyAt)));
}

/** Copy the models' weights, with their race so far, into the store as a scene keeps them. */
async function keepCopy(): Promise<void> {
  const asked = generation;
  const reply = await requestCompareWeights();
  const s = useCompare.getState();
  if (!reply || asked !== generation || !s.open) return;
  const { hiddenLayers, width } = useScene.getState().train;
  const saved: SceneCompareModel[] = [];
  for (const m of reply.models) {
    const state = s.models[m.objective];
    if (!state) continue;
    const heldOut = state.heldOut.filter((p) => p.step <= m.step).map((p) => ({ ...p }));
    const common = { step: m.step, seconds: m.seconds, heldOut };
    if (m.objective === 'realnvp') saved.push({ ...common, objective: 'realnvp', weights: { shape: { couplings: s.couplings, hiddenLayers: DEFAULT_FLOW.couplingLayers, width: DEFAULT_FLOW.couplingWidth }, arrays: m.arrays } });
    else saved.push({ ...common, objective: m.objective, weights: { shape: { hiddenLayers, width }, arrays: m.arrays } });
  }
  useCompare.setState({ saved });
}

/** A replacement worker goes on from the last copy (or starts the race afresh without one). */
onWorkerRestartCompare(() => {
  const saved = useCompare.getState().saved;
  restartCompare();
  if (saved) loadCompareModels(saved);
});

let unwatchScene: (() => void) | null = null;
let restartTimer: ReturnType<typeof setTimeout> | undefined;

/** A drag sends many cloud changes: start over once they settle. */
function scheduleRestart(): void {
  clearTimeout(restartTimer);
  restartTimer = setTimeout(restartCompare, 300);
}

export function closeCompare(): void {
  if (!useCompare.getState().open) return;
  unwatchScene?.();
  unwatchScene = null;
  unwatchRace?.();
  unwatchRace = null;
  generation += 1;
  clearTimeout(restartTimer);
  useCompare.setState({ open: false, models: {}, saved: null });
  sendToWorker({ type: 'compare', settings: null });
}

/** Train or pause one model (null: every shown model). */
export function trainCompare(objective: Objective | null, running: boolean): void {
  const s = useCompare.getState();
  if (running && compareProblem()) {
    notify('warning', `The likelihood models cannot train: ${compareProblem()}.`);
    return;
  }
  const { source, target } = useScene.getState();
  if (running && (source.length === 0 || target.length === 0)) {
    notify('warning', `The ${source.length === 0 ? 'source' : 'target'} cloud is empty: add points before training.`);
    return;
  }
  const models = { ...s.models };
  for (const o of objective ? [objective] : s.objectives) {
    const m = models[o];
    if (m && !(running && m.diverged)) models[o] = { ...m, running };
  }
  useCompare.setState({ models });
  sendToWorker({ type: 'compareTrain', objective, running });
}

export function setCompareObjectives(objectives: Objective[]): void {
  const picked = OBJECTIVES.filter((o) => objectives.includes(o));
  if (picked.length === 0) {
    notify('warning', 'Pick at least one model to compare.');
    return;
  }
  useCompare.setState({ objectives: picked });
  restartCompare();
}

export function setCompareOption(key: 'cnfSteps' | 'couplings', value: number): void {
  const range = { ...COMPARE_LIMITS[key], integer: true };
  const c = clampToRange(value, range);
  if (c.changed) notify('warning', `${key === 'cnfSteps' ? 'CNF solver steps' : 'RealNVP couplings'} must be a whole number from ${range.min} to ${range.max}; set to ${c.value}.`);
  useCompare.setState(key === 'cnfSteps' ? { cnfSteps: c.value } : { couplings: c.value });
  restartCompare();
}

/**
 * Pretrained models (a lesson's scene) replace the fresh ones of the same objective; the race chart
 * shows their recorded held-out scores and the clock goes on from their training seconds.
 */
export function loadCompareModels(models: SceneCompareModel[]): void {
  const s = useCompare.getState();
  const shown = models.filter((m) => s.objectives.includes(m.objective));
  if (shown.length === 0) return;
  const next = { ...s.models };
  for (const m of shown) next[m.objective] = { ...freshModel(m.objective), step: m.step, seconds: m.seconds, heldOut: (m.heldOut ?? []).map((p) => ({ ...p })) };
  // What was loaded is the copy until the worker's first.
  useCompare.setState({ models: next, raceVersion: s.raceVersion + 1, saved: shown.map((m) => ({ ...m, heldOut: (m.heldOut ?? []).map((p) => ({ ...p })) }) as SceneCompareModel) });
  const weights: CompareModelWeights[] = shown.map((m) => ({ objective: m.objective, step: m.step, seconds: m.seconds, arrays: m.weights.arrays.map((a) => a.slice()) }));
  sendToWorker({ type: 'compareLoad', models: weights });
}

/** Replace the source by N(0, I), the density the likelihood models can use. */
export function switchToStandardGaussianSource(): void {
  useScene.getState().setPreset('source', 'gaussian');
  notify('info', `The source is now a standard Gaussian: ${OBJECTIVE_LABELS.cnf} and ${OBJECTIVE_LABELS.realnvp} can train.`);
}
