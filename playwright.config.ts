import { defineConfig } from '@playwright/test';
import { chromiumPath, quietFlags } from './e2e/browser';

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }], ['html', { open: 'never' }]],
  // Separate folders per port, so parallel local runs do not clean each other's artifacts.
  outputDir: process.env.E2E_PORT ? `test-results/port-${port}` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    // The production build registers an offline service worker; only e2e/offline.spec.ts lets it run,
    // so no other spec gets files from its cache or shares the machine with its precaching.
    serviceWorkers: 'block',
    // Only a retry records a trace: recording every action (screenshots included) doubled the
    // brush tests' time and loaded the CPU that the timing tests measure.
    trace: 'on-first-retry',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available on these machines.
      executablePath: chromiumPath,
      // WebGPU needs the flag on Linux; without a GPU it finds the SwiftShader software adapter.
      args: ['--enable-unsafe-webgpu', ...quietFlags],
    },
  },
  webServer: {
    // The built app, served with the same headers (cross-origin isolation, CSP) as production.
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1${process.env.E2E_DIST ? ` --outDir ${process.env.E2E_DIST}` : ''}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
