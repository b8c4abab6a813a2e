import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { minify, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { reachableAssets } from './scripts/appAssets.mjs';

/**
 * Where the app is served: '/' (default) or a sub-path such as '/flow-matching/' for GitHub Pages
 * project sites (BASE_PATH=/flow-matching/ npm run build). Always with the slashes at both ends.
 */
export function basePath(raw: string | undefined): string {
  const inner = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  return inner === '' ? '/' : `/${inner}/`;
}
const base = basePath(process.env.BASE_PATH);

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content-Security-Policy for static hosting (see public/_headers): no inline or remote script;
 * blob: scripts are the wasm backend's thread workers, which load their code with importScripts(blob:);
 * 'wasm-unsafe-eval' compiles the wasm backend; blob: workers are its threads; inline styles are
 * KaTeX's formula layout. BASE_CSP says nothing about framing: the app's pages forbid it (CSP), the
 * embed page allows any site (EMBED_CSP).
 */
export const BASE_CSP = [
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
].join('; ');
/** The app's pages: never inside another site's frame. */
export const CSP = `${BASE_CSP}; frame-ancestors 'none'`;
/** The embed page (embed.html): any site may frame it (a course can narrow this to its own origins). */
export const EMBED_CSP = `${BASE_CSP}; frame-ancestors *`;

/** The policy a path is served with: the pages by name, everything else (scripts, wasm, scenes) the base. */
export function cspForPath(pathname: string, base = '/'): string {
  const rel = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\//, '');
  if (rel === 'embed.html' || rel === 'embed') return EMBED_CSP;
  if (rel === '' || rel === 'index.html' || rel === 'bench.html' || rel === 'bench') return CSP;
  return BASE_CSP;
}

/** vite preview serves each path with its policy, as public/_headers asks of a static host. */
function previewCsp(): Plugin {
  return {
    name: 'fm:preview-csp',
    configurePreviewServer(server) {
      const base = server.config.base;
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        res.setHeader('Content-Security-Policy', cspForPath(path, base));
        next();
      });
    },
  };
}

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

/**
 * Offline: a Workbox service worker (generateSW) precaches the app shell (both pages, their scripts,
 * styles, KaTeX's woff2 fonts, the tfjs-backend-wasm .wasm files), the icons and manifest, and the
 * lesson scenes; a new deployment waits for the user's "Reload" (registerType 'prompt', see
 * src/state/offline.ts). Pages are matched without their query (?source=, ?show= are read by the page).
 */
function offline(): Plugin[] {
  // The build's output folder (vite build --outDir moves it), known once the worker is about to be built.
  let dist = 'dist';
  return VitePWA({
    integration: {
      beforeBuildServiceWorker(options) {
        dist = options.workbox.globDirectory ?? dist;
      },
    },
    registerType: 'prompt',
    // The app registers the worker itself (production builds, not in embeds).
    injectRegister: false,
    // The glob below already lists the icons.
    includeManifestIcons: false,
    manifest: {
      name: 'Flow Matching Playground',
      short_name: 'FM Playground',
      description: 'Draw two point clouds and watch a neural velocity field learn to carry one onto the other.',
      theme_color: '#070b16',
      background_color: '#070b16',
      display: 'standalone',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,woff2,svg,png,json}'],
      // The benchmark page and its code are for measuring, not for the offline app.
      globIgnores: ['bench.html', '**/_headers'],
      manifestTransforms: [
        (entries) => {
          const keep = reachableAssets(dist, ['index.html', 'embed.html']);
          return { manifest: entries.filter((e) => !e.url.startsWith('assets/') || keep.has(e.url)), warnings: [] };
        },
      ],
      // The tfjs chunks and the wasm files are a few hundred kB each.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      ignoreURLParametersMatching: [/.*/],
      // Every page is precached by name; an unknown path goes to the network rather than to the app.
      navigateFallback: undefined,
    },
  });
}

export default defineConfig({
  base,
  plugins: [react(), previewCsp(), offline()],
  server: { headers: isolation },
  // The dev server runs without the policy (hot reload injects inline script); preview (previewCsp) and production use it.
  preview: { headers: isolation },
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
    // The app, the same app embedded in other sites' frames (embed.html), and the benchmark page (npm run bench).
    rollupOptions: { input: { main: 'index.html', embed: 'embed.html', bench: 'bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
