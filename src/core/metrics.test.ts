import { describe, expect, it } from 'vitest';
import { energyDistance, slicedW2, sliceDirections, straightness, transportCost } from './metrics';
import { samplePreset, parsePreset } from './presets';
import { integrate } from './solvers';

const moons = (seed: number, n = 1000) => samplePreset(parsePreset('moons'), n, seed);

describe('slicedW2', () => {
  it('is 0 between identical sets', () => {
    const a = moons(1);
    expect(slicedW2(a, a.slice())).toBe(0);
  });
  it('equals the length of a pure shift', () => {
    const a = moons(1);
    const b = a.map((v, i) => v + (i % 2 === 0 ? 3 : -4));
    expect(slicedW2(a, b)).toBeCloseTo(5, 4);
  });
  it('does not depend on the order of the points', () => {
    const a = moons(1, 200);
    const rev = new Float32Array(a.length);
    for (let i = 0; i < 200; i++) {
      rev[2 * i] = a[2 * (199 - i)];
      rev[2 * i + 1] = a[2 * (199 - i) + 1];
    }
    const b = moons(2, 200);
    expect(slicedW2(rev, b)).toBeCloseTo(slicedW2(a, b), 10);
  });
  it('matches a hand computation on two points along the x axis with 2 directions', () => {
    // Directions 0 and pi/2. Along x: W2^2 = ((0-1)^2 + (2-3)^2)/2 = 1; along y: 0. sqrt(2 * (1 + 0) / 2) = 1.
    const a = new Float32Array([0, 0, 2, 0]);
    const b = new Float32Array([3, 0, 1, 0]);
    expect(slicedW2(a, b, sliceDirections(2))).toBeCloseTo(1, 12);
  });
  it('separates independent draws (small) from different shapes (large)', () => {
    const floor = slicedW2(moons(1), moons(2));
    const other = slicedW2(moons(1), samplePreset(parsePreset('gaussian'), 1000, 3));
    expect(floor).toBeLessThan(0.25);
    expect(other).toBeGreaterThan(4 * floor);
  });
});

describe('energyDistance', () => {
  it('is near 0 for draws of one distribution and positive for a shift', () => {
    const a = moons(1, 400);
    const b = moons(2, 400);
    const shifted = b.map((v, i) => (i % 2 === 0 ? v + 2 : v));
    expect(Math.abs(energyDistance(a, b))).toBeLessThan(0.05);
    expect(energyDistance(a, shifted)).toBeGreaterThan(1);
  });
  it('matches a hand computation for single-point-pair sets', () => {
    // X = {0, 0}, Y = {(3,4), (3,4)}: 2*5 - 0 - 0 = 10 (points given twice each to have n >= 2).
    const x = new Float32Array([0, 0, 0, 0]);
    const y = new Float32Array([3, 4, 3, 4]);
    expect(energyDistance(x, y)).toBeCloseTo(10, 10);
  });
});

describe('straightness and transport cost', () => {
  it('is 0 for a constant field', () => {
    const steps = 10;
    const traj = integrate((x, _t, out) => {
      for (let i = 0; i < x.length; i += 2) {
        out[i] = 2;
        out[i + 1] = -1;
      }
    }, new Float32Array([0, 0, 1, 1, -2, 3]), { steps });
    const vel = new Float32Array(3 * steps * 2);
    for (let i = 0; i < vel.length; i += 2) {
      vel[i] = 2;
      vel[i + 1] = -1;
    }
    expect(straightness(traj, vel, steps)).toBeCloseTo(0, 10);
  });
  it('matches the closed form for a unit rotation (about 0.0806)', () => {
    // z(t) = (cos t, sin t): mean_t |(z1 - z0) - v(t)|^2 = |d|^2 - 2 d.mean(v) + 1 = 2 - 2cos1 - 2(2 - 2cos1) + 1.
    const steps = 200;
    const rot = integrate((x, _t, out) => {
      for (let i = 0; i < x.length; i += 2) {
        out[i] = -x[i + 1];
        out[i + 1] = x[i];
      }
    }, new Float32Array([1, 0]), { steps, solver: 'rk4' });
    const rv = new Float32Array(2 * steps);
    for (let k = 0; k < steps; k++) {
      rv[2 * k] = -rot[2 * k + 1];
      rv[2 * k + 1] = rot[2 * k];
    }
    const exact = 1 - (2 - 2 * Math.cos(1));
    expect(straightness(rot, rv, steps)).toBeCloseTo(exact, 2);
  });
  it('transport cost is the mean squared pair length', () => {
    expect(transportCost(new Float32Array([0, -5, 0, 0]), new Float32Array([5, 0, 3, 4]))).toBeCloseTo((50 + 25) / 2, 10);
  });
});
