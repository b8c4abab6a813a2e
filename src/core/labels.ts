/**
 * Class labels of a cloud: one Uint8Array entry per point, classes 0 .. MAX_CLASSES - 1, and NULL_CLASS
 * ("no label") for classifier-free guidance, where training hides a point's class with probability p so
 * that one network learns both v(x, t, c) and the unconditional v(x, t, null).
 */
import type { Points } from './points';
import { samplePresetComponents, type PresetName, type PresetSpec } from './presets';
import type { Rng } from './rng';

export const MAX_CLASSES = 4;
/** The label the network sees when the class is dropped; right after the real classes, so a one-hot has MAX_CLASSES + 1 slots. */
export const NULL_CLASS = MAX_CLASSES;
/** Label drop probability during training (the published range is 0.1-0.2). */
export const DEFAULT_LABEL_DROP = 0.15;

/**
 * Presets that come labelled, with the class counts each offers (first = default):
 * eight-gaussians by mode, 4 classes of two neighbouring modes or 2 of four; moons by moon; checkerboard
 * by row parity (two interleaved sub-boards of four cells each); rings inner / outer.
 */
export const LABELLED_PRESETS: Partial<Record<PresetName, readonly number[]>> = {
  'eight-gaussians': [4, 2],
  moons: [2],
  checkerboard: [2],
  rings: [2],
};

/** Class counts a preset offers; empty when it has no natural labels. */
export const presetClassCounts = (name: PresetName): readonly number[] => LABELLED_PRESETS[name] ?? [];

/** The class of a preset's mixture component (presets.ts samplePresetComponents). */
export function componentClass(name: PresetName, component: number, classes: number): number {
  switch (name) {
    case 'eight-gaussians':
      // Modes k = 0..7 at k * 45 degrees; neighbouring modes share a class.
      return Math.floor((component * classes) / 8);
    case 'checkerboard':
      // Cell -> row = cell >> 1; even rows and odd rows form two diagonal sub-boards.
      return (component >> 1) & 1;
    case 'moons':
    case 'rings':
      return component;
    default:
      return 0;
  }
}

export interface LabelledCloud {
  points: Points;
  labels: Uint8Array;
  classes: number;
}

/**
 * samplePreset's points for (spec, n, seed), unchanged, with their classes; null for a preset without
 * labels or a class count it does not offer. `classes` defaults to the preset's first count.
 */
export function samplePresetLabelled(spec: PresetSpec, n: number, seed: number, classes?: number): LabelledCloud | null {
  const counts = presetClassCounts(spec.name);
  const k = classes ?? counts[0];
  if (k === undefined || !counts.includes(k)) return null;
  const { points, components } = samplePresetComponents(spec, n, seed);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = componentClass(spec.name, components[i], k);
  return { points, labels, classes: k };
}

/** Throws unless every label is a class below `classes` (NULL_CLASS allowed when allowNull). */
export function checkLabels(labels: Uint8Array, classes: number, allowNull = false): void {
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_CLASSES) throw new Error(`classes must be 1..${MAX_CLASSES} (got ${classes})`);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < classes || (allowNull && c === NULL_CLASS)) continue;
    throw new Error(`label ${c} at point ${i} is not a class below ${classes}`);
  }
}

/** Replace each label by NULL_CLASS with probability p (one uniform draw per point); out may be labels. */
export function dropLabels(labels: Uint8Array, p: number, rng: Rng, out: Uint8Array = new Uint8Array(labels.length)): Uint8Array {
  if (!(p >= 0 && p <= 1)) throw new Error(`drop probability must lie in [0, 1] (got ${p})`);
  for (let i = 0; i < labels.length; i++) out[i] = rng.uniform() < p ? NULL_CLASS : labels[i];
  return out;
}

/** Points per class 0..classes - 1 (labels outside that range are not counted). */
export function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) if (labels[i] < classes) counts[labels[i]]++;
  return counts;
}

/** The points of one class, interleaved xy. */
export function pointsOfClass(points: Points, labels: Uint8Array, c: number): Float32Array {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === c) n++;
  const out = new Float32Array(2 * n);
  let j = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== c) continue;
    out[2 * j] = points[2 * i];
    out[2 * j + 1] = points[2 * i + 1];
    j++;
  }
  return out;
}

/**
 * The class picker's "all classes": each particle takes the class of a random data point, so classes
 * come in the data's proportions.
 */
export function drawClasses(labels: Uint8Array, n: number, rng: Rng, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  if (labels.length === 0) throw new Error('cannot draw classes from an unlabelled cloud');
  for (let i = 0; i < n; i++) out[i] = labels[rng.int(labels.length)];
  return out;
}

/**
 * points.resample with the labels carried along: draws n points with replacement (same random draws as
 * resample, so an unlabelled and a labelled trainer see the same batches) and jitters them.
 */
export function resampleLabelled(
  points: Points,
  labels: Uint8Array,
  n: number,
  jitter: number,
  rng: Rng,
  out: Float32Array = new Float32Array(2 * n),
  outLabels: Uint8Array = new Uint8Array(n),
): { points: Float32Array; labels: Uint8Array } {
  const m = labels.length;
  if (m === 0) throw new Error('cannot resample an empty cloud');
  if (points.length !== 2 * m) throw new Error(`${points.length >> 1} points but ${m} labels`);
  for (let i = 0; i < n; i++) {
    const j = rng.int(m);
    let x = points[2 * j];
    let y = points[2 * j + 1];
    if (jitter > 0) {
      x += jitter * rng.normal();
      y += jitter * rng.normal();
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
    outLabels[i] = labels[j];
  }
  return { points: out, labels: outLabels };
}
