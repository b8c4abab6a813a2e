// The command line (src/cli/fm.ts) bundled with esbuild into one ES module for Node. Why a bundle:
// tsx in Node loads tfjs-core's CommonJS build, which registers no gradients, and its ES build (which
// does, via dist/register_all_gradients) cannot load in Node unbundled (extensionless and directory
// imports). The likelihood trainers (CNF, RealNVP) need the gradients; bundled, the CLI has one
// tfjs-core, the ES build, with them. It also starts in ~0.3 s instead of ~2 s under tsx.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** tfjs-backend-wasm's .wasm files: the bundle lives elsewhere and cannot find them from its own place. */
export const WASM_DIR = resolve(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

// CommonJS code inside the bundle (the wasm backend's Emscripten loader) uses require and __dirname.
const BANNER = [
  "import { createRequire as __fmCreateRequire } from 'node:module';",
  "import { fileURLToPath as __fmFileURLToPath } from 'node:url';",
  "import { dirname as __fmDirname } from 'node:path';",
  'const require = __fmCreateRequire(import.meta.url);',
  'const __filename = __fmFileURLToPath(import.meta.url);',
  'const __dirname = __fmDirname(__filename);',
].join(' ');

/** Bundle src/cli/fm.ts into `outfile` (an .mjs); resolves when written. */
export async function bundleCli(outfile) {
  await build({
    entryPoints: [resolve(ROOT, 'src/cli/fm.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tfjs packages' ES builds ("module"), as the app's bundler takes them.
    mainFields: ['module', 'main'],
    outfile,
    banner: { js: BANNER },
    logLevel: 'error',
  });
}
