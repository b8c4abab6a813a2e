/**
 * Readouts agree with each other (step, loss chart, fit, metrics) after opening a trained scene, and
 * notices never push the panels, merge repeats, fade, and never drop a message unseen.
 */
import { expect, screenshot, stepCount, test, waitForBackend } from './fixtures';

// Several page loads and a fade of 10 s each: more than the default two minutes on a loaded machine.
test.describe.configure({ timeout: 300_000 });

test('opening a trained scene: step, loss chart, fit and metrics all speak of its step', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('metrics-panel').locator('summary').click();
  await expect(page.getByTestId('metric-sw2')).toBeVisible({ timeout: 150_000 });
  const panel = page.getByTestId('scene-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  // Every value the step counter takes from the moment the scene is picked.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __steps: string[] }).__steps = seen;
    const el = document.querySelector('[data-testid="step-counter"]')!;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('scenes-menu').selectOption('gaussian-to-moons.json');
  // Until the worker's first snapshot of the new weights, the fit says it is recomputing.
  await expect(page.getByTestId('fit-stale')).toBeVisible();
  await expect(page.locator('section.fit')).toHaveAttribute('data-stale', 'true');
  await expect.poll(() => stepCount(page)).toBe(6000);
  await expect(page.getByTestId('fit-stale')).toHaveCount(0, { timeout: 150_000 });
  await expect(page.locator('section.fit')).toHaveAttribute('data-stale', 'false');
  const fit = Number(await page.getByTestId('fit-score').textContent());
  const floor = Number(await page.getByTestId('fit-floor').textContent());
  expect(fit / floor).toBeLessThan(2.5);
  await expect(page.getByTestId('loss-chart-empty')).toHaveText('Trained for 6,000 steps; their losses are not kept (a scene file holds no loss history). Train on: new losses appear here.');
  await expect(page.getByTestId('metrics-panel').locator('.summary-note')).toContainText('at step 6,000');
  const steps = await page.evaluate(() => (window as unknown as { __steps: string[] }).__steps);
  expect(steps.length).toBeGreaterThan(0);
  expect(steps.every((s) => s === '6,000'), `step counter went through ${steps.join(' → ')}`).toBe(true);
  await screenshot(page, 'readouts-trained-scene');
});

test('notices: an overlay that moves no panel, all seven bad link values shown, repeats merged, info fades to the history', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const trainCard = page.locator('section[aria-label="training"]');
  const before = (await trainCard.boundingBox())!;
  // Seven bad values: the old store kept only the newest four notices, so some were never shown.
  // Now the link's problems travel in one notice that names every one of them.
  await page.goto('/?seed=abc&layers=2.5x&width=zz&batch=-&lr=nope&jitter=q&particles=many');
  await waitForBackend(page);
  const region = page.getByTestId('notice');
  const link = region.locator('.notice', { hasText: 'The link had 7 problems' });
  await expect(link).toHaveCount(1);
  for (const name of ['seed "abc"', 'layers', 'width', 'batch', 'lr', 'jitter', 'particles']) await expect(link).toContainText(name);
  // The panels stay where they were: the notices float over the page.
  const after = (await trainCard.boundingBox())!;
  expect(Math.abs(after.y - before.y)).toBeLessThan(1);
  expect(await region.evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
  await screenshot(page, 'notices-overlay');
  // Dismiss them all: they go to the history, not away.
  while ((await region.locator('.notice').count()) > 0) {
    await region.getByRole('button', { name: 'Dismiss message' }).first().click();
  }
  const history = page.getByTestId('notice-history');
  await history.locator('summary').click();
  const kept = history.locator('li', { hasText: 'The link had 7 problems' });
  await expect(kept).toHaveCount(1);
  for (const name of ['seed "abc"', 'layers', 'width', 'batch', 'lr', 'jitter', 'particles']) await expect(kept).toContainText(name);
  await history.locator('summary').click();

  // The same warning twice is one notice with a count.
  await page.getByTestId('edit-source').dispatchEvent('click');
  await page.getByTestId('clear-cloud').dispatchEvent('click');
  await expect(page.getByTestId('count-source')).toHaveText('0 pts');
  await page.getByTestId('train-toggle').dispatchEvent('click');
  await page.getByTestId('train-toggle').dispatchEvent('click');
  await expect(region.locator('.notice')).toHaveCount(1);
  await expect(region.locator('.notice')).toContainText('source cloud is empty');
  await expect(page.getByTestId('notice-count')).toHaveText('×2');

  // An info notice fades on its own, into the history.
  const panel = page.getByTestId('scene-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await page.getByTestId('scenes-menu').selectOption('gaussian-to-moons.json');
  const opened = region.locator('.notice', { hasText: 'already trained' });
  await expect(opened).toBeVisible();
  await expect(opened).toHaveCount(0, { timeout: 15_000 });
  await history.locator('summary').click();
  await expect(history.locator('li').first()).toContainText('already trained');
});

test('notices on a phone do not push the stage or the panels', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/');
  await waitForBackend(page);
  const stage = (await page.getByTestId('stage').boundingBox())!;
  await page.goto('/?seed=abc&width=zz&lr=nope');
  await waitForBackend(page);
  // The link's problems are one notice; a second one (the backend's) makes two.
  await page.evaluate(() => window.__fm!.notify('info', 'A second message for the phone test.'));
  // One at a time on a phone (three would cover the stage); the others wait behind "N more".
  await expect(page.getByTestId('notice').locator('.notice')).toHaveCount(1);
  await expect(page.getByTestId('notice-more')).toHaveText(/^\d+ more messages?$/);
  const stageAfter = (await page.getByTestId('stage').boundingBox())!;
  expect(Math.abs(stageAfter.y - stage.y)).toBeLessThan(1);
  await screenshot(page, 'notices-phone');
  await context.close();
});

test('the legend names the true field when it is on; the density heatmap comes with a colour bar of its log-density range', async ({ page }) => {
  await page.goto('/?source=gaussian:-2,0,0.6&target=gaussian:2,1,0.8&seed=4');
  await waitForBackend(page);
  const legend = page.getByTestId('stage-legend');
  await expect(page.getByTestId('legend-true-field')).toHaveCount(0);
  await expect(page.getByTestId('density-colorbar')).toHaveCount(0);
  await page.locator('[data-testid=lab-panel] summary').click();
  await page.getByTestId('lab-true-field').check();
  await expect(legend).toContainText('true field');
  await page.getByTestId('play-toggle').click();
  await page.getByTestId('time-slider').fill('0.5');
  await page.getByTestId('lab-density').check();
  await expect(page.getByTestId('density-colorbar')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('density-colorbar')).toContainText('log density');
  const max = await page.evaluate(() => Math.max(...window.__fm!.density()!.logDensity.filter(Number.isFinite)));
  await expect.poll(async () => Number(await page.getByTestId('density-high').textContent())).toBeCloseTo(max, 1);
  const low = Number((await page.getByTestId('density-low').textContent())!.replace('≤', '').trim());
  expect(low).toBeCloseTo(max - Math.log(255) / 0.6, 0);
  await page.waitForTimeout(300);
  await screenshot(page, 'legend-density-true-field');
  await page.getByTestId('lab-true-field').uncheck();
  await expect(page.getByTestId('legend-true-field')).toHaveCount(0);
  await page.getByTestId('lab-density').uncheck();
  await expect(page.getByTestId('density-colorbar')).toHaveCount(0);
});
