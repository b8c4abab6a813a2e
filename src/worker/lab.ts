/**
 * The laboratory's heavier measurements, run inside the worker between training chunks:
 * the metrics panel's numbers, reverse maps, and the model's log density on a grid.
 */
import { FIT_STEP_COUNTS, STAGE_EXTENT, type SampleConfig } from '../core/config';
import { gaussianLogDensity, kdeLogDensity, scaledLogDensity } from '../core/densityModels';
import { diffusionSourceStd, type DiffusionPathName } from '../core/diffusionPaths';
import { energyDistance, slicedW2, transportCost } from '../core/metrics';
import type { NoiseFloor } from '../core/noiseFloor';
import { endPoints } from '../core/solvers';
import { gridPoints, logDensityAt, logDensityGrid } from '../engine/density';
import type { Mlp } from '../engine/mlp';
import { straightnessOf } from '../engine/reflow';
import { integrateTrajectories } from '../engine/sampling';
import { scaledStart, type DiffusionSampling, type FieldOptions } from '../engine/diffusionSampling';
import { isPlainField, modelVelocityField } from '../engine/modelVelocity';
import type { LabMetrics, SourceDensityModel } from './protocol';

export interface TargetDraws {
  a: Float32Array;
  b: Float32Array;
  /** Mean and standard deviation of the sliced W2 over FLOOR_PAIRS pairs of draws (the fit's floor). */
  slicedW2Floor: number;
  slicedW2FloorSpread: number;
  energyFloor: number;
}

/** Two independent draws of the target, the fit's noise floor, and the energy floor between the two draws. */
export function targetFloors(a: Float32Array, b: Float32Array, fitFloor: NoiseFloor): TargetDraws {
  return { a, b, slicedW2Floor: fitFloor.mean, slicedW2FloorSpread: fitFloor.std, energyFloor: energyDistance(a, b) };
}

/** Metrics panel: sample quality, straightness, transport cost, and fit against the number of steps. */
export async function computeMetrics(
  model: Mlp,
  step: number,
  starts: Float32Array,
  draws: TargetDraws,
  sample: SampleConfig,
  /** How n particles sample the model (path, target kind, classes, guidance, SDE); absent: the plain ODE. */
  sampling?: (n: number) => DiffusionSampling,
): Promise<LabMetrics> {
  const t0 = performance.now();
  const diffusion = sampling?.(starts.length >> 1);
  const traj = await integrateTrajectories(model, { start: starts, steps: sample.steps, solver: sample.solver, diffusion });
  const ends = endPoints(traj, sample.steps);
  const straightStarts = starts.subarray(0, Math.min(starts.length, 2 * 500));
  const straight = await straightnessOf(model, straightStarts, Math.min(sample.steps, 50), sample.solver, sampling?.(straightStarts.length >> 1));
  // The chart uses half the particles: seven integrations up to 100 steps are the panel's main cost.
  const chartStarts = starts.subarray(0, Math.min(starts.length, 2 * 500));
  const fit: number[] = [];
  for (const k of FIT_STEP_COUNTS) {
    const e = endPoints(await integrateTrajectories(model, { start: chartStarts, steps: k, solver: sample.solver, diffusion: sampling?.(chartStarts.length >> 1) }), k);
    fit.push(slicedW2(e, draws.a));
  }
  return {
    step,
    solver: sample.solver,
    steps: sample.steps,
    slicedW2: slicedW2(ends, draws.a),
    slicedW2Floor: draws.slicedW2Floor,
    slicedW2FloorSpread: draws.slicedW2FloorSpread,
    energy: energyDistance(ends, draws.a),
    energyFloor: draws.energyFloor,
    straightness: straight,
    // From where the particles really start (the VE path scales the source draws up).
    transportCost: transportCost(scaledStart(diffusion?.path, starts, 0), ends),
    fitBySteps: { steps: [...FIT_STEP_COUNTS], fit },
    ms: performance.now() - t0,
  };
}

/** Target points carried back to t = 0, returned in forward-time order (index k is time k / steps). */
export async function reverseTrajectories(model: Mlp, targetStarts: Float32Array, sample: SampleConfig, diffusion?: DiffusionSampling): Promise<Float32Array> {
  const { steps, solver } = sample;
  const back = await integrateTrajectories(model, { start: targetStarts, steps, solver, t0: 1, t1: 0, diffusion });
  const out = new Float32Array(back.length);
  const stride = 2 * (steps + 1);
  const n = back.length / stride;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= steps; k++) {
      out[i * stride + 2 * k] = back[i * stride + 2 * (steps - k)];
      out[i * stride + 2 * k + 1] = back[i * stride + 2 * (steps - k) + 1];
    }
  }
  return out;
}

/**
 * RK4 steps of the heatmap's pull-back from t to 0: 6 per unit time, 3 times as many on the diffusion
 * paths, whose coefficients change by orders of magnitude near t = 0 (VE's sigma^2 by e^12 over [0, 1]).
 */
export function densitySteps(t: number, path: DiffusionPathName | undefined): number {
  return Math.max(1, Math.ceil(t * 6 * (path === 'vp' || path === 've' ? 3 : 1)));
}

/**
 * Log density on a grid [row][col] at time t (row = y), pulling each cell back to t = 0 with RK4 along
 * the field the model is sampled with (`field`: kind, path, class, guidance; absent: a plain velocity
 * model). On the VE path t = 0 is the source scaled by VE_SIGMA_MAX (diffusionSourceStd), so its density is too.
 */
export async function densityGrid(model: Mlp, t: number, gridSize: number, source: SourceDensityModel, sourceCloud: Float32Array, field?: FieldOptions): Promise<Float32Array> {
  const base = source.kind === 'gaussian' ? gaussianLogDensity(source.mean, source.std) : kdeLogDensity(sourceCloud);
  const sourceLogDensity = scaledLogDensity(base, field ? diffusionSourceStd(field.path) : 1);
  const opts = { gridSize, extent: STAGE_EXTENT, t, steps: densitySteps(t, field?.path), solver: 'rk4' as const, sourceLogDensity };
  if (isPlainField(model, field)) return logDensityGrid(model, opts);
  return logDensityAt(modelVelocityField(model, field), gridPoints(gridSize, STAGE_EXTENT), opts);
}
