/**
 * Fixed-step ODE solvers for dx/dt = v(x, t), written once as Butcher tableaux so that the
 * Float32Array integrator here and the tensor integrator in the engine share the same numbers.
 */
export const SOLVER_NAMES = ['euler', 'midpoint', 'heun', 'rk4'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

export interface Tableau {
  /** Stage times as fractions of the step. */
  c: readonly number[];
  /** a[s][j]: weight of stage j's slope in stage s's position. */
  a: readonly (readonly number[])[];
  /** Weights of the stage slopes in the step. */
  b: readonly number[];
}

export const TABLEAUX: Record<SolverName, Tableau> = {
  euler: { c: [0], a: [[]], b: [1] },
  midpoint: { c: [0, 0.5], a: [[], [0.5]], b: [0, 1] },
  heun: { c: [0, 1], a: [[], [1]], b: [0.5, 0.5] },
  rk4: {
    c: [0, 0.5, 0.5, 1],
    a: [[], [0.5], [0, 0.5], [0, 0, 1]],
    b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  },
};

/** Network evaluations per step: what NFE counts honestly. */
export const evalsPerStep = (solver: SolverName): number => TABLEAUX[solver].b.length;

/** Velocity of a batch: reads x (interleaved xy) at time t and writes into out. */
export type VelocityFn = (x: Float32Array, t: number, out: Float32Array) => void;

export interface IntegrateOptions {
  solver?: SolverName;
  steps: number;
  t0?: number;
  t1?: number;
}

/**
 * Integrate from t0 to t1 (t1 < t0 integrates backwards) in `steps` equal steps.
 * Returns the trajectory [point][step][xy] with steps + 1 positions per point.
 */
export function integrate(v: VelocityFn, x0: Float32Array, opts: IntegrateOptions): Float32Array {
  const { steps, solver = 'euler', t0 = 0, t1 = 1 } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer (got ${steps})`);
  const tab = TABLEAUX[solver];
  const len = x0.length;
  const n = len >> 1;
  const stride = 2 * (steps + 1);
  const traj = new Float32Array(n * stride);
  const x = Float64Array.from(x0);
  const k = tab.b.map(() => new Float32Array(len));
  const probe = new Float32Array(len);
  const h = (t1 - t0) / steps;
  const record = (step: number) => {
    for (let i = 0; i < n; i++) {
      traj[i * stride + 2 * step] = x[2 * i];
      traj[i * stride + 2 * step + 1] = x[2 * i + 1];
    }
  };
  record(0);
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    for (let st = 0; st < tab.b.length; st++) {
      for (let j = 0; j < len; j++) {
        let acc = x[j];
        const row = tab.a[st];
        for (let q = 0; q < row.length; q++) if (row[q] !== 0) acc += h * row[q] * k[q][j];
        probe[j] = acc;
      }
      v(probe, t + tab.c[st] * h, k[st]);
    }
    for (let j = 0; j < len; j++) {
      let acc = 0;
      for (let st = 0; st < tab.b.length; st++) acc += tab.b[st] * k[st][j];
      x[j] += h * acc;
    }
    record(s + 1);
  }
  return traj;
}

/** Position of point i at fraction t in [0, 1] of a trajectory, by linear interpolation between steps. */
export function positionAt(traj: Float32Array, steps: number, i: number, t: number, out: [number, number]): void {
  const stride = 2 * (steps + 1);
  const f = Math.min(Math.max(t, 0), 1) * steps;
  const k = Math.min(Math.floor(f), steps - 1);
  const w = f - k;
  const o = i * stride + 2 * k;
  out[0] = traj[o] + w * (traj[o + 2] - traj[o]);
  out[1] = traj[o + 1] + w * (traj[o + 3] - traj[o + 1]);
}

/** End points (last step) of every trajectory. */
export function endPoints(traj: Float32Array, steps: number): Float32Array {
  const stride = 2 * (steps + 1);
  const n = traj.length / stride;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = traj[i * stride + 2 * steps];
    out[2 * i + 1] = traj[i * stride + 2 * steps + 1];
  }
  return out;
}
