import { describe, expect, it } from 'vitest';
import { urlWithView, viewFromSearch } from './viewParam';

describe('view parameter', () => {
  it('reads compare only from view=compare', () => {
    expect(viewFromSearch('?view=compare')).toBe('compare');
    expect(viewFromSearch('?source=moons&view=compare')).toBe('compare');
    expect(viewFromSearch('?view=other')).toBe('playground');
    expect(viewFromSearch('')).toBe('playground');
    expect(viewFromSearch('?view=images&seed=3')).toBe('images');
  });

  it('sets and removes the parameter, keeping the others and the hash', () => {
    expect(urlWithView('http://x/a?backend=cpu#scene=abc', 'compare')).toBe('http://x/a?backend=cpu&view=compare#scene=abc');
    expect(urlWithView('http://x/a?view=compare&backend=cpu#scene=abc', 'playground')).toBe('http://x/a?backend=cpu#scene=abc');
    expect(urlWithView('http://x/a?view=compare', 'compare')).toBe('http://x/a?view=compare');
    expect(urlWithView('http://x/a?view=compare#s', 'images')).toBe('http://x/a?view=images#s');
  });
});
