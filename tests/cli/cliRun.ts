/**
 * Running the command line as users do (npm run fm: the bundle of scripts/cliBundle.mjs) from tests:
 * bundled once per test file, then run as real processes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli, ROOT, WASM_DIR } from '../../scripts/cliBundle.mjs';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let dir: string | null = null;
let bundle: string | null = null;

/** Bundle the CLI (once); call from beforeAll. */
export async function buildCli(): Promise<void> {
  if (bundle) return;
  dir = mkdtempSync(join(tmpdir(), 'fm-cli-bundle-'));
  const out = join(dir, 'fm.mjs');
  await bundleCli(out);
  bundle = out;
}

/** Remove the bundle; call from afterAll. */
export function removeCli(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = bundle = null;
}

/** Run the bundled CLI; runs are independent, so tests start several at once. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  if (!bundle) throw new Error('buildCli() first');
  const cli = bundle;
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FM_WASM_DIR: WASM_DIR, ...env } }, (err, stdout, stderr) => {
      done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}
