// Bundles scripts/race-scene.ts with esbuild (tfjs-core's ES build, which registers the gradients) and
// runs it in Node. Usage: node scripts/race-scene.mjs --seconds S --out FILE
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'race-scene-'));
const out = join(dir, 'race-scene.cjs');
await build({ entryPoints: ['scripts/race-scene.ts'], bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], outfile: out, logLevel: 'error' });
// The bundle cannot find the wasm files from its own place: point it at the package's dist folder.
const env = { ...process.env, FM_WASM_DIR: process.env.FM_WASM_DIR ?? resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') };
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit', env });
rmSync(dir, { recursive: true, force: true });
process.exit(r.status ?? 1);
