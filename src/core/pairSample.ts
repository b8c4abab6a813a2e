/**
 * A small sample of training pairs (x0 from the source, x1 from the target) for the pairs layer: the
 * straight conditional paths the trainer regresses on. Drawn the way the trainer draws a batch
 * (resample both clouds, optionally re-pair by minibatch OT), but seeded so the picture is stable.
 */
import type { CouplingName } from './config';
import { couplerFor } from './couplers';
import { resample, pointCount } from './points';
import { createRng, deriveSeed } from './rng';

export interface PairSample {
  /** Source ends, interleaved xy. */
  x0: Float32Array;
  /** Target ends, interleaved xy, x1[i] paired with x0[i]. */
  x1: Float32Array;
  count: number;
  /** Each pair's own time (a training batch's t), or absent: x_t then follows the slider's t. */
  t?: Float32Array;
}

/** Pairs shown by default: enough to see crossings, few enough to read each one. */
export const DEFAULT_PAIR_COUNT = 150;

export function samplePairs(
  source: Float32Array,
  target: Float32Array,
  n: number = DEFAULT_PAIR_COUNT,
  seed = 1,
  coupling: CouplingName = 'independent',
): PairSample {
  const count = pointCount(source) === 0 || pointCount(target) === 0 ? 0 : Math.max(0, Math.floor(n));
  const x0 = new Float32Array(2 * count);
  const x1 = new Float32Array(2 * count);
  if (count === 0) return { x0, x1, count };
  const rng = createRng(deriveSeed(seed, 'pairs'));
  resample(source, count, 0, rng, x0);
  resample(target, count, 0, rng, x1);
  couplerFor(coupling)?.(x0, x1);
  return { x0, x1, count };
}

/** Where pair i is at time t on its straight path, x_t = (1 - t) x0 + t x1; its velocity x1 - x0 goes in vel. */
export function pairAt(p: PairSample, i: number, t: number, pos: [number, number], vel: [number, number]): void {
  const ax = p.x0[2 * i];
  const ay = p.x0[2 * i + 1];
  const bx = p.x1[2 * i];
  const by = p.x1[2 * i + 1];
  pos[0] = (1 - t) * ax + t * bx;
  pos[1] = (1 - t) * ay + t * by;
  vel[0] = bx - ax;
  vel[1] = by - ay;
}

/** Summed squared length of all pairs: what minibatch OT minimises (tests compare couplings with it). */
export function pairCost(p: PairSample): number {
  let c = 0;
  for (let i = 0; i < 2 * p.count; i++) c += (p.x1[i] - p.x0[i]) ** 2;
  return c;
}
