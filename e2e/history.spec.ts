/**
 * Single step, play speed and the training history: one batch per press with its pairs on the stage,
 * the play speed kept across reloads, and a slider that scrubs the model through its checkpoints.
 */
import { test, expect, stepCount, lossValue, waitForBackend, screenshot } from './fixtures';
import type { Page } from '@playwright/test';

const fm = <T>(page: Page, fn: () => T) => page.evaluate(fn);

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Wait until the snapshot of training step `step` has arrived. */
async function snapshotAt(page: Page, step: number): Promise<void> {
  await expect.poll(() => fm(page, () => window.__fm!.snapshotStep()), { timeout: 30_000 }).toBe(step);
}

test('single step: each press trains exactly one batch and shows its pairs and the field change', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?source=gaussian&target=moons&batch=128');
  await waitForBackend(page);
  await page.getByTestId('play-toggle').click(); // hold t still for the screenshots
  await expect(page.getByTestId('step-counter')).toHaveText('0');
  const losses: number[] = [];
  for (let n = 1; n <= 3; n++) {
    // The second press comes from the keyboard shortcut.
    if (n === 2) {
      await blur(page);
      await page.keyboard.press('s');
    } else await page.getByTestId('single-step').click();
    await expect(page.getByTestId('step-counter')).toHaveText(String(n));
    await expect.poll(() => fm(page, () => window.__fm!.stepBatch())).toEqual({ step: n, count: 128, drawn: 128 });
    await expect.poll(() => lossValue(page)).not.toBeNaN();
    losses.push(await lossValue(page));
    await snapshotAt(page, n);
    await expect(page.getByTestId('step-batch')).toContainText(`Step ${n} trained on these 128 pairs`);
    // The field's change is drawn for a moment once the snapshot after the step is in.
    await expect.poll(() => fm(page, () => window.__fm!.fieldChange()?.step)).toBe(n);
    expect((await fm(page, () => window.__fm!.fieldChange()))!.size).toBeGreaterThan(0);
    if (n === 3) await screenshot(page, 'single-step-1280');
  }
  // The loss readout follows each step's own loss.
  expect(new Set(losses).size).toBe(3);
  expect(await fm(page, () => window.__fm!.losses().map((p) => p[0]))).toEqual([1, 2, 3]);
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(1000);
  expect(await stepCount(page)).toBe(3);
  // The change fades; the batch stays on the stage until training goes on.
  await expect.poll(() => fm(page, () => window.__fm!.renderer.changeShowing), { timeout: 10_000 }).toBe(false);
  expect((await fm(page, () => window.__fm!.stepBatch()))?.drawn).toBe(128);

  // While training, a single step pauses first, then trains exactly one more batch.
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('step-batch')).toHaveCount(0);
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(30);
  await page.getByTestId('single-step').click();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => fm(page, () => window.__fm!.stepBatch()?.step ?? 0)).toBeGreaterThan(30);
  const stepped = (await fm(page, () => window.__fm!.stepBatch()))!.step;
  await expect.poll(() => stepCount(page)).toBe(stepped);
  await page.waitForTimeout(1000);
  expect(await stepCount(page)).toBe(stepped);
  // Reset clears the batch from the stage.
  await page.getByTestId('reset-model').click();
  await expect.poll(() => fm(page, () => window.__fm!.stepBatch())).toBeNull();
});

test('play speed: slow motion is offered and kept across reloads', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForBackend(page);
  await expect(page.getByTestId('play-speed')).toHaveValue('1');
  await page.getByTestId('play-speed').selectOption('0.25');
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('play-speed')).toHaveValue('0.25');
  // The restored autosave may hold a paused t: play again.
  if ((await page.getByTestId('play-toggle').getAttribute('aria-pressed')) === 'false') await page.getByTestId('play-toggle').click();
  // Still playing: t moves (the rate itself is unit-tested with a fake clock in src/state/clock.test.ts).
  const t0 = await fm(page, () => window.__fm!.t());
  await expect.poll(() => fm(page, () => window.__fm!.t())).not.toBe(t0);
});

test('training history: scrub the model back to step 10 and return to the latest', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto('/?source=gaussian&target=moons&layers=1&width=16&batch=64&particles=300');
  await waitForBackend(page);
  await expect(page.getByTestId('history-step')).toHaveText('latest (step 0)');
  await expect.poll(() => fm(page, () => window.__fm!.checkpoints())).toEqual([0]);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(300);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  // The final snapshot of the paused weights: the worker may finish a chunk after the click, so wait
  // until the counter and the snapshot agree on the step it stopped at.
  await expect
    .poll(async () => {
      const [count, snap] = [await stepCount(page), await fm(page, () => window.__fm!.snapshotStep())];
      return count === snap ? count : -1;
    }, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(300);
  const live = await stepCount(page);
  const checkpoints = await fm(page, () => window.__fm!.checkpoints());
  // Kept at their exact steps: every mark of the 1-2-5 series up to the step reached.
  expect(checkpoints.slice(0, 9)).toEqual([0, 1, 2, 5, 10, 20, 50, 100, 200]);
  expect(checkpoints.every((s) => s <= live)).toBe(true);
  await expect(page.getByTestId('history-step')).toHaveText(`latest (step ${live.toLocaleString('en-US')})`);
  const latestEnds = await fm(page, () => window.__fm!.endPoints(100));

  const slider = page.getByTestId('history-slider');
  await slider.fill(String(checkpoints.indexOf(10)));
  await expect(page.getByTestId('history-step')).toHaveText('step 10');
  await snapshotAt(page, 10);
  expect(await fm(page, () => window.__fm!.snapshotFromHistory())).toBe(true);
  const earlyEnds = await fm(page, () => window.__fm!.endPoints(100));
  const moved = earlyEnds.reduce((m, p, i) => Math.max(m, Math.hypot(p[0] - latestEnds[i][0], p[1] - latestEnds[i][1])), 0);
  expect(moved).toBeGreaterThan(0.1);
  // Looking back does not touch training: the counter still reads the live step.
  expect(await stepCount(page)).toBe(live);
  await screenshot(page, 'history-step-10-1280');

  // Back to the latest: the same particles as before, exactly.
  await page.getByTestId('history-latest').click();
  await expect(page.getByTestId('history-step')).toHaveText(`latest (step ${live.toLocaleString('en-US')})`);
  await snapshotAt(page, live);
  expect(await fm(page, () => window.__fm!.snapshotFromHistory())).toBe(false);
  expect(await fm(page, () => window.__fm!.endPoints(100))).toEqual(latestEnds);

  // Training resumes from the latest weights, even when started while viewing the past.
  await slider.fill(String(checkpoints.indexOf(5)));
  await snapshotAt(page, 5);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('history-step')).toContainText('latest');
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(live + 20);
  const losses = await fm(page, () => window.__fm!.losses().map((p) => p[0]));
  expect(losses.filter((s) => s > 10 && s < live).length).toBeGreaterThan(0);
  expect(Math.min(...losses.filter((s) => s > live))).toBeGreaterThan(live);
  await page.getByTestId('train-toggle').click();

  // Reset clears the history.
  await page.getByTestId('reset-model').click();
  await expect.poll(() => fm(page, () => window.__fm!.checkpoints())).toEqual([0]);
  await expect(page.getByTestId('history-step')).toHaveText('latest (step 0)');
});

test('training history of an opened trained scene starts at its step', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForBackend(page);
  const panel = page.getByTestId('scene-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').dispatchEvent('click');
  await page.getByTestId('scenes-menu').selectOption('gaussian-to-moons.json');
  await expect.poll(() => stepCount(page), { timeout: 120_000 }).toBe(6000);
  await expect.poll(() => fm(page, () => window.__fm!.checkpoints())).toEqual([6000]);
  await expect(page.getByTestId('history-step')).toHaveText('latest (step 6,000)');
});

test('single step and history at phone size and in presenter mode (screenshots)', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?source=gaussian&target=moons&batch=128');
  await waitForBackend(page);
  await page.getByTestId('single-step').click();
  await expect(page.getByTestId('step-counter')).toHaveText('1');
  await snapshotAt(page, 1);
  await screenshot(page, 'single-step-390');
  await page.getByTestId('history-slider').scrollIntoViewIfNeeded();
  await screenshot(page, 'history-390');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await blur(page);
  await page.keyboard.press('p');
  await expect.poll(() => fm(page, () => window.__fm!.presenter())).toBe(true);
  // Hold the field change on screen for the screenshot (a loaded machine may take seconds to take it).
  await fm(page, () => (window.__fm!.renderer.changeHoldMs = 120_000));
  await page.keyboard.press('s');
  await expect(page.getByTestId('step-counter')).toHaveText('2');
  await snapshotAt(page, 2);
  await expect.poll(() => fm(page, () => window.__fm!.fieldChange()?.step)).toBe(2);
  await screenshot(page, 'single-step-presenter-1920');
  await expect(page.getByTestId('history-slider')).toBeVisible();
});
