import { describe, expect, it } from 'vitest';
import { gaussianMarginalAt, gaussianMarginalVelocity, type IsoGaussian } from './gaussianField';
import { integrate, endPoints } from './solvers';
import { samplePreset, parsePreset } from './presets';
import { centroid } from './points';

const src: IsoGaussian = { mean: [0, -2], std: 1 };
const tgt: IsoGaussian = { mean: [3, 1], std: 0.5 };

describe('Gaussian-to-Gaussian marginal field', () => {
  it('is the mean shift at the mean of the marginal', () => {
    const out: [number, number] = [0, 0];
    for (const t of [0, 0.3, 0.9]) {
      const m = gaussianMarginalAt(src, tgt, t).mean;
      gaussianMarginalVelocity(src, tgt, t, m[0], m[1], out);
      expect(out[0]).toBeCloseTo(3, 10);
      expect(out[1]).toBeCloseTo(3, 10);
    }
  });
  it('reduces to the seed direction for point masses', () => {
    const out: [number, number] = [0, 0];
    gaussianMarginalVelocity({ mean: [0, -5], std: 0 }, { mean: [5, 0], std: 0 }, 0.6, 3, -2, out);
    expect(out).toEqual([5, 5]);
  });
  it('its flow carries N(m0, s0^2) onto N(m1, s1^2)', () => {
    const x0 = samplePreset(parsePreset('gaussian:0,-2,1'), 4000, 11);
    const traj = integrate((x, t, out) => {
      const v: [number, number] = [0, 0];
      for (let i = 0; i < x.length; i += 2) {
        gaussianMarginalVelocity(src, tgt, t, x[i], x[i + 1], v);
        out[i] = v[0];
        out[i + 1] = v[1];
      }
    }, x0, { steps: 100, solver: 'rk4' });
    const x1 = endPoints(traj, 100);
    const [mx, my] = centroid(x1);
    expect(mx).toBeCloseTo(3, 1);
    expect(my).toBeCloseTo(1, 1);
    let v = 0;
    for (let i = 0; i < 4000; i++) v += (x1[2 * i] - mx) ** 2 + (x1[2 * i + 1] - my) ** 2;
    expect(Math.sqrt(v / 8000)).toBeCloseTo(0.5, 1);
  });
});
