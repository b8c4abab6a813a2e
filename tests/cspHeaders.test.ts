import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP } from '../vite.config';

describe('Content-Security-Policy', () => {
  it('allows no inline script and no eval beyond wasm compilation', () => {
    const script = CSP.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval' blob:");
    expect(script).not.toMatch(/unsafe-inline/);
    expect(CSP).not.toMatch(/'unsafe-eval'/);
  });
  it('is the same policy in public/_headers for static hosts', () => {
    const headers = readFileSync('public/_headers', 'utf8');
    const line = headers.split('\n').find((l) => l.trim().startsWith('Content-Security-Policy:'))!;
    expect(line.trim().slice('Content-Security-Policy:'.length).trim()).toBe(CSP);
  });
});
