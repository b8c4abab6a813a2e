import { describe, expect, it } from 'vitest';
import { interpolatePairs, pathCoefficients, PATH_NAMES } from './paths';

describe('straight path', () => {
  it("puts x_t at (3,-2) for the seed's pair at t = 3/5 with direction (5,5)", () => {
    const xt = new Float32Array(2);
    const ut = new Float32Array(2);
    interpolatePairs('straight', new Float32Array([0, -5]), new Float32Array([5, 0]), new Float32Array([0.6]), xt, ut);
    expect(xt[0]).toBeCloseTo(3, 6);
    expect(xt[1]).toBeCloseTo(-2, 6);
    expect(Array.from(ut)).toEqual([5, 5]);
  });
  it('starts at the source and ends at the target', () => {
    const xt = new Float32Array(4);
    const ut = new Float32Array(4);
    interpolatePairs('straight', new Float32Array([1, 2, 3, 4]), new Float32Array([-1, 0, 7, 9]), new Float32Array([0, 1]), xt, ut);
    expect(Array.from(xt)).toEqual([1, 2, 7, 9]);
  });
});

describe('path coefficients', () => {
  for (const path of PATH_NAMES) {
    it(`${path}: alpha(0)=0, sigma(0)=1, alpha(1)=1, sigma(1)=0`, () => {
      const a = pathCoefficients(path, 0);
      const b = pathCoefficients(path, 1);
      expect(a.alpha).toBeCloseTo(0, 12);
      expect(a.sigma).toBeCloseTo(1, 12);
      expect(b.alpha).toBeCloseTo(1, 12);
      expect(b.sigma).toBeCloseTo(0, 12);
    });
    it(`${path}: target velocity is the finite-difference derivative of x_t`, () => {
      const x0 = new Float32Array([0.3, -1.2]);
      const x1 = new Float32Array([2.5, 0.7]);
      for (const t of [0.1, 0.37, 0.8]) {
        const h = 1e-3;
        const xa = new Float32Array(2);
        const xb = new Float32Array(2);
        const ut = new Float32Array(2);
        const scratch = new Float32Array(2);
        interpolatePairs(path, x0, x1, new Float32Array([t - h]), xa, scratch);
        interpolatePairs(path, x0, x1, new Float32Array([t + h]), xb, scratch);
        interpolatePairs(path, x0, x1, new Float32Array([t]), new Float32Array(2), ut);
        for (let d = 0; d < 2; d++) expect(ut[d]).toBeCloseTo((xb[d] - xa[d]) / (2 * h), 2);
      }
    });
  }
});
