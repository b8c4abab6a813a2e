/** Labelled clouds, class-conditional training, guidance, the SDE sampler and the accuracy-vs-w chart (issue 17). */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, screenshot, stepCount, toPage, waitForBackend } from './fixtures';

/** A small, quick model and few particles: this spec is about the controls, not the fit. */
const SMALL = '/?layers=2&width=32&particles=400&steps=20';

async function stroke(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await toPage(page, ...from);
  const b = await toPage(page, ...to);
  await page.mouse.move(a[0], a[1]);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(a[0] + ((b[0] - a[0]) * i) / 10, a[1] + ((b[1] - a[1]) * i) / 10);
  await page.mouse.up();
}

/** Set a range input the way a drag does (React listens to input events). */
const setRange = (page: Page, id: string, v: number) =>
  page.getByTestId(id).evaluate((el, value) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, v);

const classCounts = (page: Page) => page.evaluate(() => window.__fm!.classCounts('target'));

test('the class picker paints labelled points, and the labels survive a reload', async ({ page }) => {
  await page.goto(SMALL);
  await waitForBackend(page);
  // The default moons come labelled: two classes.
  const moons = (await classCounts(page))!;
  expect(moons[0]).toBeGreaterThan(500);
  expect(moons[1]).toBeGreaterThan(500);
  await page.getByTestId('edit-target').click();
  await page.getByTestId('clear-cloud').click();
  expect(await classCounts(page)).toBeNull();
  await page.getByTestId('tool-brush').click();
  await page.getByTestId('brush-class').selectOption('1');
  await stroke(page, [1, 2], [3, 2]);
  const afterB = (await classCounts(page))!;
  expect(afterB[0]).toBe(0);
  expect(afterB[1]).toBeGreaterThan(10);
  await page.getByTestId('brush-class').selectOption('2');
  await stroke(page, [-3, -2], [-1, -2]);
  const afterC = (await classCounts(page))!;
  expect(afterC[1]).toBe(afterB[1]);
  expect(afterC[2]).toBeGreaterThan(10);
  // The class picker for sampling offers the classes the target uses (A-C here).
  await page.getByTestId('guidance-panel').locator('summary').click();
  await expect(page.getByTestId('sample-class-2')).toBeVisible();
  await expect(page.getByTestId('sample-class-3')).toHaveCount(0);
  await screenshot(page, 'guidance-painted-classes-desktop');
  // The autosave (every 4 s, when idle) keeps the drawn, labelled target; a plain address restores it
  // (the small-model parameters in the first address would choose a fresh scene instead).
  await page.waitForTimeout(6500);
  await page.goto('/');
  await waitForBackend(page);
  await expect.poll(() => classCounts(page)).toEqual(afterC);
});

test('an imported CSV keeps its label column, and the target exports with it', async ({ page }) => {
  await page.goto(SMALL);
  await waitForBackend(page);
  const panel = page.getByTestId('scene-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').dispatchEvent('click');
  // Classes as names: numbered in the order they first appear (cat = A, dog = B).
  const rows = ['x,y,class'];
  for (let i = 0; i < 60; i++) rows.push(`${i % 2 ? 2 : -2},${(i % 10) / 5},${i % 2 ? 'dog' : 'cat'}`);
  await page.getByTestId('import-side').selectOption('target');
  await page.getByTestId('import-points').setInputFiles({ name: 'pets.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(page.getByTestId('import-label')).toHaveValue('2');
  await page.getByTestId('import-confirm').click();
  await expect.poll(() => classCounts(page)).toEqual([30, 30, 0, 0]);
  await page.getByTestId('export-csv-kind').selectOption('target');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const text = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(text[0]).toBe('x,y,label');
  expect(text.slice(1).map((l) => l.split(',')[2])).toEqual(Array.from({ length: 60 }, (_, i) => String(i % 2)));
});

test('a conditional model: the guidance and SDE sliders change the particles, and the accuracy-vs-w chart appears', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(SMALL);
  await waitForBackend(page);
  await page.getByTestId('guidance-panel').locator('summary').click();
  await page.getByTestId('set-conditional').check();
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThan(800);
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('sample-class-0').click();
  // Particles are coloured by the class they ask for: all of them class A now.
  await expect.poll(() => page.evaluate(() => window.__fm!.particleClassCounts())).toEqual([400, 0, 0, 0]);
  const ends = () => page.evaluate(() => window.__fm!.endPoints(50));
  const setRange = (id: string, v: number) =>
    page.getByTestId(id).evaluate((el, value) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(value));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, v);
  await expect(page.getByTestId('class-accuracy')).toHaveText(/\d+%/);
  const atW1 = await ends();
  await setRange('set-guidance', 4);
  await expect(page.getByTestId('guidance-value')).toHaveText('4');
  await expect.poll(async () => JSON.stringify(await ends())).not.toBe(JSON.stringify(atW1));
  const atW4 = await ends();
  await setRange('set-sde-noise', 1);
  await expect(page.getByTestId('sde-value')).toHaveText('1');
  await expect.poll(async () => JSON.stringify(await ends())).not.toBe(JSON.stringify(atW4));
  // The SDE needs N(0, I) as the source: the default Gaussian source is, so no banner.
  await expect(page.getByTestId('gaussian-source-banner')).toHaveCount(0);
  await page.getByTestId('guidance-sweep').click();
  await expect(page.getByTestId('guidance-sweep-chart')).toBeVisible({ timeout: 60_000 });
  const sweep = JSON.parse((await page.getByTestId('guidance-sweep-values').textContent())!) as { w: number[]; accuracy: number[]; fit: number[] };
  expect(sweep.w).toEqual([0, 0.5, 1, 2, 3, 5, 8]);
  for (const a of sweep.accuracy) expect(a).toBeGreaterThanOrEqual(0);
  // Guidance pushes particles into class A: more of them land there at w = 3 than unguided (w = 0).
  expect(sweep.accuracy[4]).toBeGreaterThan(sweep.accuracy[0]);
  await page.getByTestId('guidance-sweep-chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'guidance-sweep-desktop');
});

test('VP with a drawn source says why it needs N(0, I) and switches on request; phone layout', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${SMALL}&source=gaussian:-3,0,0.5`);
  await waitForBackend(page);
  await page.getByTestId('guidance-panel').locator('summary').click();
  await page.getByTestId('set-diffusion-path').selectOption('vp');
  await page.getByTestId('set-target-kind').selectOption('epsilon');
  await expect(page.getByTestId('gaussian-source-banner')).toContainText('N(0, I)');
  // Nothing in the open panel is wider than the phone (a wide page would widen the fixed lesson card too).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByTestId('gaussian-source-banner').scrollIntoViewIfNeeded();
  await screenshot(page, 'guidance-vp-banner-phone');
  await page.getByTestId('use-gaussian-source').click();
  await expect(page.getByTestId('gaussian-source-banner')).toHaveCount(0);
  // The explanation shows the epsilon -> velocity conversion of the VP path.
  await page.getByTestId('explain-panel').locator('summary').click();
  await expect(page.getByTestId('explain-target')).toContainText('Noise ε');
  await page.getByTestId('guidance-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'guidance-panel-phone');
});

test('labelled clouds in the legend; the true field follows the picked class and says when guidance leaves none; an epsilon VP model has a density heatmap', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(SMALL);
  await waitForBackend(page);
  // The default moons come labelled: the legend shows the target's two class swatches.
  await expect(page.getByTestId('legend-target-class-A')).toBeVisible();
  await expect(page.getByTestId('legend-target-class-B')).toBeVisible();
  await expect(page.getByTestId('legend-target-class-C')).toHaveCount(0);
  await expect(page.getByTestId('legend-source-classes')).toHaveCount(0);
  await page.getByTestId('guidance-panel').locator('summary').click();
  await page.getByTestId('set-conditional').check();
  await page.getByTestId('sample-class-0').click();
  await page.locator('[data-testid=lab-panel] summary').click();
  await page.getByTestId('lab-true-field').check();
  // Class A at w = 1: compared with class A's exact (empirical) field.
  await expect(page.getByTestId('true-field-error')).toHaveText(/^\d+\.\d{3}$/, { timeout: 60_000 });
  await expect(page.getByTestId('legend-true-field')).toBeVisible();
  await setRange(page, 'set-guidance', 3);
  await expect(page.getByTestId('true-field-none')).toContainText('w = 3');
  await expect(page.getByTestId('true-field-error')).toHaveCount(0);
  await expect(page.getByTestId('legend-true-field')).toHaveCount(0);
  await screenshot(page, 'guidance-no-true-field-desktop');
  await setRange(page, 'set-guidance', 1);
  await expect(page.getByTestId('true-field-error')).toBeVisible();
  // An epsilon model on VP: the heatmap pulls back along the converted, guided field.
  await page.getByTestId('set-diffusion-path').selectOption('vp');
  await page.getByTestId('set-target-kind').selectOption('epsilon');
  await page.getByTestId('lab-density').check();
  await expect(page.getByTestId('density-colorbar')).toBeVisible({ timeout: 120_000 });
  const finite = await page.evaluate(() => window.__fm!.density()!.logDensity.filter(Number.isFinite).length);
  expect(finite).toBe(40 * 40);
});
