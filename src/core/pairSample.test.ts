import { describe, expect, it } from 'vitest';
import { pairAt, pairCost, samplePairs } from './pairSample';
import { createRng } from './rng';

const cloud = (n: number, seed: number, cx = 0, cy = 0): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? cx : cy) + rng.normal());
};

const contains = (cloudPts: Float32Array, x: number, y: number) => {
  for (let i = 0; i < cloudPts.length; i += 2) if (cloudPts[i] === x && cloudPts[i + 1] === y) return true;
  return false;
};

describe('samplePairs', () => {
  const source = cloud(400, 1, -3, 0);
  const target = cloud(300, 2, 3, 1);

  it('draws n pairs whose ends are points of the two clouds', () => {
    const p = samplePairs(source, target, 150, 7);
    expect(p.count).toBe(150);
    expect(p.x0.length).toBe(300);
    for (let i = 0; i < p.count; i++) {
      expect(contains(source, p.x0[2 * i], p.x0[2 * i + 1])).toBe(true);
      expect(contains(target, p.x1[2 * i], p.x1[2 * i + 1])).toBe(true);
    }
  });

  it('is reproducible from its seed and changes with it', () => {
    expect(Array.from(samplePairs(source, target, 50, 3).x1)).toEqual(Array.from(samplePairs(source, target, 50, 3).x1));
    expect(Array.from(samplePairs(source, target, 50, 3).x1)).not.toEqual(Array.from(samplePairs(source, target, 50, 4).x1));
  });

  it('with OT coupling keeps the same points but re-pairs them at lower total cost', () => {
    // Overlapping clouds: most of an independent pair's length is crossing, which OT removes.
    const a = cloud(400, 3);
    const b = cloud(400, 4, 0.5, 0);
    const ind = samplePairs(a, b, 120, 5, 'independent');
    const ot = samplePairs(a, b, 120, 5, 'ot');
    expect(Array.from(ot.x0)).toEqual(Array.from(ind.x0));
    const sorted = (a: Float32Array) => Array.from({ length: a.length / 2 }, (_, i) => `${a[2 * i]},${a[2 * i + 1]}`).sort();
    expect(sorted(ot.x1)).toEqual(sorted(ind.x1));
    expect(pairCost(ot)).toBeLessThan(0.5 * pairCost(ind));
  });

  it('gives no pairs when a cloud is empty', () => {
    expect(samplePairs(new Float32Array(0), target, 150).count).toBe(0);
    expect(samplePairs(source, new Float32Array(0), 150).x1.length).toBe(0);
  });
});

describe('pairAt', () => {
  it("is the seed's straight path: (0,-5) -> (5,0) is at (3,-2) at t = 3/5, moving with (5,5)", () => {
    const p = { x0: new Float32Array([0, -5]), x1: new Float32Array([5, 0]), count: 1 };
    const pos: [number, number] = [0, 0];
    const vel: [number, number] = [0, 0];
    pairAt(p, 0, 3 / 5, pos, vel);
    expect(pos[0]).toBeCloseTo(3, 12);
    expect(pos[1]).toBeCloseTo(-2, 12);
    expect(vel).toEqual([5, 5]);
    pairAt(p, 0, 0, pos, vel);
    expect(pos).toEqual([0, -5]);
    pairAt(p, 0, 1, pos, vel);
    expect(pos).toEqual([5, 0]);
  });
});
