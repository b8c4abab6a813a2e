/**
 * Class metrics of a conditional model: per class, the class accuracy (share of points generated for
 * class c whose nearest target point is of class c) and the fit (sliced W2 against the target's class
 * c points); and the guidance sweep, the same at several guidance weights w for the chart.
 */
import { classAccuracy, perClassAccuracy, perClassFit } from '../core/classAccuracy';
import { classCountOf } from '../core/cloudLabels';
import { pointsOfClass } from '../core/labels';
import { slicedW2 } from '../core/metrics';
import { endPoints } from '../core/solvers';
import type { Mlp } from '../engine/mlp';
import { integrateTrajectories } from '../engine/sampling';
import { samplingFor, type SamplingContext } from './sampleOptions';

/** The guidance weights the "accuracy and fit vs w" chart samples. */
export const GUIDANCE_SWEEP = [0, 0.5, 1, 2, 3, 5, 8] as const;

/** Why class metrics cannot be computed now, or null. */
export function classMetricsBlocker(model: Mlp, ctx: SamplingContext, target: Float32Array): string | null {
  if (!ctx.targetLabels || ctx.targetLabels.length !== target.length >> 1 || target.length === 0) return 'The target has no class labels.';
  if (!model.shape.conditional || !ctx.train.conditional) return 'The model is not conditional: turn on "conditional" and train it.';
  return null;
}

async function generate(model: Mlp, ctx: SamplingContext, starts: Float32Array, opts: { sampleClass?: number | null; guidance?: number }) {
  const n = starts.length >> 1;
  const diffusion = samplingFor(ctx, n, opts);
  const traj = await integrateTrajectories(model, { start: starts, steps: ctx.sample.steps, solver: ctx.sample.solver, diffusion });
  return { ends: endPoints(traj, ctx.sample.steps), asked: diffusion.labels ?? new Uint8Array(n) };
}

/** Per class: accuracy and fit of particles whose classes are drawn from the data, at the set guidance. */
export async function perClassMetrics(model: Mlp, ctx: SamplingContext, starts: Float32Array, target: Float32Array): Promise<{ accuracy: number[]; fit: number[] } | null> {
  if (classMetricsBlocker(model, ctx, target)) return null;
  const labels = ctx.targetLabels!;
  const classes = classCountOf(labels);
  const { ends, asked } = await generate(model, ctx, starts, { sampleClass: null });
  return { accuracy: perClassAccuracy(ends, asked, target, labels, classes), fit: perClassFit(ends, asked, target, labels, classes) };
}

export interface GuidanceSweep {
  weights: number[];
  accuracy: number[];
  fit: number[];
}

/**
 * Accuracy and fit at each w of GUIDANCE_SWEEP for the picked class (against that class's target points),
 * or for "all classes" (each particle's class drawn from the data; the fit against the whole target).
 */
export async function guidanceSweep(model: Mlp, ctx: SamplingContext, starts: Float32Array, target: Float32Array): Promise<GuidanceSweep> {
  const labels = ctx.targetLabels!;
  const c = ctx.sample.sampleClass;
  const reference = c === null ? target : pointsOfClass(target, labels, c);
  const out: GuidanceSweep = { weights: [...GUIDANCE_SWEEP], accuracy: [], fit: [] };
  for (const w of GUIDANCE_SWEEP) {
    const { ends, asked } = await generate(model, ctx, starts, { guidance: w });
    out.accuracy.push(classAccuracy(ends, asked, target, labels));
    out.fit.push(slicedW2(ends, reference));
  }
  return out;
}
