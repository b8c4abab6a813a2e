/** The laboratory: couplings, reflow and the density, checked against what the theory says. */
import { test, expect, stepCount, waitForBackend, screenshot } from './fixtures';
import type { Page } from '@playwright/test';

async function trainFor(page: Page, steps: number): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 180_000, intervals: [500] }).toBeGreaterThanOrEqual(steps);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
}

/** Metrics measured after the given step (the panel re-measures when training pauses). */
async function metricsAfter(page: Page, step: number) {
  await expect.poll(async () => (await page.evaluate(() => window.__fm!.metrics()))?.step ?? -1, { timeout: 60_000 }).toBeGreaterThanOrEqual(step);
  return (await page.evaluate(() => window.__fm!.metrics()))!;
}

const openPanels = async (page: Page) => {
  await page.locator('[data-testid=lab-panel] summary').click();
  await page.locator('[data-testid=metrics-panel] summary').click();
};

test('minibatch OT gives a better one-step fit than independent pairs after the same training', async ({ page }) => {
  test.setTimeout(420_000);
  const STEPS = 1200;
  await page.goto('/?source=eight-gaussians&target=moons&width=64&batch=256&seed=2');
  await waitForBackend(page);
  await openPanels(page);
  await trainFor(page, STEPS);
  const independent = await metricsAfter(page, STEPS);
  await page.getByTestId('set-coupling').selectOption('ot');
  await page.getByTestId('reset-model').click();
  await expect.poll(() => stepCount(page)).toBe(0);
  await trainFor(page, STEPS);
  const ot = await metricsAfter(page, STEPS);
  const oneStep = (m: typeof ot) => m.fitBySteps.fit[m.fitBySteps.steps.indexOf(1)];
  console.log(`one-step fit: independent ${oneStep(independent).toFixed(3)}, OT ${oneStep(ot).toFixed(3)}; straightness ${independent.straightness.toFixed(3)} -> ${ot.straightness.toFixed(3)}`);
  expect(oneStep(ot)).toBeLessThan(0.7 * oneStep(independent));
  // OT pairs are shorter: the generated transport cost drops too.
  expect(ot.transportCost).toBeLessThan(independent.transportCost);
  // Paths straighten.
  expect(ot.straightness).toBeLessThan(independent.straightness);
  await screenshot(page, 'laboratory-ot-metrics');
  await page.getByTestId('metrics-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'laboratory-ot-metrics-panel');
});

test('a reflow round lowers straightness and is shown as 1-RF', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?source=gaussian&target=moons&width=64&batch=256&seed=3');
  await waitForBackend(page);
  await openPanels(page);
  await trainFor(page, 1200);
  const before = await metricsAfter(page, 1200);
  await page.getByTestId('reflow').click();
  await expect(page.getByTestId('reflow-round')).toHaveText('1');
  await expect(page.getByTestId('notice')).toContainText('Reflow round 1 finished', { timeout: 180_000 });
  const step = await stepCount(page);
  const after = await metricsAfter(page, step);
  console.log(`straightness: 0-RF ${before.straightness.toFixed(4)}, 1-RF ${after.straightness.toFixed(4)}`);
  expect(after.straightness).toBeLessThan(0.7 * before.straightness);
  await expect(page.locator('[data-testid=lab-panel] summary')).toContainText('1-RF');
});

test('the density of a Gaussian-to-Gaussian flow matches the closed form', async ({ page }) => {
  test.setTimeout(300_000);
  const src = { m: [-2, 0], s: 0.6 };
  const tgt = { m: [2, 1], s: 0.8 };
  await page.goto(`/?source=gaussian:${src.m[0]},${src.m[1]},${src.s}&target=gaussian:${tgt.m[0]},${tgt.m[1]},${tgt.s}&jitter=0&seed=4`);
  await waitForBackend(page);
  await trainFor(page, 1500);
  await page.locator('[data-testid=lab-panel] summary').click();
  await page.getByTestId('play-toggle').click();
  await page.getByTestId('time-slider').fill('0.5');
  await page.getByTestId('lab-density').check();
  await expect.poll(async () => (await page.evaluate(() => window.__fm!.density()))?.t ?? -1, { timeout: 120_000 }).toBeCloseTo(0.5, 2);
  await expect(page.getByTestId('density-source')).toContainText('exact Gaussian density');
  await page.waitForTimeout(300);
  await screenshot(page, 'laboratory-density');
  const d = (await page.evaluate(() => window.__fm!.density()))!;
  const t = d.t;
  const m = [(1 - t) * src.m[0] + t * tgt.m[0], (1 - t) * src.m[1] + t * tgt.m[1]];
  const S2 = (1 - t) ** 2 * src.s ** 2 + t ** 2 * tgt.s ** 2;
  const cell = (2 * d.extent) / d.gridSize;
  let err = 0;
  let count = 0;
  for (let row = 0; row < d.gridSize; row++) {
    for (let col = 0; col < d.gridSize; col++) {
      const x = -d.extent + (col + 0.5) * cell;
      const y = -d.extent + (row + 0.5) * cell;
      const r2 = (x - m[0]) ** 2 + (y - m[1]) ** 2;
      // Compare where the true marginal holds its mass: within two standard deviations.
      if (r2 > 4 * S2) continue;
      const exact = -Math.log(2 * Math.PI * S2) - r2 / (2 * S2);
      err += Math.abs(d.logDensity[row * d.gridSize + col] - exact);
      count++;
    }
  }
  expect(count).toBeGreaterThan(10);
  console.log(`density: mean |log p - exact| = ${(err / count).toFixed(3)} nats over ${count} cells at t = ${t}`);
  // Stated tolerance: mean absolute log-density error under 0.35 nats inside two standard deviations.
  expect(err / count).toBeLessThan(0.35);
});

test('the laboratory controls are not in the first load: they load when the panel first opens', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/');
  await waitForBackend(page);
  await expect(page.locator('[data-testid=lab-panel] summary')).toContainText('straight path');
  expect(scripts.filter((u) => /LabControls/.test(u))).toEqual([]);
  await expect(page.getByTestId('set-path')).toHaveCount(0);
  await page.locator('[data-testid=lab-panel] summary').click();
  await expect(page.getByTestId('set-path')).toBeVisible();
  expect(scripts.filter((u) => /LabControls/.test(u)).length).toBe(1);
});
