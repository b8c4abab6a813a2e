/** A browser without WebGPU: asking for it falls back with a message instead of failing. */
import { test, expect, stepCount, waitForBackend } from './fixtures';
import { chromiumPath, quietFlags } from './browser';

// No --enable-unsafe-webgpu: this browser has no WebGPU adapter at all.
test.use({ launchOptions: { executablePath: chromiumPath, args: quietFlags } });

test('a forced backend that cannot start falls back and says so', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  const backend = await waitForBackend(page);
  expect(backend).toBe('wasm');
  await expect(page.getByTestId('notice')).toContainText(/Asked for webgpu, running on wasm/);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(20);
});
