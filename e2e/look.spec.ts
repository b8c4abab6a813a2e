import { test, waitForBackend, screenshot, stepCount, expect } from './fixtures';

test('screenshot quick look', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(1500);
  await page.waitForTimeout(1500);
  await screenshot(page, 'look-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(800);
  await screenshot(page, 'look-phone');
  console.log('steps', await stepCount(page), await page.getByTestId('backend').textContent(), await page.getByTestId('fit-score').textContent(), await page.getByTestId('fit-floor').textContent());
});
