import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  // The dev server runs without the policy (hot reload injects inline script); preview and production use it.
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  worker: { format: 'es' },
  // No minification: tfjs-backend-wasm starts its pthreads from its factory's source text (Function.toString),
  // which breaks when a minifier renames the closure variables it refers to.
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    minify: false,
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
