import { describe, expect, it } from 'vitest';
import { basePath } from '../vite.config';

describe('BASE_PATH', () => {
  it('is / unless set, and always has a slash at both ends', () => {
    expect(basePath(undefined)).toBe('/');
    expect(basePath('')).toBe('/');
    expect(basePath('/')).toBe('/');
    // What the Pages workflow passes: configure-pages' base_path plus a slash.
    expect(basePath('/flow-matching/')).toBe('/flow-matching/');
    expect(basePath('/flow-matching')).toBe('/flow-matching/');
    expect(basePath('flow-matching')).toBe('/flow-matching/');
    expect(basePath('//a/b//')).toBe('/a/b/');
  });
});
