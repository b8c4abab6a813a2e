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

/** Stage pixel (page coordinates) of a data point. */
export async function toPage(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await page.getByTestId('stage').boundingBox())!;
  const g = await page.evaluate(() => {
    const r = window.__fm!.renderer.geometry;
    return { ax: r.ax, bx: r.bx, ay: r.ay, by: r.by };
  });
  return [box.x + g.ax * x + g.bx, box.y + g.ay * y + g.by];
}
