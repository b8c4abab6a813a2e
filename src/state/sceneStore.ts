/**
 * The scene: both clouds, how they were made, and the training and sampling settings. Every
 * action validates or clamps here, at the store boundary, and says what it changed.
 */
import { create } from 'zustand';
import {
  clampToRange,
  DEFAULT_SAMPLE,
  DEFAULT_TRAIN,
  SAMPLE_LIMITS,
  SEED_LIMITS,
  TRAIN_LIMITS,
  type SampleConfig,
  type TrainConfig,
} from '../core/config';
import { createHistory, type History } from '../core/cloudEdits';
import { MAX_CLOUD_POINTS } from '../core/config';
import { formatPreset, parsePreset, PresetError } from '../core/presets';
import { presetCloud, presetCloudLabels } from '../core/scene';
import { notify } from './noticeStore';

/** What undo and redo restore: both clouds and where they came from. */
export interface CloudState {
  source: Float32Array;
  target: Float32Array;
  sourceSpec: string | null;
  targetSpec: string | null;
  /** Class of each point (labels.ts), or null for an unlabelled cloud. */
  sourceLabels: Uint8Array | null;
  targetLabels: Uint8Array | null;
}

export type Side = 'source' | 'target';

export const DEFAULT_SOURCE = 'gaussian';
export const DEFAULT_TARGET = 'moons';
export const DEFAULT_SEED = 1;

export interface SceneState {
  seed: number;
  /** Preset text each cloud came from, or null once drawn on. */
  sourceSpec: string | null;
  targetSpec: string | null;
  source: Float32Array;
  target: Float32Array;
  /** Class of each point (labels.ts), or null: labelled presets come labelled, the brush paints a class. */
  sourceLabels: Uint8Array | null;
  targetLabels: Uint8Array | null;
  /** Bumped on every cloud change; the session sends clouds to the worker when it moves. */
  cloudVersion: number;
  /** True when the last cloud change should keep the model (a drag), false for a new scene. */
  warmStart: boolean;
  train: TrainConfig;
  sample: SampleConfig;
  history: History<CloudState>;
  /** An edit in progress (a stroke or a drag) that will become one undo step when it ends. */
  editing: boolean;
  setPreset(side: Side, text: string): boolean;
  /** Replace one cloud during an edit gesture (no undo step yet); marks it drawn by hand. */
  /** spec: the preset the edited cloud still is (a moved Gaussian), or null (drawn, the default). */
  /** labels: the edited cloud's classes; left out, a cloud of the same size keeps its labels and any other loses them. */
  editCloud(side: Side, next: Float32Array, spec?: string | null, labels?: Uint8Array | null): void;
  /** Close the gesture: the current clouds become one undo step. */
  commitEdit(): void;
  clearCloud(side: Side): void;
  undo(): void;
  redo(): void;
  setSeed(seed: number): void;
  setTrain(patch: Partial<TrainConfig>): void;
  setSample(patch: Partial<SampleConfig>): void;
}

function clampPatch<T extends object>(patch: Partial<T>, limits: Record<string, { min: number; max: number; integer?: boolean }>): Partial<T> {
  const out: Record<string, unknown> = { ...patch };
  for (const [key, value] of Object.entries(patch)) {
    const range = limits[key];
    if (!range || typeof value !== 'number') continue;
    const c = clampToRange(value, range);
    if (c.changed) notify('warning', `${key} must be between ${range.min} and ${range.max}${range.integer ? ' (whole number)' : ''}; set to ${c.value}.`);
    out[key] = c.value;
  }
  return out as Partial<T>;
}

const cloudState = (s: CloudState): CloudState => ({
  source: s.source,
  target: s.target,
  sourceSpec: s.sourceSpec,
  targetSpec: s.targetSpec,
  sourceLabels: s.sourceLabels,
  targetLabels: s.targetLabels,
});

const initialClouds: CloudState = {
  sourceSpec: DEFAULT_SOURCE,
  targetSpec: DEFAULT_TARGET,
  source: presetCloud('source', DEFAULT_SOURCE, DEFAULT_SEED),
  target: presetCloud('target', DEFAULT_TARGET, DEFAULT_SEED),
  sourceLabels: null,
  targetLabels: presetCloudLabels('target', DEFAULT_TARGET, DEFAULT_SEED),
};

/** Labels of a preset cloud: the target's come labelled where the preset has classes; a source preset stays unlabelled (its colour marks it as the source). */
export function presetLabels(side: Side, spec: string, seed: number): Uint8Array | null {
  return side === 'target' ? presetCloudLabels(side, spec, seed) : null;
}

export const useScene = create<SceneState>((set, get) => ({
  seed: DEFAULT_SEED,
  ...initialClouds,
  history: createHistory(initialClouds, 100),
  editing: false,
  cloudVersion: 0,
  warmStart: false,
  train: { ...DEFAULT_TRAIN },
  sample: { ...DEFAULT_SAMPLE },

  setPreset(side, text) {
    let spec: string;
    try {
      spec = formatPreset(parsePreset(text));
    } catch (e) {
      notify('error', e instanceof PresetError ? `Preset not changed: ${e.message}.` : String(e));
      return false;
    }
    const cloud = presetCloud(side, spec, get().seed);
    const labels = presetLabels(side, spec, get().seed);
    set((s) =>
      side === 'source'
        ? { sourceSpec: spec, source: cloud, sourceLabels: labels, cloudVersion: s.cloudVersion + 1, warmStart: true }
        : { targetSpec: spec, target: cloud, targetLabels: labels, cloudVersion: s.cloudVersion + 1, warmStart: true },
    );
    get().commitEdit();
    return true;
  },

  editCloud(side, next, specAfter = null, labelsAfter) {
    let cloud = next;
    const before = side === 'source' ? get().sourceLabels : get().targetLabels;
    // Moves keep the labels; tools that add or remove points say what the labels become.
    let labels = labelsAfter === undefined ? (before && before.length === next.length >> 1 ? before : null) : labelsAfter;
    if (cloud.length > 2 * MAX_CLOUD_POINTS) {
      cloud = cloud.slice(0, 2 * MAX_CLOUD_POINTS);
      labels = labels ? labels.slice(0, MAX_CLOUD_POINTS) : null;
      notify('warning', `A cloud holds at most ${MAX_CLOUD_POINTS.toLocaleString('en-US')} points; the rest were not added.`);
    }
    if (labels && labels.length !== cloud.length >> 1) labels = null;
    set((s) => {
      const spec = specAfter;
      return side === 'source'
        ? { source: cloud, sourceSpec: spec, sourceLabels: labels, editing: true, cloudVersion: s.cloudVersion + 1, warmStart: true }
        : { target: cloud, targetSpec: spec, targetLabels: labels, editing: true, cloudVersion: s.cloudVersion + 1, warmStart: true };
    });
  },

  commitEdit() {
    set((s) => ({ history: s.history.push(cloudState(s)), editing: false }));
  },

  clearCloud(side) {
    get().editCloud(side, new Float32Array(0));
    get().commitEdit();
  },

  undo() {
    const s = get();
    if (s.editing) s.commitEdit();
    const h = get().history;
    if (!h.canUndo) return;
    const prev = h.undo();
    set((st) => ({ history: prev, ...prev.present, cloudVersion: st.cloudVersion + 1, warmStart: true }));
  },

  redo() {
    const h = get().history;
    if (!h.canRedo) return;
    const next = h.redo();
    set((st) => ({ history: next, ...next.present, cloudVersion: st.cloudVersion + 1, warmStart: true }));
  },

  setSeed(seed) {
    const s = get();
    const clean = Number.isInteger(seed) && seed >= SEED_LIMITS.min && seed <= SEED_LIMITS.max ? seed : DEFAULT_SEED;
    set({
      seed: clean,
      source: s.sourceSpec ? presetCloud('source', s.sourceSpec, clean) : s.source,
      target: s.targetSpec ? presetCloud('target', s.targetSpec, clean) : s.target,
      sourceLabels: s.sourceSpec ? presetLabels('source', s.sourceSpec, clean) : s.sourceLabels,
      targetLabels: s.targetSpec ? presetLabels('target', s.targetSpec, clean) : s.targetLabels,
      cloudVersion: s.cloudVersion + 1,
      warmStart: false,
    });
    get().commitEdit();
  },

  setTrain(patch) {
    set((s) => ({ train: { ...s.train, ...clampPatch<TrainConfig>(patch, TRAIN_LIMITS) } }));
  },

  setSample(patch) {
    set((s) => ({ sample: { ...s.sample, ...clampPatch<SampleConfig>(patch, SAMPLE_LIMITS) } }));
  },
}));
