/**
 * The three training objectives the playground compares on the same clouds, and the settings the two
 * maximum-likelihood ones add (the `flow` block of a scene):
 *   fm       flow matching: the velocity MLP regressed on x1 - x0 (no ODE, no Jacobian while training)
 *   cnf      the same velocity MLP trained by maximum likelihood through an RK4 solve of the ODE
 *   realnvp  a discrete normalizing flow of affine couplings, trained by maximum likelihood
 * One place knows the names, labels and defaults: the scene schema, the command line, the worker and
 * the UI import them.
 */
import type { Range } from './config';

export const OBJECTIVES = ['fm', 'cnf', 'realnvp'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const DEFAULT_OBJECTIVE: Objective = 'fm';

export const isObjective = (v: unknown): v is Objective => typeof v === 'string' && (OBJECTIVES as readonly string[]).includes(v);

/** One colour per model, the same in every panel, chart and table of the compare view. */
export const OBJECTIVE_COLORS: Record<Objective, string> = {
  fm: '#4fd1c5',
  cnf: '#f6ad55',
  realnvp: '#b794f4',
};

export const OBJECTIVE_LABELS: Record<Objective, string> = {
  fm: 'Flow matching',
  cnf: 'CNF (max. likelihood)',
  realnvp: 'RealNVP',
};

/** Whether the objective trains by maximum likelihood (and so needs a closed-form source density). */
export function needsSourceDensity(o: Objective): boolean {
  return o !== 'fm';
}

/** Whether the objective's model is the velocity MLP (its weights are MlpWeights), not a RealNVP. */
export function usesVelocityMlp(o: Objective): boolean {
  return o !== 'realnvp';
}

/** Settings of the likelihood models; the MLP's shape, learning rate and batch come from `train`. */
export interface FlowConfig {
  /** Fixed RK4 steps of the CNF's solve from t = 1 to 0, in training and for its likelihood. */
  cnfSteps: number;
  /** RealNVP coupling layers K. */
  couplings: number;
  /** Hidden layers of each coupling's MLP. */
  couplingLayers: number;
  /** Units per hidden layer of each coupling's MLP. */
  couplingWidth: number;
}

/** RK4 steps of the CNF's solve (the engine's DEFAULT_CNF_STEPS). */
export const DEFAULT_CNF_STEPS = 8;

export const DEFAULT_FLOW: FlowConfig = {
  cnfSteps: DEFAULT_CNF_STEPS,
  couplings: 8,
  couplingLayers: 2,
  couplingWidth: 32,
};

export const FLOW_LIMITS: Record<keyof FlowConfig, Range> = {
  cnfSteps: { min: 1, max: 64, integer: true },
  couplings: { min: 1, max: 32, integer: true },
  couplingLayers: { min: 1, max: 4, integer: true },
  couplingWidth: { min: 4, max: 256, integer: true },
};

/** The RealNVP's shape (src/engine/realnvp.ts RealNvpShape) from flow settings. */
export function realNvpShapeOf(flow: FlowConfig): RealNvpShape {
  return { couplings: flow.couplings, hiddenLayers: flow.couplingLayers, width: flow.couplingWidth };
}

/** A RealNVP's shape: K couplings, each an MLP of `hiddenLayers` x `width` from one coordinate to (log-scale, shift). */
export interface RealNvpShape {
  couplings: number;
  hiddenLayers: number;
  width: number;
}

/** Units per layer of one coupling's MLP: 1 (the conditioning coordinate), width x hiddenLayers, 2. */
export function couplingLayerSizes(shape: Pick<RealNvpShape, 'hiddenLayers' | 'width'>): number[] {
  return [1, ...new Array<number>(shape.hiddenLayers).fill(shape.width), 2];
}

/**
 * Length of each RealNVP weight array, in order: per coupling W0, b0, ..., W_last, b_last (W row-major
 * [in][out]), then its gain (1 value); couplings in order.
 */
export function realNvpWeightLengths(shape: RealNvpShape): number[] {
  const sizes = couplingLayerSizes(shape);
  const per: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) per.push(sizes[l] * sizes[l + 1], sizes[l + 1]);
  per.push(1);
  const out: number[] = [];
  for (let k = 0; k < shape.couplings; k++) out.push(...per);
  return out;
}
