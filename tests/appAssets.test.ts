import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableAssets } from '../scripts/appAssets.mjs';

describe('reachableAssets', () => {
  it('follows names through scripts, workers, wasm and CSS, and leaves out what only another page uses', () => {
    const dist = mkdtempSync(join(tmpdir(), 'assets-'));
    mkdirSync(join(dist, 'assets'));
    const files: Record<string, string> = {
      'index.html': '<script type="module" src="/assets/main-a1.js"></script><link rel="stylesheet" href="/assets/main-c3.css">',
      'bench.html': '<script type="module" src="/assets/bench-b2.js"></script>',
      'assets/main-a1.js': 'new Worker(new URL("engine.worker-w1.js", import.meta.url))',
      'assets/engine.worker-w1.js': 'import "./dist-d1.js"; fetch(new URL("tfjs-wasm-x9.wasm", import.meta.url))',
      'assets/dist-d1.js': 'export const a = 1',
      'assets/tfjs-wasm-x9.wasm': '\0asm',
      'assets/main-c3.css': '@font-face { src: url(/assets/KaTeX-f1.woff2) }',
      'assets/KaTeX-f1.woff2': 'font',
      'assets/bench-b2.js': 'import "./dist-d2.js"',
      'assets/dist-d2.js': 'export const b = 2',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dist, name), text);
    expect([...reachableAssets(dist, ['index.html'])].sort()).toEqual(
      ['index.html', 'assets/main-a1.js', 'assets/engine.worker-w1.js', 'assets/dist-d1.js', 'assets/tfjs-wasm-x9.wasm', 'assets/main-c3.css', 'assets/KaTeX-f1.woff2'].sort(),
    );
    expect(reachableAssets(dist, ['bench.html']).has('assets/dist-d1.js')).toBe(false);
  });
});
