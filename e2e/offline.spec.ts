/**
 * Offline: after one visit the service worker holds the app, the wasm backend and the lesson scenes,
 * so with the network cut the page loads, trains and opens a lesson; a new deployment is announced
 * with a Reload button. The only spec that lets the service worker run (playwright.config.ts blocks it).
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, stepCount, test, waitForBackend } from './fixtures';

test.use({ serviceWorkers: 'allow' });

/** Wait until a service worker controls the page (it installs on the first visit, controls from the next load). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
}

test('after one visit the app loads, trains and opens a lesson with the network cut', async ({ page, context }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForBackend(page);
  await controlled(page);

  const precache = await page.evaluate(async () => {
    let bytes = 0;
    let files = 0;
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        bytes += (await (await cache.match(req))!.arrayBuffer()).byteLength;
        files += 1;
      }
    }
    return { bytes, files };
  });
  console.log(`precache: ${precache.files} files, ${(precache.bytes / 1024).toFixed(0)} KiB`);
  expect(precache.files).toBeGreaterThan(30);
  // The app shell, the wasm files and the lessons, not the benchmark: about 4 MiB.
  expect(precache.bytes).toBeLessThan(6 * 1024 * 1024);

  await context.setOffline(true);
  // A link with parameters is the same page: it comes from the cache too.
  await page.goto('/?source=gaussian&target=spiral&backend=wasm');
  const backend = await waitForBackend(page);
  expect(backend).toBe('wasm');
  await expect(page.getByTestId('target-preset')).toHaveValue('spiral');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(20);
  await page.getByTestId('train-toggle').click();

  // A trained lesson scene, fetched from the cache.
  const panel = page.getByTestId('scene-panel');
  await panel.locator('summary').click();
  await expect(page.getByTestId('scenes-menu').locator('option[value="gaussian-to-moons.json"]')).toHaveCount(1);
  await page.getByTestId('scenes-menu').selectOption('gaussian-to-moons.json');
  await expect.poll(() => stepCount(page)).toBe(6000);
  await expect(page.getByTestId('notice')).toContainText('already trained');

  // The embed page is in the cache as well.
  await page.goto('/embed.html?show=train');
  await expect(page.getByTestId('embed-app')).toBeVisible();
  await expect(page.getByTestId('train-toggle')).toBeVisible();
  await context.setOffline(false);
});

/** Content types of the built files. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

test('a new deployment is announced, and Reload switches to it', async ({ page }) => {
  test.setTimeout(180_000);
  // The build on a server of its own, whose worker script changes when `deployment` does (a new
  // build's precache list changes it the same way).
  let deployment = 1;
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    readFile(join(process.env.E2E_DIST ?? 'dist', path))
      .then((body) => {
        const text = path === '/sw.js' ? `${body.toString('utf8')}\n// deployment ${deployment}\n` : body;
        res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(text);
      })
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await waitForBackend(page);
    await controlled(page);
    await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
    deployment = 2;
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    const notice = page.locator('.notice', { hasText: 'A new version of the playground is available.' });
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await notice.getByRole('button', { name: 'Reload' }).click();
    // The waiting worker takes over, and the page reloads under it.
    // A look that lands during the navigation itself finds no page to ask: it counts as "not yet".
    const stillBefore = () => page.evaluate(() => (window as unknown as { before?: boolean }).before ?? false).catch(() => true);
    await expect.poll(stillBefore, { timeout: 30_000 }).toBe(false);
    await page.waitForLoadState('load');
    await waitForBackend(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
    await expect(page.locator('.notice', { hasText: 'A new version' })).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
