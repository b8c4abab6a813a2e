/**
 * The three ways the app trains a flow, side by side in the compare view: flow matching (regression
 * on x1 - x0), a continuous normalizing flow trained by maximum likelihood (the same velocity MLP,
 * the ODE solved at every step), and RealNVP (a discrete normalizing flow of affine couplings).
 */
export const OBJECTIVES = ['fm', 'cnf', 'realnvp'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const OBJECTIVE_LABELS: Record<Objective, string> = {
  fm: 'Flow matching',
  cnf: 'CNF (max. likelihood)',
  realnvp: 'RealNVP',
};

/** One colour per model, the same in every panel, chart and table. */
export const OBJECTIVE_COLORS: Record<Objective, string> = {
  fm: '#4fd1c5',
  cnf: '#f6ad55',
  realnvp: '#b794f4',
};

export const isObjective = (v: unknown): v is Objective => typeof v === 'string' && (OBJECTIVES as readonly string[]).includes(v);
