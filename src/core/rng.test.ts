import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng';
import { resample } from './points';

describe('rng', () => {
  it('is reproducible and uniform in [0,1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const u = a.uniform();
      expect(u).toBe(b.uniform());
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });
  it('draws standard normals', () => {
    const r = createRng(1);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 20000; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(s / 20000).toBeCloseTo(0, 1);
    expect(s2 / 20000).toBeCloseTo(1, 1);
  });
  it('derives distinct seeds per label', () => {
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
  });
  it('resample draws existing points when jitter is 0 and refuses an empty cloud', () => {
    const p = new Float32Array([1, 2, 3, 4]);
    const out = resample(p, 50, 0, createRng(3));
    for (let i = 0; i < 50; i++) expect([[1, 2], [3, 4]]).toContainEqual([out[2 * i], out[2 * i + 1]]);
    expect(() => resample(new Float32Array(0), 5, 0, createRng(3))).toThrow(/empty/);
  });
});
