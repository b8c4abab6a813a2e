/**
 * Probe trajectories: one particle from (x, y) at time t, integrated back to 0 and on to 1 with the
 * snapshot's solver, and the model's velocity there; and the velocity under the pointer.
 */
import { NULL_CLASS } from '../core/labels';
import { fieldFor, samplingFor, type SamplingContext } from './sampleOptions';
import type { Mlp } from '../engine/mlp';
import { integrateTrajectories, velocitiesAt } from '../engine/sampling';

export interface ProbePath {
  /** Positions at t = k / steps, k = 0..steps, passing through the probe point. */
  trajectory: Float32Array;
  steps: number;
  velocity: [number, number];
}

export async function probePath(model: Mlp, x: number, y: number, t: number, ctx: SamplingContext): Promise<ProbePath> {
  const { steps, solver } = ctx.sample;
  // The probe follows the ODE (a noisy path would not pass back through its point) of the field the
  // arrows show: the picked class, or the null class for "all classes" (not a class drawn at random).
  const field = fieldFor(ctx);
  const diffusion = { ...samplingFor(ctx, 1, { ode: true }), labels: ctx.train.conditional ? new Uint8Array([field.label ?? NULL_CLASS]) : null };
  // Split the step budget so both halves land exactly on t = k / steps.
  const k = Math.round(t * steps);
  const t0 = k / steps;
  const start = new Float32Array([x, y]);
  const back = k > 0 ? await integrateTrajectories(model, { start, steps: k, solver, t0, t1: 0, diffusion }) : start;
  const fwd = k < steps ? await integrateTrajectories(model, { start, steps: steps - k, solver, t0, t1: 1, diffusion }) : start;
  const trajectory = new Float32Array(2 * (steps + 1));
  for (let i = 0; i <= k; i++) {
    trajectory[2 * i] = back[2 * (k - i)];
    trajectory[2 * i + 1] = back[2 * (k - i) + 1];
  }
  trajectory.set(fwd.subarray(2), 2 * (k + 1));
  const v = await velocitiesAt(model, start, new Float32Array([t]), field);
  return { trajectory, steps, velocity: [v[0], v[1]] };
}

/** The model's velocity at each point (xy interleaved), all at time t. */
export function velocitiesAtTime(model: Mlp, points: Float32Array, t: number, ctx: SamplingContext): Promise<Float32Array> {
  return velocitiesAt(model, points, new Float32Array(points.length >> 1).fill(t), fieldFor(ctx));
}
