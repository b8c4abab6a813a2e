import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
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
