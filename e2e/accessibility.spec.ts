/**
 * axe-core on every main screen of the default (dark) theme: no serious or critical violation.
 * Each failure lists the rule, its impact and the first offending elements.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, waitForBackend } from './fixtures';

// axe on a page that is training is slow on a loaded machine.
test.describe.configure({ timeout: 360_000 });

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  // A still page: the animation paused (axe competes with it for the main thread), transitions settled.
  const play = page.getByTestId('play-toggle');
  if ((await play.isVisible()) && (await play.getAttribute('aria-pressed')) === 'true') await play.dispatchEvent('click');
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`).join('\n')}`);
  expect(report, `axe on ${screen}`).toEqual([]);
}

async function openDetails(page: Page, testId: string): Promise<void> {
  const d = page.getByTestId(testId);
  if ((await d.getAttribute('open')) === null) await d.locator('summary').first().dispatchEvent('click');
  await expect(d).toHaveAttribute('open', '');
}

test('the default app', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await expectNoSeriousViolations(page, 'the default app');
});

test('a lesson open', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('lessons-open').click();
  await expect(page.getByTestId('lesson')).toBeVisible();
  // The lesson may train on its own: pause it, so axe reads a still page.
  if ((await page.getByTestId('train-toggle').getAttribute('aria-pressed')) === 'true') await page.getByTestId('train-toggle').click();
  await expectNoSeriousViolations(page, 'a lesson');
});

test('the shortcuts list', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('shortcuts-open').click();
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expectNoSeriousViolations(page, 'the shortcuts list');
});

test('presenter mode at 1920x1080', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await expectNoSeriousViolations(page, 'presenter mode');
  await context.close();
});

test('the compare view, trained a little, with the source banner', async ({ page }) => {
  await page.goto('/?view=compare');
  await waitForBackend(page);
  await page.getByTestId('compare-cnf-steps').fill('2');
  await page.getByTestId('compare-cnf-steps').press('Enter');
  await page.getByTestId('compare-train-all').click();
  await expect(page.getByTestId('compare-panel-realnvp')).toHaveAttribute('data-snapshot', 'true', { timeout: 60_000 });
  await page.getByTestId('compare-train-all').click();
  await page.getByTestId('source-preset').selectOption('moons');
  await expect(page.getByTestId('compare-source-banner')).toBeVisible();
  await expectNoSeriousViolations(page, 'the compare view');
});

test('the Images view, trained a little, with the draw pad', async ({ page }) => {
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.evaluate(() => window.__fmImages!.configure({ hiddenLayers: 1, width: 64, batchSize: 64 }));
  await page.getByTestId('images-train').click();
  await expect.poll(() => page.evaluate(() => window.__fmImages!.fitStep() ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByTestId('images-train').click();
  await page.getByTestId('images-source').selectOption('drawings');
  await expect(page.getByTestId('draw-pad')).toBeVisible();
  await expectNoSeriousViolations(page, 'the Images view');
});

test('the scenes panel with the import dialog open', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await openDetails(page, 'scene-panel');
  const rows = ['id;px;py'];
  for (let i = 0; i < 50; i++) rows.push(`${i};${Math.cos(i)};${Math.sin(i)}`);
  await page.getByTestId('import-points').setInputFiles({ name: 'ring.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await page.getByTestId('share-link').click();
  await expect(page.getByTestId('share-url')).toBeVisible();
  await page.getByTestId('copy-embed').click();
  await expect(page.getByTestId('embed-code')).toBeVisible();
  await expectNoSeriousViolations(page, 'the scenes panel and import dialog');
});

test('the embed page with every control, in a 640x480 frame', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 640, height: 480 } });
  const page = await context.newPage();
  await page.goto('/embed.html?show=all');
  await waitForBackend(page);
  await expect(page.getByTestId('embed-app')).toBeVisible();
  await expectNoSeriousViolations(page, 'the embed page');
  await context.close();
});

test('the laboratory, settings and metrics open', async ({ page }) => {
  await page.goto('/?source=gaussian:-2,0,0.6&target=gaussian:2,1,0.8');
  await waitForBackend(page);
  await openDetails(page, 'lab-panel');
  await openDetails(page, 'metrics-panel');
  await page.getByTestId('lab-true-field').check();
  await page.getByTestId('lab-density').check();
  await expect(page.getByTestId('metric-sw2')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('density-colorbar')).toBeVisible({ timeout: 120_000 });
  for (const d of await page.locator('details').all()) if ((await d.getAttribute('open')) === null) await d.locator('summary').first().dispatchEvent('click');
  await expectNoSeriousViolations(page, 'the laboratory panels');
});

test('a phone, 390x844', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/?seed=abc');
  await waitForBackend(page);
  await expect(page.getByTestId('notice')).toContainText('seed');
  await expectNoSeriousViolations(page, 'a phone');
  await context.close();
});
