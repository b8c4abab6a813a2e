import { describe, expect, it } from 'vitest';
import { linkProblemsMessage, parseStartParams } from './startParams';

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
    expect(p.errors).toEqual([expect.stringMatching(/lr "abc" is not a number; it takes a number from/), expect.stringMatching(/steps 999 is outside 1..200; using 200/)]);
  });
  it('refuses a blank seed instead of reading it as 0', () => {
    const p = parseStartParams('?seed=');
    expect(p.seed).toBeUndefined();
    expect(p.errors).toEqual(['Link seed is empty; it takes a whole number from 0 to 4294967295, so the default seed is used.']);
    expect(parseStartParams('?seed=%20').errors[0]).toMatch(/^Link seed " " is not a number/);
  });
  it('says a fraction is not a whole number (not that it is out of range)', () => {
    const p = parseStartParams('?layers=2.5&width=64.0');
    expect(p.train).toEqual({});
    expect(p.errors).toEqual([
      'Link layers "2.5" is not a whole number; it takes a whole number from 1 to 6, so the default is used.',
      'Link width "64.0" is not a whole number; it takes a whole number from 8 to 512, so the default is used.',
    ]);
  });
  it('accepts only plain decimal numbers: hex, exponents, Infinity and spaces are refused', () => {
    const p = parseStartParams('?seed=0x10&width=0x10&batch=1e3&steps=%2010&particles=-5&lr=Infinity&jitter=0x1');
    expect(p.seed).toBeUndefined();
    expect(p.train).toEqual({});
    expect(p.sample).toEqual({});
    expect(p.errors).toEqual([
      expect.stringMatching(/^Link seed "0x10" is not a plain decimal number; it takes a whole number from 0 to 4294967295/),
      expect.stringMatching(/^Link width "0x10" is not a plain decimal number; it takes a whole number from 8 to 512/),
      expect.stringMatching(/^Link batch "1e3" is not a plain decimal number/),
      expect.stringMatching(/^Link lr "Infinity" is not a plain decimal number; it takes a number from/),
      expect.stringMatching(/^Link jitter "0x1" is not a plain decimal number/),
      expect.stringMatching(/^Link particles "-5" is negative/),
      expect.stringMatching(/^Link steps " 10" is not a plain decimal number/),
    ]);
    // Decimal forms stay welcome: leading zeros, a learning rate with an exponent.
    const ok = parseStartParams('?seed=007&lr=1e-3&jitter=.05&width=64');
    expect(ok.errors).toEqual([]);
    expect(ok.seed).toBe(7);
    expect(ok.train).toEqual({ learningRate: 1e-3, jitter: 0.05, width: 64 });
  });
  it('reports every problem of a link in one message', () => {
    const p = parseStartParams('?source=bananas&target=x&seed=abc&layers=2.5&width=0x10&lr=abc&steps=999&backend=quantum');
    expect(p.errors).toHaveLength(8);
    const m = linkProblemsMessage(p.errors)!;
    expect(m).toMatch(/^The link had 8 problems: \(1\) source: /);
    for (const v of ['bananas', '"x"', '"abc"', '"2.5"', '"0x10"', 'lr "abc"', 'steps 999', '"quantum"']) expect(m).toContain(v);
    expect(linkProblemsMessage([])).toBeNull();
    expect(linkProblemsMessage(['Link seed is empty.'])).toBe('Link seed is empty.');
  });
});
