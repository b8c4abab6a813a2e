import { describe, expect, it } from 'vitest';
import { applyPairing, otPairing, solveAssignment } from './otAssignment';
import { createRng, type Rng } from './rng';

const assignmentCost = (cost: Float64Array, n: number, perm: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += cost[i * n + perm[i]];
  return s;
};

/** Minimum over all n! permutations (Heap's algorithm). */
const bruteForceMin = (cost: Float64Array, n: number): number => {
  const a = Array.from({ length: n }, (_, i) => i);
  let best = assignmentCost(cost, n, a);
  const c = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i], a[k]];
      best = Math.min(best, assignmentCost(cost, n, a));
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return best;
};

/** Textbook O(n^3) Hungarian (e-maxx, 1-based) as an independent reference for larger n; returns the optimal cost. */
const referenceMin = (cost: Float64Array, n: number): number => {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  let s = 0;
  for (let j = 1; j <= n; j++) s += cost[(p[j] - 1) * n + j - 1];
  return s;
};

const isPermutation = (perm: Int32Array, n: number): boolean => {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = perm[i];
    if (j < 0 || j >= n || seen[j]) return false;
    seen[j] = 1;
  }
  return true;
};

const randomCloud = (rng: Rng, n: number): Float32Array => {
  const p = new Float32Array(2 * n);
  for (let i = 0; i < p.length; i++) p[i] = 4 * rng.normal();
  return p;
};

const sqCost = (x0: Float32Array, x1: Float32Array): Float64Array => {
  const n = x0.length >> 1;
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) c[i * n + j] = (x0[2 * i] - x1[2 * j]) ** 2 + (x0[2 * i + 1] - x1[2 * j + 1]) ** 2;
  return c;
};

describe('solveAssignment', () => {
  it('handles the empty and 1x1 problems', () => {
    expect(Array.from(solveAssignment(new Float64Array(0), 0))).toEqual([]);
    expect(Array.from(solveAssignment(new Float64Array([7]), 1))).toEqual([0]);
  });

  it('solves a hand 3x3 example', () => {
    // Rows [4,1,3], [2,0,5], [3,2,2]. The six assignments cost
    // [0,1,2]=6 [0,2,1]=11 [1,0,2]=5 [1,2,0]=9 [2,0,1]=7 [2,1,0]=6, so [1,0,2] is the unique optimum.
    const cost = new Float64Array([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    expect(Array.from(solveAssignment(cost, 3))).toEqual([1, 0, 2]);
  });

  it('handles negative costs', () => {
    const cost = new Float64Array([0, -10, -10, 0]);
    expect(Array.from(solveAssignment(cost, 2))).toEqual([1, 0]);
  });

  it('matches brute force on random matrices with n <= 7', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = createRng(seed);
      const n = 1 + (seed % 7);
      const cost = new Float64Array(n * n);
      // Integer costs on odd seeds create ties; continuous costs on even ones.
      for (let k = 0; k < cost.length; k++) cost[k] = seed % 2 ? rng.int(5) : 10 * rng.uniform() - 3;
      const perm = solveAssignment(cost, n);
      expect(isPermutation(perm, n)).toBe(true);
      expect(assignmentCost(cost, n, perm)).toBeCloseTo(bruteForceMin(cost, n), 9);
    }
  });

  it('matches a reference Hungarian on larger matrices of several kinds', () => {
    const kinds: Record<string, (rng: Rng) => number> = {
      uniform: (rng) => rng.uniform(),
      // Few distinct values: many ties and many optimal assignments.
      smallInts: (rng) => rng.int(4),
      negative: (rng) => -1000 * rng.uniform(),
      // Large offset: prices live near 1e9 while the differences that matter are small integers.
      offset: (rng) => 1e9 + rng.int(100),
      // Extreme spread between entries.
      wide: (rng) => (rng.uniform() < 0.1 ? 1e6 : 1e-3) * rng.uniform(),
    };
    for (const [kind, draw] of Object.entries(kinds)) {
      for (const n of [2, 17, 60, 150]) {
        const rng = createRng(n * 31 + kind.length);
        const cost = new Float64Array(n * n);
        for (let k = 0; k < cost.length; k++) cost[k] = draw(rng);
        const perm = solveAssignment(cost, n);
        expect(isPermutation(perm, n), `${kind} n=${n}`).toBe(true);
        const ref = referenceMin(cost, n);
        expect(Math.abs(assignmentCost(cost, n, perm) - ref), `${kind} n=${n}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
      }
    }
  });

  it('solves a structured matrix c(i,j) = (i+1)(j+1), whose optimum reverses the order', () => {
    // By the rearrangement inequality the minimum pairs the largest i with the smallest j.
    const n = 40;
    const cost = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = (i + 1) * (j + 1);
    expect(Array.from(solveAssignment(cost, n))).toEqual(Array.from({ length: n }, (_, i) => n - 1 - i));
  });

  it('returns a permutation for a constant matrix', () => {
    const perm = solveAssignment(new Float64Array(25).fill(3), 5);
    expect(isPermutation(perm, 5)).toBe(true);
  });

  it('rejects a matrix of the wrong size or with non-finite entries', () => {
    expect(() => solveAssignment(new Float64Array(5), 2)).toThrow(/expected 2x2/);
    expect(() => solveAssignment(new Float64Array([0, NaN, 1, 2]), 2)).toThrow(/not finite/);
    expect(() => solveAssignment(new Float64Array(0), -1)).toThrow(/non-negative/);
  });
});

describe('otPairing', () => {
  it('is optimal against brute force on random clouds with n <= 7', () => {
    for (let seed = 100; seed < 160; seed++) {
      const rng = createRng(seed);
      const n = 1 + (seed % 7);
      const x0 = randomCloud(rng, n);
      const x1 = randomCloud(rng, n);
      const perm = otPairing(x0, x1);
      expect(isPermutation(perm, n)).toBe(true);
      const c = sqCost(x0, x1);
      expect(assignmentCost(c, n, perm)).toBeCloseTo(bruteForceMin(c, n), 6);
    }
  });

  it('matches a reference Hungarian on shifted, scaled and clustered clouds', () => {
    const n = 120;
    const shapes: Record<string, (rng: Rng) => [number, number]> = {
      shifted: (rng) => [rng.normal() + 5, rng.normal() - 3],
      scaled: (rng) => [3 * rng.normal(), 0.2 * rng.normal()],
      clustered: (rng) => {
        const c = rng.int(4);
        return [4 * Math.cos(c) + 0.1 * rng.normal(), 4 * Math.sin(c) + 0.1 * rng.normal()];
      },
    };
    for (const [shape, draw] of Object.entries(shapes)) {
      const rng = createRng(shape.length * 7);
      const x0 = randomCloud(rng, n);
      const x1 = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) [x1[2 * i], x1[2 * i + 1]] = draw(rng);
      const perm = otPairing(x0, x1);
      expect(isPermutation(perm, n), shape).toBe(true);
      const c = sqCost(x0, x1);
      expect(assignmentCost(c, n, perm), shape).toBeCloseTo(referenceMin(c, n), 6);
    }
  });

  it('is the identity when both clouds are the same', () => {
    const x0 = randomCloud(createRng(3), 50);
    const perm = otPairing(x0, x0.slice());
    expect(Array.from(perm)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('un-swaps two swapped points', () => {
    // x0 = (0,0),(10,0); x1 lists them swapped, so x0[0] must pair with x1[1].
    const x0 = new Float32Array([0, 0, 10, 0]);
    const x1 = new Float32Array([10, 1, 0, 1]);
    expect(Array.from(otPairing(x0, x1))).toEqual([1, 0]);
  });

  it('un-does a random shuffle of a cloud', () => {
    const rng = createRng(9);
    const n = 40;
    const x0 = randomCloud(rng, n);
    const shuffle = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffle[i], shuffle[j]] = [shuffle[j], shuffle[i]];
    }
    const x1 = applyPairing(x0, Int32Array.from(shuffle));
    const perm = otPairing(x0, x1);
    // x1[k] = x0[shuffle[k]], so x0[i] sits at the k with shuffle[k] = i.
    for (let k = 0; k < n; k++) expect(perm[shuffle[k]]).toBe(k);
    expect(Array.from(applyPairing(x1, perm))).toEqual(Array.from(x0));
  });

  it('throws a clear error on unequal counts', () => {
    expect(() => otPairing(new Float32Array(4), new Float32Array(6))).toThrow(/equal point counts, got 2 and 3/);
  });

  it('pairs 512 points in well under a second', () => {
    const rng = createRng(512);
    const x0 = randomCloud(rng, 512);
    const x1 = randomCloud(rng, 512);
    const t0 = performance.now();
    const perm = otPairing(x0, x1);
    const ms = performance.now() - t0;
    expect(isPermutation(perm, 512)).toBe(true);
    expect(ms).toBeLessThan(1000);
    // Sanity: the optimum beats the given order by a wide margin for independent clouds.
    const c = sqCost(x0, x1);
    const identity = Array.from({ length: 512 }, (_, i) => i);
    expect(assignmentCost(c, 512, perm)).toBeLessThan(0.5 * assignmentCost(c, 512, identity));
  });

  it('pairs 1024 points from different shapes in under a second, with no improving pair swap', () => {
    const rng = createRng(1024);
    const n = 1024;
    // A shifted, stretched target: the hardest kind for a plain Hungarian without a warm start.
    const x0 = randomCloud(rng, n);
    const x1 = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      x1[2 * i] = 3 * rng.normal() + 6;
      x1[2 * i + 1] = 0.5 * rng.normal() - 2;
    }
    const t0 = performance.now();
    const perm = otPairing(x0, x1);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(isPermutation(perm, n)).toBe(true);
    const d = (i: number, j: number) => (x0[2 * i] - x1[2 * j]) ** 2 + (x0[2 * i + 1] - x1[2 * j + 1]) ** 2;
    let worst = 0;
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        const gain = d(a, perm[a]) + d(b, perm[b]) - d(a, perm[b]) - d(b, perm[a]);
        worst = Math.max(worst, gain);
      }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('applyPairing', () => {
  it('reorders points by the permutation', () => {
    const x1 = new Float32Array([0, 1, 2, 3, 4, 5]);
    expect(Array.from(applyPairing(x1, Int32Array.from([2, 0, 1])))).toEqual([4, 5, 0, 1, 2, 3]);
  });
  it('writes into a given buffer and leaves the input alone', () => {
    const x1 = new Float32Array([0, 1, 2, 3]);
    const out = new Float32Array(4);
    expect(applyPairing(x1, Int32Array.from([1, 0]), out)).toBe(out);
    expect(Array.from(out)).toEqual([2, 3, 0, 1]);
    expect(Array.from(x1)).toEqual([0, 1, 2, 3]);
  });
  it('rejects mismatched sizes and in-place use', () => {
    const x1 = new Float32Array([0, 1, 2, 3]);
    expect(() => applyPairing(x1, Int32Array.from([0]))).toThrow(/1 entries/);
    expect(() => applyPairing(x1, Int32Array.from([1, 0]), x1)).toThrow(/input/);
  });
});
