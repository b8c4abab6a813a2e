import { describe, expect, it } from 'vitest';
import { parseStartParams } from './startParams';

describe('parseStartParams', () => {
  it('reads a full starting scene', () => {
    expect(parseStartParams('?source=gaussian:0,-5,0&target=Moons&seed=7&backend=wasm')).toEqual({
      source: 'gaussian:0,-5,0',
      target: 'moons',
      seed: 7,
      backend: 'wasm',
      train: {},
      sample: {},
      errors: [],
    });
  });
  it('drops bad values with one clear message each and keeps the rest', () => {
    const p = parseStartParams('?source=bananas&target=rings&seed=-3&backend=quantum');
    expect(p.source).toBeUndefined();
    expect(p.target).toBe('rings');
    expect(p.seed).toBeUndefined();
    expect(p.backend).toBeUndefined();
    expect(p.errors).toHaveLength(3);
    expect(p.errors[0]).toMatch(/unknown preset "bananas"/);
    expect(p.errors[1]).toMatch(/seed "-3"/);
    expect(p.errors[2]).toMatch(/backend "quantum"/);
  });
  it('is empty for an empty query', () => {
    expect(parseStartParams('')).toEqual({ train: {}, sample: {}, errors: [] });
  });
  it('reads numeric settings and clamps them with a message', () => {
    const p = parseStartParams('?width=16&batch=64&particles=200&steps=999&lr=abc');
    expect(p.train).toEqual({ width: 16, batchSize: 64 });
    expect(p.sample).toEqual({ particles: 200, steps: 200 });
    expect(p.errors).toEqual([expect.stringMatching(/lr "abc" is not a number/), expect.stringMatching(/steps 999 is outside 1..200; using 200/)]);
  });
});
