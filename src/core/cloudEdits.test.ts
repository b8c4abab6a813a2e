import { describe, expect, it } from 'vitest';
import {
  addPoints,
  boundingBox,
  brushPoints,
  clampCount,
  createHistory,
  erasePoints,
  pointsInDisc,
  rotateCloud,
  scaleCloud,
  translateCloud,
} from './cloudEdits';
import { centroid, pointCount } from './points';
import { createRng } from './rng';

const f32 = (...v: number[]) => new Float32Array(v);
const arr = (p: Float32Array) => Array.from(p);

const randomCloud = (seed: number, n: number): Float32Array => {
  const rng = createRng(seed);
  const p = new Float32Array(2 * n);
  for (let i = 0; i < p.length; i++) p[i] = 3 * rng.normal();
  return p;
};

describe('brushPoints', () => {
  it('puts exactly count points inside the disc, spread uniformly over its area', () => {
    const [cx, cy, r] = [1.5, -2, 0.8];
    const n = 20000;
    const pts = brushPoints(cx, cy, r, n, createRng(7));
    expect(pointCount(pts)).toBe(n);
    let inner = 0;
    let right = 0;
    let top = 0;
    for (let i = 0; i < n; i++) {
      const dx = pts[2 * i] - cx;
      const dy = pts[2 * i + 1] - cy;
      const d = Math.hypot(dx, dy);
      expect(d).toBeLessThanOrEqual(r + 1e-6);
      if (d <= r / 2) inner++;
      if (dx > 0) right++;
      if (dy > 0) top++;
    }
    // Uniform area density: the inner half-radius disc holds 1/4 of the area (not 1/2 as with a plain radius).
    // Binomial std at n = 20000 is ~0.003, so 0.015 is five sigma.
    expect(inner / n).toBeGreaterThan(0.25 - 0.015);
    expect(inner / n).toBeLessThan(0.25 + 0.015);
    expect(right / n).toBeCloseTo(0.5, 1);
    expect(top / n).toBeCloseTo(0.5, 1);
  });

  it('is reproducible from the seed and handles zero count and zero radius', () => {
    expect(arr(brushPoints(0, 0, 1, 5, createRng(3)))).toEqual(arr(brushPoints(0, 0, 1, 5, createRng(3))));
    expect(brushPoints(0, 0, 1, 0, createRng(3)).length).toBe(0);
    expect(arr(brushPoints(2, 3, 0, 2, createRng(3)))).toEqual([2, 3, 2, 3]);
  });

  it('rejects a negative or non-finite radius', () => {
    expect(() => brushPoints(0, 0, -1, 5, createRng(1))).toThrow(/radius/);
    expect(() => brushPoints(0, 0, NaN, 5, createRng(1))).toThrow(/radius/);
  });
});

describe('addPoints', () => {
  it('concatenates without touching the inputs', () => {
    const a = f32(1, 2);
    const b = f32(3, 4, 5, 6);
    const out = addPoints(a, b);
    expect(arr(out)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out).not.toBe(a);
    expect(arr(a)).toEqual([1, 2]);
    expect(arr(b)).toEqual([3, 4, 5, 6]);
    expect(addPoints(new Float32Array(0), a)).not.toBe(a);
  });
  it('rejects a half point', () => {
    expect(() => addPoints(f32(1, 2), f32(3))).toThrow(/pairs/);
  });
});

describe('erasePoints', () => {
  it('removes exactly the points within the radius, boundary included, keeping order', () => {
    // Distances from (0,0): 0, 1 (on the boundary), 2, sqrt(0.5), 3.
    const cloud = f32(0, 0, 1, 0, 2, 0, 0.5, 0.5, 0, -3);
    expect(arr(erasePoints(cloud, 0, 0, 1))).toEqual([2, 0, 0, -3]);
    expect(pointsInDisc(cloud, 0, 0, 1)).toBe(3);
    expect(arr(cloud)).toEqual([0, 0, 1, 0, 2, 0, 0.5, 0.5, 0, -3]);
  });

  it('matches a brute-force filter on a random cloud', () => {
    const cloud = randomCloud(11, 3000);
    const [cx, cy, r] = [0.7, -1.1, 2.3];
    const out = erasePoints(cloud, cx, cy, r);
    const expected: number[] = [];
    for (let i = 0; i < 3000; i++) {
      if (Math.hypot(cloud[2 * i] - cx, cloud[2 * i + 1] - cy) > r) expected.push(cloud[2 * i], cloud[2 * i + 1]);
    }
    expect(arr(out)).toEqual(expected);
    expect(pointCount(out)).toBe(3000 - pointsInDisc(cloud, cx, cy, r));
    expect(pointsInDisc(cloud, cx, cy, r)).toBeGreaterThan(100);
  });

  it('returns a new array even when nothing is erased, and handles an empty cloud', () => {
    const cloud = f32(5, 5);
    const out = erasePoints(cloud, 0, 0, 1);
    expect(out).not.toBe(cloud);
    expect(arr(out)).toEqual([5, 5]);
    expect(erasePoints(new Float32Array(0), 0, 0, 1).length).toBe(0);
  });

  it('rejects a negative radius instead of erasing by its square', () => {
    expect(() => erasePoints(f32(0, 0), 0, 0, -1)).toThrow(/radius/);
    expect(() => pointsInDisc(f32(0, 0), 0, 0, -1)).toThrow(/radius/);
  });
});

describe('transforms', () => {
  it('translate then its inverse restores the exact values', () => {
    // Dyadic coordinates and shifts: every sum is exact in float32, so the round trip must be bit-exact.
    const cloud = f32(0, 0, 1.5, -2.25, -3.125, 4, 0.0625, 7.75);
    const moved = translateCloud(cloud, 1.25, -0.5);
    expect(arr(moved)).toEqual([1.25, -0.5, 2.75, -2.75, -1.875, 3.5, 1.3125, 7.25]);
    expect(arr(translateCloud(moved, -1.25, 0.5))).toEqual(arr(cloud));
    expect(arr(cloud)).toEqual([0, 0, 1.5, -2.25, -3.125, 4, 0.0625, 7.75]);
  });

  it('translate round trip on random values is exact to float32 precision', () => {
    const cloud = randomCloud(5, 500);
    const back = translateCloud(translateCloud(cloud, 0.3, -0.7), -0.3, 0.7);
    for (let i = 0; i < cloud.length; i++) expect(back[i]).toBeCloseTo(cloud[i], 5);
  });

  it('rotates a quarter turn counterclockwise about a pivot', () => {
    // About (1,1): (2,1) -> (1,2); (1,3) -> (-1,1); (0,0) -> (2,0); the pivot stays.
    const out = rotateCloud(f32(2, 1, 1, 3, 0, 0, 1, 1), Math.PI / 2, 1, 1);
    const expected = [1, 2, -1, 1, 2, 0, 1, 1];
    expected.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('rotation preserves distances to the pivot and a full turn is the identity', () => {
    const cloud = randomCloud(8, 200);
    const out = rotateCloud(cloud, 0.7, -1, 2);
    for (let i = 0; i < 200; i++) {
      const d0 = Math.hypot(cloud[2 * i] + 1, cloud[2 * i + 1] - 2);
      const d1 = Math.hypot(out[2 * i] + 1, out[2 * i + 1] - 2);
      expect(d1).toBeCloseTo(d0, 4);
    }
    const full = rotateCloud(cloud, 2 * Math.PI, -1, 2);
    for (let i = 0; i < cloud.length; i++) expect(full[i]).toBeCloseTo(cloud[i], 5);
  });

  it('scales about a pivot by a hand-checked factor', () => {
    // About (1,0) by 2: (2,0) -> (3,0); (1,1) -> (1,2); (0,-1) -> (-1,-2).
    expect(arr(scaleCloud(f32(2, 0, 1, 1, 0, -1), 2, 1, 0))).toEqual([3, 0, 1, 2, -1, -2]);
  });

  it('scaling about the centroid keeps the centroid and scales the spread', () => {
    const cloud = randomCloud(9, 400);
    const [cx, cy] = centroid(cloud);
    const out = scaleCloud(cloud, 0.5, cx, cy);
    const [ox, oy] = centroid(out);
    expect(ox).toBeCloseTo(cx, 5);
    expect(oy).toBeCloseTo(cy, 5);
    const b0 = boundingBox(cloud)!;
    const b1 = boundingBox(out)!;
    expect(b1.maxX - b1.minX).toBeCloseTo((b0.maxX - b0.minX) / 2, 4);
  });

  it('never mutates the input and always returns a new array', () => {
    const cloud = randomCloud(10, 50);
    const copy = cloud.slice();
    for (const out of [
      translateCloud(cloud, 0, 0),
      rotateCloud(cloud, 0, 0, 0),
      scaleCloud(cloud, 1, 0, 0),
      clampCount(cloud, 100),
      erasePoints(cloud, 0, 0, 0.5),
      addPoints(cloud, new Float32Array(0)),
    ]) {
      expect(out).not.toBe(cloud);
    }
    expect(arr(cloud)).toEqual(arr(copy));
  });

  it('rejects non-finite parameters', () => {
    expect(() => translateCloud(f32(0, 0), NaN, 0)).toThrow(/dx/);
    expect(() => rotateCloud(f32(0, 0), Infinity, 0, 0)).toThrow(/angle/);
    expect(() => scaleCloud(f32(0, 0), 2, 0, NaN)).toThrow(/pivot/);
  });
});

describe('clampCount', () => {
  it('keeps the first max points', () => {
    const cloud = f32(1, 2, 3, 4, 5, 6);
    expect(arr(clampCount(cloud, 2))).toEqual([1, 2, 3, 4]);
    expect(arr(clampCount(cloud, 10))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(clampCount(cloud, 0).length).toBe(0);
    expect(clampCount(cloud, -3).length).toBe(0);
    expect(arr(clampCount(cloud, 1.9))).toEqual([1, 2]);
  });
});

describe('boundingBox', () => {
  it('is null for an empty cloud and tight otherwise', () => {
    expect(boundingBox(new Float32Array(0))).toBeNull();
    expect(boundingBox(f32(1, -2))).toEqual({ minX: 1, minY: -2, maxX: 1, maxY: -2 });
    expect(boundingBox(f32(1, -2, -3, 5, 0.5, 0))).toEqual({ minX: -3, minY: -2, maxX: 1, maxY: 5 });
  });
});

describe('createHistory', () => {
  const snap = (a: number[], b: number[]) => ({ source: new Float32Array(a), target: new Float32Array(b) });

  it('starts with nothing to undo or redo', () => {
    const h = createHistory(1);
    expect(h.present).toBe(1);
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe(h);
    expect(h.redo()).toBe(h);
  });

  it('round-trips undo and redo to the exact snapshots', () => {
    const s0 = snap([0, 0], [1, 1]);
    const s1 = snap([0, 0, 2, 2], [1, 1]);
    const s2 = snap([0, 0, 2, 2], [1, 1, 3, 3]);
    const h2 = createHistory(s0).push(s1).push(s2);
    expect(h2.present).toBe(s2);
    const h1 = h2.undo();
    const h0 = h1.undo();
    expect(h1.present).toBe(s1);
    expect(h0.present).toBe(s0);
    expect(arr(h0.present.source)).toEqual([0, 0]);
    expect(h0.canUndo).toBe(false);
    expect(h0.canRedo).toBe(true);
    const r2 = h0.redo().redo();
    expect(r2.present).toBe(s2);
    expect(arr(r2.present.source)).toEqual([0, 0, 2, 2]);
    expect(arr(r2.present.target)).toEqual([1, 1, 3, 3]);
    expect(r2.canRedo).toBe(false);
    // Older History values stay valid: nothing was mutated in place.
    expect(h2.present).toBe(s2);
    expect(h1.present).toBe(s1);
    expect(h1.canUndo && h1.canRedo).toBe(true);
  });

  it('drops the redo branch on push after undo', () => {
    const h = createHistory('a').push('b').push('c').undo().push('d');
    expect(h.present).toBe('d');
    expect(h.canRedo).toBe(false);
    expect(h.future).toEqual([]);
    expect(h.past).toEqual(['a', 'b']);
    expect(h.undo().present).toBe('b');
    expect(h.undo().redo().present).toBe('d');
  });

  it('keeps at most limit past states, dropping the oldest', () => {
    let h = createHistory(0, 3);
    for (let i = 1; i <= 10; i++) h = h.push(i);
    expect(h.past).toEqual([7, 8, 9]);
    const states: number[] = [h.present];
    while (h.canUndo) {
      h = h.undo();
      states.push(h.present);
    }
    expect(states).toEqual([10, 9, 8, 7]);
    expect(h.past.length + h.future.length).toBeLessThanOrEqual(3);
    for (let i = 0; i < 3; i++) h = h.redo();
    expect(h.present).toBe(10);
  });

  it('with limit 0 keeps no undo states, and re-pushing the present is a no-op', () => {
    const h0 = createHistory('x', 0).push('y');
    expect(h0.present).toBe('y');
    expect(h0.canUndo).toBe(false);
    const s = snap([1, 2], []);
    const h = createHistory(s);
    expect(h.push(s)).toBe(h);
    expect(() => createHistory(1, -1)).toThrow(/limit/);
    expect(() => createHistory(1, 1.5)).toThrow(/limit/);
  });

  it('uses 200 as the default limit', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 250; i++) h = h.push(i);
    expect(h.limit).toBe(200);
    expect(h.past.length).toBe(200);
    expect(h.past[0]).toBe(50);
  });
});
