// npm run fm: bundles the command line (scripts/cliBundle.mjs says why) into a temporary folder and
// runs it in this process, with the arguments given. FM_WASM_DIR, when set, still names the folder of
// the wasm backend's .wasm files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCli, WASM_DIR } from './cliBundle.mjs';

const dir = mkdtempSync(join(tmpdir(), 'fm-cli-'));
// The CLI ends with process.exit: clean up on exit, whatever the status.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'fm.mjs');
await bundleCli(out);
process.env.FM_WASM_DIR ??= WASM_DIR;
await import(pathToFileURL(out).href);
