/**
 * Shared test fixtures: every test fails on a console error or an unhandled rejection in the page,
 * and helpers read the app's state through its test hooks.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      await use(errors);
      expect(errors, 'console errors or unhandled rejections in the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function stepCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('step-counter').textContent())!.replace(/,/g, ''));
}

export async function lossValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss-value').textContent());
}

export async function waitForBackend(page: Page): Promise<string> {
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  return (await page.getByTestId('backend').getAttribute('data-backend'))!;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png` });
}
