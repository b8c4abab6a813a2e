import { describe, expect, it } from 'vitest';
import { formatPreset, parsePreset, PRESET_NAMES, PresetError, samplePreset } from './presets';
import { centroid } from './points';

describe('parsePreset', () => {
  it('reads the Gaussian syntax and its defaults', () => {
    expect(parsePreset('gaussian')).toEqual({ name: 'gaussian', mean: [0, 0], std: 1 });
    expect(parsePreset('gaussian:0,-5,0')).toEqual({ name: 'gaussian', mean: [0, -5], std: 0 });
    expect(parsePreset(' Moons ')).toEqual({ name: 'moons' });
  });
  it.each([
    ['bananas', /unknown preset "bananas"/],
    ['gaussian:1,2', /three numbers/],
    ['gaussian:a,b,c', /must be numbers/],
    ['gaussian:0,0,-1', /STD/],
    ['gaussian:99,0,1', /within/],
    ['moons:3', /takes no parameters/],
    ['gaussian:0,0,1:2', /more than one/],
  ])('refuses %s with a clear message', (text, msg) => {
    expect(() => parsePreset(text)).toThrow(PresetError);
    expect(() => parsePreset(text)).toThrow(msg);
  });
  it('formats back to text that parses to the same spec', () => {
    for (const t of ['gaussian', 'gaussian:0,-5,0', 'gaussian:1.5,2,0.25', ...PRESET_NAMES]) {
      const spec = parsePreset(t);
      expect(parsePreset(formatPreset(spec))).toEqual(spec);
    }
  });
});

describe('samplePreset', () => {
  it('is deterministic per seed and differs across seeds', () => {
    for (const name of PRESET_NAMES) {
      const spec = parsePreset(name);
      const a = samplePreset(spec, 500, 7);
      expect(samplePreset(spec, 500, 7)).toEqual(a);
      expect(samplePreset(spec, 500, 8)).not.toEqual(a);
    }
  });
  it('keeps every preset within about [-5, 5]', () => {
    for (const name of PRESET_NAMES) {
      const p = samplePreset(parsePreset(name), 4000, 1);
      let max = 0;
      for (const v of p) max = Math.max(max, Math.abs(v));
      expect(max, name).toBeLessThan(5.5);
      expect(max, name).toBeGreaterThan(1);
    }
  });
  it('puts every point of a zero-std Gaussian at its mean', () => {
    const p = samplePreset(parsePreset('gaussian:0,-5,0'), 10, 3);
    for (let i = 0; i < 10; i++) expect([p[2 * i], p[2 * i + 1]]).toEqual([0, -5]);
  });
  it('samples a Gaussian with the requested mean and std', () => {
    const p = samplePreset(parsePreset('gaussian:2,-1,0.5'), 20000, 5);
    const [mx, my] = centroid(p);
    expect(mx).toBeCloseTo(2, 1);
    expect(my).toBeCloseTo(-1, 1);
    let v = 0;
    for (let i = 0; i < 20000; i++) v += (p[2 * i] - mx) ** 2;
    expect(Math.sqrt(v / 20000)).toBeCloseTo(0.5, 1);
  });
  it('fills only the dark squares of the checkerboard', () => {
    const p = samplePreset(parsePreset('checkerboard'), 2000, 2);
    for (let i = 0; i < 2000; i++) {
      const col = Math.floor((p[2 * i] + 4) / 2);
      const row = Math.floor((p[2 * i + 1] + 4) / 2);
      expect((col + row) % 2).toBe(0);
    }
  });
});
