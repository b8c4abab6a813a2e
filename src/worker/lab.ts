/**
 * The laboratory's heavier measurements, run inside the worker between training chunks:
 * the metrics panel's numbers, reverse maps, and the model's log density on a grid.
 */
import { FIT_STEP_COUNTS, STAGE_EXTENT, type SampleConfig } from '../core/config';
import { gaussianLogDensity, kdeLogDensity } from '../core/densityModels';
import { energyDistance, slicedW2, transportCost } from '../core/metrics';
import type { NoiseFloor } from '../core/noiseFloor';
import { endPoints } from '../core/solvers';
import { logDensityGrid } from '../engine/density';
import type { Mlp } from '../engine/mlp';
import { straightnessOf } from '../engine/reflow';
import { integrateTrajectories } from '../engine/sampling';
import type { DiffusionSampling } from '../engine/diffusionSampling';
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
  const traj = await integrateTrajectories(model, { start: starts, steps: sample.steps, solver: sample.solver, diffusion: sampling?.(starts.length >> 1) });
  const ends = endPoints(traj, sample.steps);
  const straight = await straightnessOf(model, starts.subarray(0, Math.min(starts.length, 2 * 500)), Math.min(sample.steps, 50), sample.solver);
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
    transportCost: transportCost(starts, ends),
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

/** Log density on a grid [row][col] at time t (row = y), pulling each cell back to t = 0 with RK4. */
export async function densityGrid(model: Mlp, t: number, gridSize: number, source: SourceDensityModel, sourceCloud: Float32Array): Promise<Float32Array> {
  const sourceLogDensity = source.kind === 'gaussian' ? gaussianLogDensity(source.mean, source.std) : kdeLogDensity(sourceCloud);
  return logDensityGrid(model, { gridSize, extent: STAGE_EXTENT, t, steps: Math.max(1, Math.ceil(t * 6)), solver: 'rk4', sourceLogDensity });
}
