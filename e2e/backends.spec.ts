/**
 * Every backend the README lists trains when asked for by link: the worker comes up, the badge names
 * the backend that actually runs, and the step counter advances. Tiny nets, so even SwiftShader
 * (forced WebGPU without a GPU) and the plain CPU backend manage a few steps quickly.
 */
import { test, expect, lossValue, stepCount, waitForBackend } from './fixtures';

const TINY = 'layers=1&width=8&batch=32&particles=100&steps=10&source=gaussian:0,-3,0.5&target=gaussian:3,0,0.5&seed=5';

for (const name of ['webgpu', 'wasm', 'webgl', 'cpu'] as const) {
  test(`?backend=${name} trains and the badge names the backend that runs`, async ({ page }) => {
    await page.goto(`/?backend=${name}&${TINY}`);
    const running = await waitForBackend(page);
    const badge = page.getByTestId('backend');
    if (running === name) {
      await expect(badge).toContainText(`${name}`);
      await expect(badge).toContainText('forced');
    } else {
      // Allowed only where the browser cannot run it (WebGL in headless Chromium without a GPU):
      // then the user is told which backend runs instead, and why.
      expect(name).toBe('webgl');
      await expect(badge).toContainText(running);
      await expect(page.getByTestId('notice').filter({ hasText: `Asked for ${name}, running on ${running}` })).toBeVisible();
    }
    await expect(page.getByTestId('notice').filter({ hasText: /stopped|keeps failing/ })).toHaveCount(0);
    await page.getByTestId('train-toggle').click();
    // WebGL on a software rasteriser compiles its shaders first: a few steps prove it trains.
    await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(10);
    await expect.poll(() => lossValue(page)).toBeGreaterThan(0);
    // The worker did not die and get replaced on the way.
    await expect(page.getByTestId('notice').filter({ hasText: /stopped|keeps failing/ })).toHaveCount(0);
    await expect(badge).toHaveAttribute('data-backend', running);
  });
}

// The build minifies the worker except the wasm backend's chunk (vite.config.ts): its threads start from its
// factory's source text, so a minified factory would leave the backend waiting on threads that never load.
test('the wasm backend starts with threads in the built app and trains', async ({ page }) => {
  await page.goto(`/?backend=wasm&${TINY}`);
  expect(await waitForBackend(page)).toBe('wasm');
  await expect(page.getByTestId('backend')).toContainText('wasm · threads');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
});
