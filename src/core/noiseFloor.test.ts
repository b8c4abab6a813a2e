import { describe, expect, it } from 'vitest';
import { slicedW2, sliceDirections } from './metrics';
import { FLOOR_PAIRS, floorDrawLabels, floorStats, NoiseFloorCache, slicedW2NoiseFloor } from './noiseFloor';
import { resample } from './points';
import { parsePreset, samplePreset } from './presets';
import { createRng, deriveSeed } from './rng';

const moons = samplePreset(parsePreset('moons'), 4000, 7);
const draw = (target: Float32Array, n: number, jitter: number, seed: number, label: string) =>
  resample(target, n, jitter, createRng(deriveSeed(seed, label)));
const sd = (xs: number[]) => {
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
};

describe('floorStats', () => {
  it('gives the mean, sample standard deviation and range (hand-computed)', () => {
    // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5 over n - 1 = 3.
    const s = floorStats([1, 4, 2, 3]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect([s.min, s.max]).toEqual([1, 4]);
    expect(s.values).toEqual([1, 4, 2, 3]);
    expect(floorStats([0.3]).std).toBe(0);
    expect(Number.isNaN(floorStats([]).mean)).toBe(true);
  });
});

describe('slicedW2NoiseFloor', () => {
  it('averages 8 pairs by default, pair 0 being the score draw and the old single pair', () => {
    const f = slicedW2NoiseFloor(moons, { samples: 300, jitter: 0.03, seed: 3 });
    expect(FLOOR_PAIRS).toBeGreaterThanOrEqual(8);
    expect(f.values).toHaveLength(FLOOR_PAIRS);
    expect(f.values[0]).toBe(slicedW2(draw(moons, 300, 0.03, 3, 'fit-a'), draw(moons, 300, 0.03, 3, 'fit-b')));
    // Every pair recomputed by hand from its own two draws of `samples` points.
    const byHand = f.values.map((_, i) => {
      const [la, lb] = floorDrawLabels(i);
      return slicedW2(draw(moons, 300, 0.03, 3, la), draw(moons, 300, 0.03, 3, lb));
    });
    expect(f.values).toEqual(byHand);
    expect(f.mean).toBeCloseTo(byHand.reduce((s, v) => s + v, 0) / byHand.length, 12);
    expect(new Set(f.values).size).toBe(FLOOR_PAIRS); // independent pairs, not one pair repeated
  });

  it('is positive for two draws of the same distribution, with a spread inside its range', () => {
    const f = slicedW2NoiseFloor(moons, { samples: 1000, jitter: 0.03, seed: 1, pairs: 8 });
    expect(f.mean).toBeGreaterThan(0);
    expect(f.mean).toBeLessThan(0.25);
    expect(f.std).toBeGreaterThan(0);
    expect(f.min).toBeLessThanOrEqual(f.mean);
    expect(f.max).toBeGreaterThanOrEqual(f.mean);
    expect(f.min).toBeGreaterThan(0);
  });

  it('matches the closed form on a two-point target along x with one direction', () => {
    // Draws of {0, 1} projected on x: k ones and n - k zeros, sorted; W2^2 = |ka - kb| / n.
    const target = new Float32Array([0, 0, 1, 0]);
    const n = 200;
    const f = slicedW2NoiseFloor(target, { samples: n, jitter: 0, seed: 5, pairs: 8, directions: sliceDirections(1) });
    const ones = (p: Float32Array) => p.filter((_, i) => i % 2 === 0 && p[i] === 1).length;
    f.values.forEach((v, i) => {
      const [la, lb] = floorDrawLabels(i);
      const ka = ones(draw(target, n, 0, 5, la));
      const kb = ones(draw(target, n, 0, 5, lb));
      expect(v).toBeCloseTo(Math.sqrt((2 * Math.abs(ka - kb)) / n), 12);
    });
  });

  it('is 0 for a point mass and scales exactly with the jitter around it', () => {
    const point = new Float32Array([0.5, -0.25]);
    const zero = slicedW2NoiseFloor(point, { samples: 100, jitter: 0, seed: 2 });
    expect(zero.values.every((v) => v === 0)).toBe(true);
    expect(zero.std).toBe(0);
    const point0 = new Float32Array([0, 0]);
    const small = slicedW2NoiseFloor(point0, { samples: 400, jitter: 0.125, seed: 2 });
    const large = slicedW2NoiseFloor(point0, { samples: 400, jitter: 0.5, seed: 2 });
    expect(small.mean).toBeGreaterThan(0);
    expect(large.mean / small.mean).toBeCloseTo(4, 5);
    expect(large.std / small.std).toBeCloseTo(4, 5);
  });

  it('uses the directions it is given', () => {
    // A vertical segment: nothing varies along x, so the x direction alone sees no difference.
    const line = new Float32Array(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0 : i / 200)));
    const alongX = slicedW2NoiseFloor(line, { samples: 300, jitter: 0, seed: 4, directions: new Float64Array([1, 0]) });
    const alongY = slicedW2NoiseFloor(line, { samples: 300, jitter: 0, seed: 4, directions: new Float64Array([0, 1]) });
    const all = slicedW2NoiseFloor(line, { samples: 300, jitter: 0, seed: 4 });
    expect(alongX.mean).toBe(0);
    expect(alongY.mean).toBeGreaterThan(0);
    // The default 128 directions see the segment at every angle: between the two.
    expect(all.mean).toBeGreaterThan(0);
    expect(all.mean).toBeLessThan(alongY.mean);
  });

  it('respects the sample size: bigger draws differ less', () => {
    const small = slicedW2NoiseFloor(moons, { samples: 100, jitter: 0.03, seed: 6 });
    const big = slicedW2NoiseFloor(moons, { samples: 1600, jitter: 0.03, seed: 6 });
    // The empirical W2 between draws shrinks about as 1/sqrt(n): 16x the points, about a quarter.
    expect(big.mean).toBeLessThan(0.5 * small.mean);
    expect(big.mean).toBeGreaterThan(0.1 * small.mean);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = slicedW2NoiseFloor(moons, { samples: 200, jitter: 0.03, seed: 9 });
    const b = slicedW2NoiseFloor(moons, { samples: 200, jitter: 0.03, seed: 9 });
    const c = slicedW2NoiseFloor(moons, { samples: 200, jitter: 0.03, seed: 10 });
    expect(b).toEqual(a);
    expect(c.mean).not.toBe(a.mean);
  });

  it('varies less from seed to seed than a single pair does', () => {
    const single: number[] = [];
    const mean8: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      single.push(slicedW2NoiseFloor(moons, { samples: 400, jitter: 0.03, seed, pairs: 1 }).mean);
      mean8.push(slicedW2NoiseFloor(moons, { samples: 400, jitter: 0.03, seed, pairs: 8 }).mean);
    }
    console.log(`seed-to-seed sd at 400 points: one pair ${sd(single).toFixed(4)}, mean of 8 pairs ${sd(mean8).toFixed(4)}`);
    // In theory 1 / sqrt(8) = 0.35 of the single pair's spread.
    expect(sd(mean8)).toBeLessThan(0.6 * sd(single));
  });

  it('refuses a pair count that is not a whole number >= 1', () => {
    expect(() => slicedW2NoiseFloor(moons, { samples: 10, jitter: 0, seed: 1, pairs: 0 })).toThrow(/pairs/);
    expect(() => slicedW2NoiseFloor(moons, { samples: 10, jitter: 0, seed: 1, pairs: 2.5 })).toThrow(/pairs/);
  });

  it('takes a fraction of a second at the default sizes (1,000 points, 128 directions, 8 pairs)', () => {
    slicedW2NoiseFloor(moons, { samples: 1000, jitter: 0.03, seed: 1 }); // warm-up
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      slicedW2NoiseFloor(moons, { samples: 1000, jitter: 0.03, seed: r + 2 });
      times.push(performance.now() - t0);
    }
    const t1 = performance.now();
    slicedW2(moons.subarray(0, 2000), moons.subarray(2000, 4000));
    const one = performance.now() - t1;
    console.log(`noise floor at default sizes: ${times.map((t) => t.toFixed(0)).join(', ')} ms (one sliced W2: ${one.toFixed(1)} ms)`);
    // Generous: computed once per target change in the worker, never per snapshot.
    expect(Math.min(...times)).toBeLessThan(2000);
  });
});

describe('NoiseFloorCache', () => {
  const other = samplePreset(parsePreset('gaussian'), 2000, 3);

  it('computes once per target, jitter and seed, not once per call', () => {
    const cache = new NoiseFloorCache(200);
    const f = cache.get(moons, 0.03, 1);
    expect(f).toEqual(slicedW2NoiseFloor(moons, { samples: 200, jitter: 0.03, seed: 1 }));
    cache.get(moons, 0.03, 1);
    cache.get(moons.slice(), 0.03, 1); // the same points in a new array (a new message)
    expect(cache.computed).toBe(1);
    expect(cache.get(other, 0.03, 1).mean).not.toBe(f.mean);
    cache.get(other, 0.05, 1);
    cache.get(other, 0.05, 2);
    expect(cache.computed).toBe(4);
  });

  it('keeps the last floor while a cloud is being dragged, and catches up once it settles', () => {
    const cache = new NoiseFloorCache(200);
    const first = cache.get(moons, 0.03, 1, true); // nothing to keep yet: computed even while settling
    expect(cache.computed).toBe(1);
    expect(cache.get(other, 0.03, 1, true)).toBe(first);
    expect(cache.computed).toBe(1);
    const settled = cache.get(other, 0.03, 1, false);
    expect(cache.computed).toBe(2);
    expect(settled.mean).toBe(slicedW2NoiseFloor(other, { samples: 200, jitter: 0.03, seed: 1 }).mean);
  });

  it('has no floor for an empty target', () => {
    expect(Number.isNaN(new NoiseFloorCache(200).get(new Float32Array(0), 0.03, 1).mean)).toBe(true);
  });
});
