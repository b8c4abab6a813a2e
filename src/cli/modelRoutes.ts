/**
 * Each model's own route from a scene's weights, for the command line: the velocity MLP (objectives
 * fm and cnf) moves points along its ODE and scores them by the ODE with the exact divergence; a
 * RealNVP (objective realnvp) maps them through its couplings and scores them by its exact inverse.
 * Only types of the RealNVP here: its module needs tfjs's gradients, and fm.ts loads it when a scene
 * has one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gaussianLogDensity } from '../core/densityModels';
import type { IsoGaussian } from '../core/gaussianField';
import type { SolverName } from '../core/solvers';
import { logDensityAt, modelField } from '../engine/density';
import type { Mlp } from '../engine/mlp';
import type { RealNvp } from '../engine/realnvp';

/** log p1 of each point under a velocity MLP: the ODE from t = 1 back to 0 with the exact divergence. */
export function odeLogLikelihood(model: Mlp, points: Float32Array, source: IsoGaussian, ode: { steps: number; solver: SolverName }): Promise<Float32Array> {
  return logDensityAt(modelField(model), points, { t: 1, steps: ode.steps, solver: ode.solver, sourceLogDensity: gaussianLogDensity(source.mean, source.std) });
}

/**
 * Paths through a RealNVP's couplings, [point][k][xy] for k = 0..K: forward from the start points
 * (source side) after k couplings, or with `reverse` from target points back to the source (point k
 * is the state after K - k couplings of the exact inverse). Step k is time k / K.
 */
export async function realNvpTrajectories(flow: RealNvp, start: Float32Array, reverse: boolean): Promise<Float32Array> {
  const n = start.length >> 1;
  const K = flow.couplings;
  const stride = 2 * (K + 1);
  const out = new Float32Array(n * stride);
  let z = start;
  if (reverse) {
    const t = tf.tidy(() => flow.inverse(tf.tensor2d(start, [n, 2])).points);
    z = Float32Array.from((await t.data()) as Float32Array);
    t.dispose();
  }
  for (let k = 0; k <= K; k++) {
    const applied = reverse ? K - k : k;
    // The start points exactly at step 0 (the inverse then forward map agree only within float error).
    const pts = k === 0 ? start : await flow.mapPoints(z, applied);
    for (let i = 0; i < n; i++) {
      out[i * stride + 2 * k] = pts[2 * i];
      out[i * stride + 2 * k + 1] = pts[2 * i + 1];
    }
  }
  return out;
}
