/**
 * The compare view's state: which models race, their settings, and what the worker reported of each
 * (steps, training seconds, cost per step, held-out likelihood over time, the latest picture). Worker
 * messages come in through applyCompareMessage; the actions that talk to the worker are in
 * compareSession.ts.
 */
import { create } from 'zustand';
import { DEFAULT_FLOW, OBJECTIVES, type Objective } from '../core/objectives';
import { parsePreset } from '../core/presets';
import { heldOutDraw } from '../core/seededDraws';
import { sourceDensityOf, type SourceDensity } from '../core/sourceDensity';
import type { CompareSettings, CompareSnapshot, FromWorker } from '../worker/protocol';
import type { SceneCompareModel } from '../core/scene';

/** One held-out score: mean NLL in nats per point after `step` steps and `seconds` of training. */
export interface HeldOutPoint {
  step: number;
  seconds: number;
  nll: number;
}

export interface CompareModelState {
  objective: Objective;
  step: number;
  /** Seconds this model has trained (its share of the worker; evaluation not counted). */
  seconds: number;
  msPerStep: number;
  evalsPerStep: number;
  /** The worker is training it. */
  running: boolean;
  /** Latest batch loss (flow matching: regression loss; the others: batch NLL). */
  loss: number;
  heldOut: HeldOutPoint[];
  snapshot: CompareSnapshot | null;
  /** Why it stopped (a non-finite loss), or null. */
  diverged: string | null;
}

export interface CompareLayers {
  density: boolean;
  sheet: boolean;
  trails: boolean;
  particles: boolean;
  target: boolean;
}

export interface CompareState {
  open: boolean;
  /** The models shown, in panel order (one to three). */
  objectives: Objective[];
  cnfSteps: number;
  couplings: number;
  models: Partial<Record<Objective, CompareModelState>>;
  /** The race chart's x axis. */
  raceAxis: 'seconds' | 'steps';
  layers: CompareLayers;
  /** Bumped whenever a held-out point is added (charts redraw on it). */
  raceVersion: number;
  /**
   * The latest copy of the models' weights with their race so far, as a scene keeps them: what the
   * autosave and Save write, and what a replacement worker goes on from. Null until the first copy.
   */
  saved: SceneCompareModel[] | null;
  setRaceAxis(axis: 'seconds' | 'steps'): void;
  toggleLayer(layer: keyof CompareLayers): void;
}

export const COMPARE_LIMITS = {
  cnfSteps: { min: 1, max: 32 },
  couplings: { min: 1, max: 32 },
} as const;

export const DEFAULT_COMPARE_LAYERS: CompareLayers = { density: true, sheet: true, trails: false, particles: true, target: true };

export const useCompare = create<CompareState>((set) => ({
  open: false,
  objectives: [...OBJECTIVES],
  cnfSteps: DEFAULT_FLOW.cnfSteps,
  couplings: DEFAULT_FLOW.couplings,
  models: {},
  raceAxis: 'seconds',
  layers: { ...DEFAULT_COMPARE_LAYERS },
  raceVersion: 0,
  saved: null,
  setRaceAxis: (raceAxis) => set({ raceAxis }),
  toggleLayer: (layer) => set((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } })),
}));

/** A model at step 0, before the worker's first word. */
export function freshModel(objective: Objective): CompareModelState {
  return { objective, step: 0, seconds: 0, msPerStep: NaN, evalsPerStep: NaN, running: false, loss: NaN, heldOut: [], snapshot: null, diverged: null };
}

/** The exact source density the likelihood models need, or why there is none. */
export function compareSource(sourceSpec: string | null): SourceDensity {
  if (sourceSpec === null) return sourceDensityOf(null);
  try {
    return sourceDensityOf(parsePreset(sourceSpec));
  } catch {
    return sourceDensityOf(null);
  }
}

/** The settings the worker needs for a source, or null when it has no closed-form density. */
export function compareSettingsFor(scene: { sourceSpec: string | null; targetSpec: string | null; seed: number }): CompareSettings | null {
  const { objectives, cnfSteps, couplings } = useCompare.getState();
  const src = compareSource(scene.sourceSpec);
  return src.ok ? { objectives, cnfSteps, couplings, source: src.gaussian, heldOut: heldOutDraw(scene.targetSpec, scene.seed) } : null;
}

/** Every shown model back to step 0 (the worker is told separately). */
export function resetCompareModels(): void {
  const s = useCompare.getState();
  const models: Partial<Record<Objective, CompareModelState>> = {};
  for (const o of s.objectives) models[o] = freshModel(o);
  useCompare.setState({ models, raceVersion: s.raceVersion + 1, saved: null });
}

type CompareMessage = Extract<FromWorker, { type: 'compareProgress' | 'compareHeldOut' | 'compareSnapshot' | 'compareDiverged' }>;

export const isCompareMessage = (msg: FromWorker): msg is CompareMessage =>
  msg.type === 'compareProgress' || msg.type === 'compareHeldOut' || msg.type === 'compareSnapshot' || msg.type === 'compareDiverged';

/** Fold one worker message into the store (messages for models no longer shown are dropped). */
export function applyCompareMessage(msg: CompareMessage): void {
  const s = useCompare.getState();
  const objective = msg.type === 'compareSnapshot' ? msg.snapshot.objective : msg.objective;
  const m = s.models[objective];
  if (!s.open || !m) return;
  let next: CompareModelState;
  let raceVersion = s.raceVersion;
  switch (msg.type) {
    case 'compareProgress':
      next = {
        ...m,
        step: msg.step,
        seconds: msg.seconds,
        msPerStep: msg.msPerStep,
        evalsPerStep: msg.evalsPerStep,
        running: msg.running,
        loss: msg.losses.length > 0 ? msg.losses[msg.losses.length - 1] : m.loss,
      };
      break;
    case 'compareHeldOut':
      next = { ...m, heldOut: [...m.heldOut.filter((p) => p.step < msg.step), { step: msg.step, seconds: msg.seconds, nll: msg.nll }] };
      raceVersion += 1;
      break;
    case 'compareSnapshot':
      // A snapshot without a density keeps showing the last one.
      next = { ...m, snapshot: msg.snapshot.density || !m.snapshot ? msg.snapshot : { ...msg.snapshot, density: m.snapshot.density, densitySize: m.snapshot.densitySize } };
      break;
    case 'compareDiverged':
      next = { ...m, running: false, diverged: msg.message };
      break;
  }
  useCompare.setState({ models: { ...s.models, [objective]: next }, raceVersion });
}
