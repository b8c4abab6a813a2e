import { describe, expect, it } from 'vitest';
import { endPoints, evalsPerStep, integrate, positionAt, SOLVER_NAMES, type VelocityFn } from './solvers';

const constant =
  (vx: number, vy: number): VelocityFn =>
  (x, _t, out) => {
    for (let i = 0; i < x.length; i += 2) {
      out[i] = vx;
      out[i + 1] = vy;
    }
  };

describe('Euler integration', () => {
  it("reproduces the seed's worked example: (5,5) in five steps from (0,-5)", () => {
    const traj = integrate(constant(5, 5), new Float32Array([0, -5]), { steps: 5 });
    expect(Array.from(traj)).toEqual([0, -5, 1, -4, 2, -3, 3, -2, 4, -1, 5, 0]);
  });

  it('uses t_k = k/N for the k-th step', () => {
    const seen: number[] = [];
    integrate((x, t, out) => {
      seen.push(t);
      out.fill(0);
      void x;
    }, new Float32Array([0, 0]), { steps: 4 });
    expect(seen).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('integrates backwards when t1 < t0', () => {
    const traj = integrate(constant(5, 5), new Float32Array([5, 0]), { steps: 5, t0: 1, t1: 0 });
    expect(Array.from(endPoints(traj, 5))).toEqual([0, -5]);
  });

  it('rejects a non-positive step count', () => {
    expect(() => integrate(constant(1, 1), new Float32Array([0, 0]), { steps: 0 })).toThrow(/positive integer/);
  });

  it('is exact for a time-only field only with enough order: dx/dt = 2t', () => {
    // Exact x(1) = x(0) + 1. Euler with N steps gives 1 - 1/N; midpoint, heun, rk4 are exact for linear-in-t fields.
    const f: VelocityFn = (x, t, out) => {
      for (let i = 0; i < x.length; i++) out[i] = 2 * t;
    };
    const euler = endPoints(integrate(f, new Float32Array([0, 0]), { steps: 4 }), 4);
    expect(euler[0]).toBeCloseTo(0.75, 6);
    for (const solver of ['midpoint', 'heun', 'rk4'] as const) {
      const e = endPoints(integrate(f, new Float32Array([0, 0]), { steps: 4, solver }), 4);
      expect(e[0]).toBeCloseTo(1, 6);
    }
  });
});

describe('order of accuracy', () => {
  // dx/dt = x (per coordinate), x(0) = 1: exact x(1) = e. Halving h divides the error by 2^order.
  const grow: VelocityFn = (x, _t, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i];
  };
  const err = (solver: (typeof SOLVER_NAMES)[number], steps: number) =>
    Math.abs(endPoints(integrate(grow, new Float32Array([1, 1]), { steps, solver }), steps)[0] - Math.E);
  const expected = { euler: 1, midpoint: 2, heun: 2, rk4: 4 } as const;
  for (const solver of SOLVER_NAMES) {
    it(`${solver} has order ${expected[solver]}`, () => {
      const ratio = err(solver, 8) / err(solver, 16);
      expect(Math.log2(ratio)).toBeGreaterThan(expected[solver] - 0.25);
      expect(Math.log2(ratio)).toBeLessThan(expected[solver] + 0.35);
    });
  }
  it('counts network evaluations per step honestly', () => {
    expect(SOLVER_NAMES.map(evalsPerStep)).toEqual([1, 2, 2, 4]);
  });
});

describe('positionAt', () => {
  it('interpolates linearly between recorded steps and clamps t', () => {
    const traj = integrate(constant(5, 5), new Float32Array([0, -5, 10, 10]), { steps: 5 });
    const p: [number, number] = [0, 0];
    positionAt(traj, 5, 0, 0.5, p);
    expect(p).toEqual([2.5, -2.5]);
    positionAt(traj, 5, 1, 1, p);
    expect(p).toEqual([15, 15]);
    positionAt(traj, 5, 0, -3, p);
    expect(p).toEqual([0, -5]);
  });
});
