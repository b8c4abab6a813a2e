import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { minify, type Plugin } from 'vite';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content-Security-Policy for static hosting (see public/_headers): no inline or remote script;
 * blob: scripts are the wasm backend's thread workers, which load their code with importScripts(blob:);
 * 'wasm-unsafe-eval' compiles the wasm backend; blob: workers are its threads; inline styles are
 * KaTeX's formula layout.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Minify the worker's chunks, all but names in the one holding tfjs-backend-wasm's threaded factory: the wasm
 * backend starts its pthreads from that factory's source text (Function.toString) run in a blob: worker,
 * which breaks when a minifier renames (or inlines) the closure variables it refers to. The worker's own output minify is
 * 'dce-only' (below), so this plugin is the only minifier of worker code.
 */
export const WASM_FACTORY_MARKER = 'WasmBackendModuleThreadedSimd';
function minifyWorkerChunksExceptWasm(): Plugin {
  return {
    name: 'fm:minify-worker-except-wasm',
    apply: 'build',
    async renderChunk(code, chunk) {
      // The wasm chunk loses only whitespace and comments: every name its factory refers to stays.
      const keepNames = code.includes(WASM_FACTORY_MARKER);
      const out = await minify(chunk.fileName, code, { module: true, compress: !keepNames, mangle: !keepNames });
      if (out.errors.length) throw new Error(`minifying ${chunk.fileName}: ${out.errors.map((e) => e.message).join('; ')}`);
      return { code: out.code, map: null };
    },
  };
}

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  // The dev server runs without the policy (hot reload injects inline script); preview and production use it.
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  worker: {
    format: 'es',
    plugins: () => [minifyWorkerChunksExceptWasm()],
    rolldownOptions: { output: { minify: 'dce-only' } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    // The page's code has no tfjs in it; the worker's is minified chunk by chunk (see above).
    minify: 'oxc',
    // The app and the benchmark page (npm run bench).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
