import { describe, expect, it } from 'vitest';
import { couplerFor } from './couplers';
import { createRng, type Rng } from './rng';
import { transportCost } from './metrics';

const randomCloud = (rng: Rng, n: number, spread = 2): Float32Array =>
  Float32Array.from({ length: 2 * n }, () => spread * rng.normal());

/** Points as sorted "x,y" strings: equal lists mean the same multiset. */
const multiset = (p: Float32Array): string[] => {
  const out: string[] = [];
  for (let i = 0; i < p.length; i += 2) out.push(`${p[i]},${p[i + 1]}`);
  return out.sort();
};

/** Minimum summed squared distance over all pairings (every permutation; tiny n only). */
function bruteForceCost(x0: Float32Array, x1: Float32Array): number {
  const n = x0.length >> 1;
  let best = Infinity;
  const perm = Array.from({ length: n }, (_, i) => i);
  const visit = (k: number): void => {
    if (k === n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const dx = x0[2 * i] - x1[2 * perm[i]];
        const dy = x0[2 * i + 1] - x1[2 * perm[i] + 1];
        s += dx * dx + dy * dy;
      }
      best = Math.min(best, s);
      return;
    }
    for (let j = k; j < n; j++) {
      [perm[k], perm[j]] = [perm[j], perm[k]];
      visit(k + 1);
      [perm[k], perm[j]] = [perm[j], perm[k]];
    }
  };
  visit(0);
  return best;
}

describe('couplerFor', () => {
  it('independent pairs need no coupler', () => {
    expect(couplerFor('independent')).toBeUndefined();
  });

  it('OT never raises the transport cost and keeps x0 and the multiset of x1', () => {
    const rng = createRng(4);
    const couple = couplerFor('ot')!;
    for (const n of [1, 2, 16, 128, 512]) {
      const x0 = randomCloud(rng, n);
      const x1 = randomCloud(rng, n, 3);
      const x0Before = x0.slice();
      const x1Before = x1.slice();
      const before = transportCost(x0, x1);
      couple(x0, x1);
      expect(transportCost(x0, x1)).toBeLessThanOrEqual(before + 1e-9);
      expect(x0).toEqual(x0Before);
      expect(multiset(x1)).toEqual(multiset(x1Before));
    }
  });

  it('OT reaches the brute-force optimum on tiny batches', () => {
    const rng = createRng(11);
    const couple = couplerFor('ot')!;
    for (let trial = 0; trial < 40; trial++) {
      const n = 2 + (trial % 6);
      const x0 = randomCloud(rng, n);
      const x1 = randomCloud(rng, n);
      const optimum = bruteForceCost(x0, x1);
      couple(x0, x1);
      expect(transportCost(x0, x1) * n).toBeCloseTo(optimum, 4);
    }
  });

  it('OT untangles a crossed pairing of two point pairs', () => {
    const x0 = new Float32Array([0, 0, 0, 1]);
    const x1 = new Float32Array([5, 1, 5, 0]);
    couplerFor('ot')!(x0, x1);
    expect(Array.from(x1)).toEqual([5, 0, 5, 1]);
  });

  it('one coupler serves batches of different sizes', () => {
    const rng = createRng(2);
    const couple = couplerFor('ot')!;
    for (const n of [8, 32, 8]) {
      const x0 = randomCloud(rng, n);
      const x1 = randomCloud(rng, n);
      const optimumBefore = transportCost(x0, x1);
      couple(x0, x1);
      expect(transportCost(x0, x1)).toBeLessThanOrEqual(optimumBefore + 1e-9);
    }
  });
});
