import { describe, expect, it } from 'vitest';
import { DIFFUSION_PATH_NAMES } from './diffusionPaths';
import { gaussianMixturePathVelocity, gaussianPathVelocity } from './gaussianPathField';
import { createRng } from './rng';
import { endPoints, integrate } from './solvers';

const src = { mean: [0, 0] as [number, number], std: 1 };

describe('Gaussian mixture field', () => {
  it('with one component is the single Gaussian field', () => {
    const g = { mean: [1, -2] as [number, number], std: 0.7 };
    const x = Float32Array.of(0.3, 0.1, -2, 4);
    for (const path of DIFFUSION_PATH_NAMES) {
      const a = new Float32Array(4);
      const b = new Float32Array(4);
      gaussianMixturePathVelocity(path, src, [{ weight: 1, gaussian: g }])(x, 0.4, a);
      gaussianPathVelocity(path, src, g)(x, 0.4, b);
      for (let k = 0; k < 4; k++) expect(a[k]).toBeCloseTo(b[k], 5);
    }
  });
  it('carries N(0, I) onto the mixture: 0.25 N((-2, 0), 0.5^2) + 0.75 N((2, 1), 0.5^2)', () => {
    const mix = [
      { weight: 0.25, gaussian: { mean: [-2, 0] as [number, number], std: 0.5 } },
      { weight: 0.75, gaussian: { mean: [2, 1] as [number, number], std: 0.5 } },
    ];
    const rng = createRng(4);
    const n = 4000;
    const x0 = Float32Array.from({ length: 2 * n }, () => rng.normal());
    const end = endPoints(integrate(gaussianMixturePathVelocity('straight', src, mix), x0, { steps: 100, solver: 'rk4' }), 100);
    let left = 0;
    let mx = 0;
    for (let i = 0; i < n; i++) {
      if (end[2 * i] < 0) left++;
      mx += end[2 * i];
    }
    // A quarter of the mass goes left; the mean x is 0.25 * -2 + 0.75 * 2 = 1.
    expect(left / n).toBeCloseTo(0.25, 1);
    expect(mx / n).toBeCloseTo(1, 1);
  });
});
