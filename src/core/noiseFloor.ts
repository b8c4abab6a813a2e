/**
 * The fit score's noise floor: the sliced W2 between two independent draws of the target, averaged
 * over several pairs. One pair alone varies a lot from seed to seed (0.09 to 0.17 on the default
 * moons), which made "within 2x the floor" a matter of luck.
 */
import { slicedW2 } from './metrics';
import { resample, type Points } from './points';
import { createRng, deriveSeed } from './rng';

/** Pairs of target draws the floor averages over. */
export const FLOOR_PAIRS = 8;

export interface NoiseFloor {
  /** Mean over the pairs: the floor. */
  mean: number;
  /** Sample standard deviation across the pairs (0 for one pair). */
  std: number;
  min: number;
  max: number;
  /** The distance of each pair, in order. */
  values: number[];
}

export interface NoiseFloorOptions {
  /** Points in each draw: the same as each side of the score. */
  samples: number;
  /** Std of the Gaussian jitter the draws add, as the score's target draw does. */
  jitter: number;
  seed: number;
  pairs?: number;
  /** Projection directions; the score's default when absent. */
  directions?: Float64Array;
}

/** Seed labels of pair i's two draws. Pair 0 is the score's own target draw ('fit-a') and the old single pair's 'fit-b'. */
export function floorDrawLabels(i: number): [string, string] {
  return i === 0 ? ['fit-a', 'fit-b'] : [`fit-floor-${i}-a`, `fit-floor-${i}-b`];
}

/** Mean, sample standard deviation and range of a list of distances. */
export function floorStats(values: number[]): NoiseFloor {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, values: [] };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** Sliced W2 between independent draws of the target, over `pairs` pairs (FLOOR_PAIRS by default). */
export function slicedW2NoiseFloor(target: Points, opts: NoiseFloorOptions): NoiseFloor {
  const pairs = opts.pairs ?? FLOOR_PAIRS;
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`the noise floor needs a whole number of pairs >= 1, not ${pairs}`);
  if (target.length < 2) return floorStats([]);
  const a = new Float32Array(2 * opts.samples);
  const b = new Float32Array(2 * opts.samples);
  const values: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const [la, lb] = floorDrawLabels(i);
    resample(target, opts.samples, opts.jitter, createRng(deriveSeed(opts.seed, la)), a);
    resample(target, opts.samples, opts.jitter, createRng(deriveSeed(opts.seed, lb)), b);
    values.push(slicedW2(a, b, opts.directions));
  }
  return floorStats(values);
}

function sameCloud(a: Points, b: Points): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The floor for the current target, jitter and seed, computed once per change of those: eight pairs
 * cost about as much as eight fit scores, too much for every snapshot. While a cloud is being dragged
 * (`settling`), the last floor stands until the gesture ends, so a drag never waits on it.
 */
export class NoiseFloorCache {
  private floor: NoiseFloor = floorStats([]);
  private of: { target: Points; jitter: number; seed: number } | null = null;
  /** How many times the floor was computed (tests read it). */
  computed = 0;

  constructor(private readonly samples: number, private readonly pairs = FLOOR_PAIRS) {}

  get(target: Points, jitter: number, seed: number, settling = false): NoiseFloor {
    if (target.length < 2) return floorStats([]);
    const f = this.of;
    if (f && f.seed === seed && f.jitter === jitter && sameCloud(f.target, target)) return this.floor;
    if (settling && f) return this.floor;
    this.floor = slicedW2NoiseFloor(target, { samples: this.samples, jitter, seed, pairs: this.pairs });
    this.of = { target, jitter, seed };
    this.computed++;
    return this.floor;
  }
}
