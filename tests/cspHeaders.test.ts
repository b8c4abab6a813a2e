import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_CSP, CSP, cspForPath, EMBED_CSP } from '../vite.config';

/** public/_headers as [path, { header: value }] blocks, in file order. */
function headerBlocks(): [string, Record<string, string>][] {
  const blocks: [string, Record<string, string>][] = [];
  for (const line of readFileSync('public/_headers', 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      blocks.push([line.trim(), {}]);
      continue;
    }
    const colon = line.indexOf(':');
    blocks[blocks.length - 1][1][line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return blocks;
}

const frameAncestors = (policy: string) => policy.split('; ').find((d) => d.startsWith('frame-ancestors'));

/** What a host sends for `path`: Netlify's later-block-wins, or Cloudflare's every matching value. */
function served(path: string, host: 'netlify' | 'cloudflare'): string[] {
  const matching = headerBlocks().filter(([p]) => p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))));
  const values = matching.map(([, h]) => h['Content-Security-Policy']).filter((v): v is string => v !== undefined);
  return host === 'netlify' ? values.slice(-1) : values;
}

describe('Content-Security-Policy', () => {
  it('allows no inline script and no eval beyond wasm compilation', () => {
    for (const policy of [BASE_CSP, CSP, EMBED_CSP]) {
      const script = policy.split('; ').find((d) => d.startsWith('script-src'))!;
      expect(script).toBe("script-src 'self' 'wasm-unsafe-eval' blob:");
      expect(policy).not.toMatch(/'unsafe-eval'/);
    }
  });
  it('lets only the embed page be framed', () => {
    expect(frameAncestors(CSP)).toBe("frame-ancestors 'none'");
    expect(frameAncestors(EMBED_CSP)).toBe('frame-ancestors *');
    expect(frameAncestors(BASE_CSP)).toBeUndefined();
    expect(cspForPath('/')).toBe(CSP);
    expect(cspForPath('/index.html')).toBe(CSP);
    expect(cspForPath('/embed.html')).toBe(EMBED_CSP);
    expect(cspForPath('/fm/embed.html', '/fm/')).toBe(EMBED_CSP);
    expect(cspForPath('/fm/', '/fm/')).toBe(CSP);
    expect(cspForPath('/assets/engine.worker-abc.js')).toBe(BASE_CSP);
  });
  it('is the same policy, per path, in public/_headers for static hosts', () => {
    const blocks = headerBlocks();
    expect(blocks[0][0]).toBe('/*');
    expect(blocks[0][1]).toMatchObject({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Content-Security-Policy': BASE_CSP });
    for (const [path, headers] of blocks.slice(1)) expect(headers['Content-Security-Policy'], path).toBe(cspForPath(path));
    expect(blocks.map(([p]) => p)).toEqual(expect.arrayContaining(['/', '/index.html', '/embed.html', '/embed']));
  });
  it('frames the embed page and nothing else on Netlify and on Cloudflare Pages alike', () => {
    for (const host of ['netlify', 'cloudflare'] as const) {
      // Every policy a page is sent applies: framing is refused when any of them refuses it.
      const framable = (path: string) => served(path, host).every((p) => frameAncestors(p) !== "frame-ancestors 'none'");
      expect(framable('/embed.html'), host).toBe(true);
      expect(framable('/embed'), host).toBe(true);
      expect(framable('/'), host).toBe(false);
      expect(framable('/index.html'), host).toBe(false);
      // Each page still gets the whole base policy.
      for (const path of ['/', '/embed.html']) expect(served(path, host).some((p) => p.startsWith(BASE_CSP)), `${host} ${path}`).toBe(true);
    }
  });
});
