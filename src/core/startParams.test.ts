import { describe, expect, it } from 'vitest';
import { parseStartParams } from './startParams';

describe('parseStartParams', () => {
  it('reads a full starting scene', () => {
    expect(parseStartParams('?source=gaussian:0,-5,0&target=Moons&seed=7&backend=wasm')).toEqual({
      source: 'gaussian:0,-5,0',
      target: 'moons',
      seed: 7,
      backend: 'wasm',
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
    expect(parseStartParams('')).toEqual({ errors: [] });
  });
});
