/**
 * Reflow (rectified flow): integrate the trained flow to get coupled pairs (z0, z1), then retrain on
 * those pairs instead of independent draws. The new pairs do not cross (they are one ODE's
 * trajectories), so each round's field is straighter and few-step sampling improves.
 */
import { straightness } from '../core/metrics';
import { resample } from '../core/points';
import { createRng, deriveSeed } from '../core/rng';
import { endPoints, type SolverName } from '../core/solvers';
import type { Coupler } from '../core/trainingBatch';
import type { DiffusionSampling } from './diffusionSampling';
import type { Mlp } from './mlp';
import { isPlainField, modelVelocityAndDivergence, type ModelVelocityOptions } from './modelVelocity';
import { integrateTrajectories, velocitiesAt } from './sampling';

export interface PairSet {
  /** Starts z0 (interleaved xy), drawn from the source. */
  x0: Float32Array;
  /** Ends z1 = the flow of z0 to t = 1; x1[i] is the partner of x0[i]. */
  x1: Float32Array;
}

/** n source draws (seeded, no jitter) and where the current model carries each of them at t = 1. */
export async function makeReflowPairs(
  model: Mlp,
  source: Float32Array,
  n: number,
  steps: number,
  solver: SolverName,
  seed: number,
  diffusion?: DiffusionSampling,
): Promise<PairSet> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`reflow needs a positive whole number of pairs, got ${n}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const x0 = resample(source, n, 0, createRng(deriveSeed(seed, 'reflow')));
  // The pairs follow the field the model is sampled with (its ODE); x0 stays the source draw (the VE
  // path starts from it scaled, as its training pairs do).
  const traj = await integrateTrajectories(model, { start: x0, steps, solver, diffusion: diffusion && { ...diffusion, sdeNoise: 0 } });
  return { x0, x1: endPoints(traj, steps) };
}

/**
 * A Coupler that trains a reflow round on stored pairs. The trainer draws x0 from the source cloud
 * and x1 from the target independently; this overwrites both, in place, with a minibatch of stored
 * pairs drawn uniformly with replacement (each pair stays intact, so the coupling is the flow's).
 * It keeps its random stream across calls: create it once per round and hand the same instance to
 * every Trainer.train call (`coupler: () => paired`), or each chunk would replay the same minibatches.
 */
export function createPairedCoupler(pairs: PairSet, seed = 0): Coupler {
  const m = pairs.x0.length >> 1;
  if (m === 0 || pairs.x1.length !== pairs.x0.length) throw new Error('paired coupling needs a non-empty set of complete pairs');
  // Frozen copies: later edits to the caller's arrays must not change the round's data.
  const z0 = Float32Array.from(pairs.x0);
  const z1 = Float32Array.from(pairs.x1);
  const rng = createRng(deriveSeed(seed, 'paired-coupler'));
  return (x0, x1) => {
    const b = x0.length >> 1;
    for (let i = 0; i < b; i++) {
      const j = rng.int(m);
      x0[2 * i] = z0[2 * j];
      x0[2 * i + 1] = z0[2 * j + 1];
      x1[2 * i] = z1[2 * j];
      x1[2 * i + 1] = z1[2 * j + 1];
    }
  };
}

/**
 * Straightness of the learned flow from `starts`: mean over steps and points of
 * |(z_N - z_0) - v(z_k, t_k)|^2 on the model's own trajectories (0 = one Euler step would be exact).
 * `diffusion` (kind, path, classes, guidance) says which velocity field the model is sampled with; the
 * measure is of the ODE, so SDE noise is ignored. Absent: a plain velocity model.
 */
export async function straightnessOf(model: Mlp, starts: Float32Array, steps: number, solver: SolverName, diffusion?: DiffusionSampling): Promise<number> {
  const n = starts.length >> 1;
  if (n === 0) return NaN;
  const ode = diffusion ? { ...diffusion, sdeNoise: 0 } : undefined;
  const traj = await integrateTrajectories(model, { start: starts, steps, solver, diffusion: ode });
  if (ode && !isPlainField(model, ode)) return straightness(traj, await trajectoryVelocities(model, traj, n, steps, ode), steps);
  // Evaluate v at every (z_k, t_k), k < steps, in one batch laid out [point][step] as straightness expects.
  const stride = 2 * (steps + 1);
  const points = new Float32Array(2 * n * steps);
  const times = new Float32Array(n * steps);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < steps; k++) {
      const r = i * steps + k;
      points[2 * r] = traj[i * stride + 2 * k];
      points[2 * r + 1] = traj[i * stride + 2 * k + 1];
      times[r] = k / steps;
    }
  }
  const velocities = await velocitiesAt(model, points, times);
  return straightness(traj, velocities, steps);
}

/** v(z_k, t_k) for k < steps on trajectories [point][step][xy], laid out [point][step] (one field call per step time). */
async function trajectoryVelocities(model: Mlp, traj: Float32Array, n: number, steps: number, f: ModelVelocityOptions): Promise<Float32Array> {
  const stride = 2 * (steps + 1);
  const out = new Float32Array(2 * n * steps);
  const pts = new Float32Array(2 * n);
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < n; i++) {
      pts[2 * i] = traj[i * stride + 2 * k];
      pts[2 * i + 1] = traj[i * stride + 2 * k + 1];
    }
    const { v } = await modelVelocityAndDivergence(model, pts, k / steps, f);
    for (let i = 0; i < n; i++) {
      out[2 * (i * steps + k)] = v[2 * i];
      out[2 * (i * steps + k) + 1] = v[2 * i + 1];
    }
  }
  return out;
}
