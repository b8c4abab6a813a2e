/**
 * The compare view: flow matching, the CNF and RealNVP train side by side from ?view=compare; the
 * race chart fills, one model pauses while the others go on, the shared slider moves every panel,
 * a source without a closed-form density shows the banner and its fix. Screenshots for a look.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, waitForBackend } from './fixtures';

const MODELS = ['fm', 'cnf', 'realnvp'] as const;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/compare-${name}.png` });
}

const stepOf = async (page: Page, o: string): Promise<number> => Number((await page.getByTestId(`compare-step-${o}`).textContent())!.replace(/,/g, ''));

/** A hash of the panel canvas's pixels. */
const canvasPixels = (page: Page, o: string): Promise<string> =>
  page.getByTestId(`compare-canvas-${o}`).evaluate((c: HTMLCanvasElement) => c.toDataURL());

test('the compare view trains three models side by side and reads out the race', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?view=compare');
  await waitForBackend(page);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('stage')).toHaveCount(0);

  // Small settings train fast; each change restarts the race.
  await page.getByTestId('compare-cnf-steps').fill('2');
  await page.getByTestId('compare-cnf-steps').press('Enter');
  await page.getByTestId('compare-couplings').fill('4');
  await page.getByTestId('compare-couplings').press('Enter');
  await expect(page.getByTestId('compare-cnf-steps')).toHaveValue('2');

  await page.getByTestId('compare-train-all').click();
  for (const o of MODELS) {
    const panel = page.getByTestId(`compare-panel-${o}`);
    await expect(panel).toHaveAttribute('data-state', 'training');
    await expect.poll(async () => Number(await panel.getAttribute('data-scores')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect(panel).toHaveAttribute('data-snapshot', 'true', { timeout: 30_000 });
  }
  await expect(page.locator('[data-testid^="race-line-"]')).toHaveCount(3);
  await expect(page.getByTestId('race-reference')).toHaveCount(0); // moons: no closed-form entropy
  // The RealNVP panel's snapshot has K + 1 = 5 frames: t = 1 is after all 4 couplings.
  await expect(page.getByTestId('compare-caption-realnvp')).toContainText('of 4');
  await expect(page.getByTestId('race-reading')).toContainText('flow matching’s');
  for (const o of MODELS) await expect(page.getByTestId(`compare-ms-${o}`)).not.toHaveText('–');
  await shot(page, '1280x800');

  // Pause the CNF: its steps stop while flow matching's grow.
  await page.getByTestId('compare-toggle-cnf').click();
  await expect(page.getByTestId('compare-panel-cnf')).toHaveAttribute('data-state', 'paused');
  await page.waitForTimeout(500); // a chunk already in flight may still report
  const cnf0 = await stepOf(page, 'cnf');
  const fm0 = await stepOf(page, 'fm');
  await expect.poll(() => stepOf(page, 'fm'), { timeout: 20_000 }).toBeGreaterThan(fm0);
  expect(await stepOf(page, 'cnf')).toBe(cnf0);

  // The one slider moves every panel's particles.
  await page.getByTestId('compare-train-all').click(); // pause all: the pictures stop changing
  await expect(page.getByTestId('compare-train-all')).toHaveAttribute('aria-pressed', 'false');
  if ((await page.getByTestId('play-toggle').getAttribute('aria-pressed')) === 'true') await page.getByTestId('play-toggle').click();
  await page.waitForTimeout(2000); // the last pictures land
  await page.getByTestId('time-slider').fill('0');
  await expect(page.getByTestId('compare-caption-fm')).toContainText('t = 0.00');
  const at0 = await Promise.all(MODELS.map((o) => canvasPixels(page, o)));
  await page.getByTestId('time-slider').fill('1');
  await expect(page.getByTestId('compare-caption-fm')).toContainText('t = 1.00');
  await expect(page.getByTestId('compare-caption-realnvp')).toContainText('after 4 of 4 couplings');
  const at1 = await Promise.all(MODELS.map((o) => canvasPixels(page, o)));
  for (let i = 0; i < MODELS.length; i++) expect(at1[i], MODELS[i]).not.toBe(at0[i]);

  // A reload loses nothing: the autosave keeps the models and their race, and the view opens with them.
  const before = await Promise.all(MODELS.map((o) => stepOf(page, o)));
  await expect.poll(() => page.evaluate(() => (localStorage.getItem('fm-playground-scene-v1') ?? '').includes('"compare"')), { timeout: 20_000 }).toBe(true);
  // The copy is of the paused models (a copy made mid-chunk may be a step behind: wait for the last one).
  await page.waitForTimeout(6000);
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  for (let i = 0; i < MODELS.length; i++) {
    await expect.poll(() => stepOf(page, MODELS[i]), { message: MODELS[i], timeout: 20_000 }).toBe(before[i]);
    await expect(page.getByTestId(`compare-panel-${MODELS[i]}`)).toHaveAttribute('data-state', 'paused');
  }
  await expect(page.locator('[data-testid^="race-line-"]')).toHaveCount(3);
  await expect(page.getByTestId('compare-cnf-steps')).toHaveValue('2');

  // A moons source has no closed-form density: banner, Train disabled, and the fix.
  await page.getByTestId('source-preset').selectOption('moons');
  await expect(page.getByTestId('compare-source-banner')).toBeVisible();
  await expect(page.getByTestId('compare-train-all')).toBeDisabled();
  await page.getByTestId('compare-use-gaussian').click();
  await expect(page.getByTestId('compare-source-banner')).toHaveCount(0);
  await expect(page.getByTestId('compare-train-all')).toBeEnabled();

  // Back to the playground: the URL drops view=compare and the stage returns.
  await page.getByTestId('view-playground').click();
  await expect(page.getByTestId('stage')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('view')).toBeNull();
  await page.getByTestId('view-compare').click();
  expect(new URL(page.url()).searchParams.get('view')).toBe('compare');
});

test('compare view on a phone and in presenter mode', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  // A Gaussian target: the chart marks the best possible NLL, its entropy log(2 pi e 0.25) = 1.45.
  await page.goto('/?view=compare&target=gaussian:3,2,0.5');
  await waitForBackend(page);
  await expect(page.getByTestId('race-reference')).toHaveCount(1);
  await expect(page.locator('.race-legend')).toContainText('1.45');
  await page.getByTestId('compare-cnf-steps').fill('2');
  await page.getByTestId('compare-cnf-steps').press('Enter');
  await page.getByTestId('compare-train-all').click();
  await expect.poll(async () => Number(await page.getByTestId('compare-panel-realnvp').getAttribute('data-scores')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  // Stacked: each panel below the one before.
  const boxes = await Promise.all(MODELS.map((o) => page.getByTestId(`compare-panel-${o}`).boundingBox()));
  expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height - 1);
  expect(boxes[0]!.x + boxes[0]!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/compare-390x844.png', fullPage: true });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await page.waitForTimeout(800);
  await shot(page, '1920x1080-presenter');
  // The panels and the slider are on screen.
  for (const id of ['compare-panel-fm', 'compare-panel-realnvp', 'time-slider', 'compare-train-all']) {
    const b = (await page.getByTestId(id).boundingBox())!;
    expect(b.y + b.height, id).toBeLessThanOrEqual(1080);
  }
  await page.getByTestId('compare-train-all').click();
});
