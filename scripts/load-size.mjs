#!/usr/bin/env node
/**
 * Size of the app's first load: every JS file that dist/index.html loads (scripts and module preloads),
 * the chunks those import statically, and the workers they start, raw and gzip. Chunks loaded only by
 * dynamic import() are listed apart (on demand). Usage: node scripts/load-size.mjs [distDir] [--json]
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
const asJson = args.includes('--json');
const assets = join(dist, 'assets');

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);

const read = (f) => readFileSync(join(assets, f), 'utf8');
/** Static imports (`import ... from "./x.js"`, `import "./x.js"`), dynamic imports and workers of one chunk. */
function links(file) {
  const src = read(file);
  const staticRe = /(?:\bfrom\s*|\bimport\s*)["'`]\.\/([\w.-]+\.js)["'`]/g;
  const dynamicRe = /\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;
  // Workers (new Worker(new URL("/assets/x.worker-hash.js", import.meta.url))) start with the page.
  const workerRe = /["'`](?:\/assets\/|\.\/)?([\w.-]*\.worker-[\w-]+\.js)["'`]/g;
  const pick = (re) => [...src.matchAll(re)].map((m) => basename(m[1])).filter((f) => existsSync(join(assets, f)));
  const dynamic = pick(dynamicRe);
  // Vite's preload helper lists a dynamic chunk's dependencies as plain strings; count them as on demand too.
  const deps = [...src.matchAll(/["'`](?:\/)?assets\/([\w.-]+\.js)["'`]/g)].map((m) => m[1]).filter((f) => existsSync(join(assets, f)));
  const workers = pick(workerRe);
  return { static: pick(staticRe), dynamic: [...dynamic, ...deps].filter((f) => !workers.includes(f)), workers };
}

const first = new Set();
const onDemand = new Set();
const queue = [...entry];
while (queue.length) {
  const f = queue.shift();
  if (first.has(f)) continue;
  first.add(f);
  const l = links(f);
  for (const s of [...l.static, ...l.workers]) if (!first.has(s)) queue.push(s);
  for (const d of l.dynamic) onDemand.add(d);
}
// Follow on-demand chunks' own imports (what opening a lesson or the laboratory fetches).
const odQueue = [...onDemand];
while (odQueue.length) {
  const f = odQueue.shift();
  const l = links(f);
  for (const s of [...l.static, ...l.dynamic, ...l.workers]) if (!onDemand.has(s) && !first.has(s)) { onDemand.add(s); odQueue.push(s); }
}
for (const f of first) onDemand.delete(f);

const size = (f) => {
  const buf = readFileSync(join(assets, f));
  return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
};
const rows = [...first].map(size).sort((a, b) => b.gzip - a.gzip);
const lazy = [...onDemand].filter((f) => !/^bench/.test(f)).map(size).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });

// What a wasm machine adds to the first load: the chunk with the wasm backend (and its own static imports).
const wasmChunks = new Set();
const wq = lazy.filter((r) => read(r.file).includes('WasmBackendModuleThreadedSimd')).map((r) => r.file);
while (wq.length) {
  const f = wq.shift();
  if (wasmChunks.has(f) || first.has(f)) continue;
  wasmChunks.add(f);
  wq.push(...links(f).static);
}
const wasmRows = [...wasmChunks].map(size);
const withWasm = wasmRows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), total);

if (asJson) {
  console.log(JSON.stringify({ firstLoad: rows, total, wasmBackend: wasmRows, totalOnWasm: withWasm, onDemand: lazy }));
} else {
  const kb = (n) => (n / 1000).toFixed(1).padStart(9);
  console.log('first load'.padEnd(48), '  raw kB', ' gzip kB');
  for (const r of rows) console.log(r.file.padEnd(48), kb(r.raw), kb(r.gzip));
  console.log('TOTAL'.padEnd(48), kb(total.raw), kb(total.gzip));
  if (wasmRows.length) {
    for (const r of wasmRows) console.log(`+ wasm backend ${r.file}`.padEnd(48), kb(r.raw), kb(r.gzip));
    console.log('TOTAL on a wasm machine'.padEnd(48), kb(withWasm.raw), kb(withWasm.gzip));
  }
  if (lazy.length) {
    console.log('\non demand');
    for (const r of lazy) console.log(r.file.padEnd(48), kb(r.raw), kb(r.gzip));
  }
}
