/**
 * Layers in one direction: core -> engine -> worker -> state -> view -> ui (each may import only its
 * own layer and those before it). cli and bench are entry points on top (nothing imports them), and
 * so is main.tsx. Reads every import (static, dynamic, re-export) under src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname);
const RANK: Record<string, number> = { core: 0, engine: 1, worker: 2, state: 3, view: 4, ui: 5, cli: 6, bench: 6 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** The layer of a file under src/ (its top folder), or null for files at the top (main.tsx). */
function layerOf(file: string): string | null {
  const parts = relative(SRC, file).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : null;
}

/** Relative module paths a file imports: `from '…'`, `import('…')`, `import '…'`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

function violations(): string[] {
  const bad: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const to = layerOf(resolve(dirname(file), spec));
      if (to === null || from === null || from === to) continue;
      if (!(from in RANK) || !(to in RANK)) {
        bad.push(`${relative(SRC, file)} -> ${spec} (a folder with no layer: add it to RANK)`);
        continue;
      }
      if (RANK[to] > RANK[from] || (RANK[to] === RANK[from] && from !== to)) bad.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  return bad;
}

describe('layers', () => {
  it('finds static, dynamic and re-export imports', () => {
    const text = `import { a } from '../core/x';\nimport type { B } from "../engine/y";\nexport { c } from '../worker/z';\nconst m = await import('../state/w');\nimport './side';\nimport * as tf from '@tensorflow/tfjs-core';`;
    expect(importsOf(text)).toEqual(['../core/x', '../engine/y', '../worker/z', '../state/w', './side']);
  });

  it('no layer imports a higher one', () => {
    expect(violations()).toEqual([]);
  });
});
