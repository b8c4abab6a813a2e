/**
 * The teaching layer: every lesson step and what it sets up, the worked example's five Euler
 * positions on the stage, probes and the hover readout against the model's own numbers, presenter
 * mode and the keyboard shortcuts. Screenshots of each step at desktop and phone sizes.
 */
import { test, expect, stepCount, waitForBackend, screenshot, toPage } from './fixtures';
import type { Page } from '@playwright/test';

const fm = <T>(page: Page, fn: () => T) => page.evaluate(fn);


async function expectStep(page: Page, n: number, id: string): Promise<void> {
  await expect(page.getByTestId('lesson-step')).toHaveText(`${n} / ${LESSON_IDS.length}`);
  await expect.poll(() => fm(page, () => window.__fm!.lesson())).toBe(id);
}

const checked = (page: Page, layer: string) => page.getByTestId(`layer-${layer}`).isChecked();

async function layers(page: Page): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const l of ['clouds', 'particles', 'trails', 'field', 'pairs']) out[l] = await checked(page, l);
  return out;
}

/** Wait until the newest snapshot was made with `steps` solver steps and at least `minStep` training steps. */
async function snapshotWith(page: Page, steps: number, minStep = 0): Promise<void> {
  await expect
    .poll(async () => {
      const s = await fm(page, () => window.__fm!.trajectories(1));
      return s !== null && s.steps === steps && s.step >= minStep;
    }, { timeout: 60_000 })
    .toBe(true);
}

/** Sliced W2 and its floor as shown in the fit card. */
async function fit(page: Page): Promise<number> {
  return Number(await page.getByTestId('fit-score').textContent());
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('every lesson step sets up its scene; the worked example lands on (1,-4) (2,-3) (3,-2) (4,-1) (5,0)', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await waitForBackend(page);
  await expect(page.getByTestId('layer-pairs')).not.toBeChecked();
  await page.getByTestId('lessons-open').click();

  // (a) The seeds' worked example.
  await expectStep(page, 1, 'worked-example');
  await expect(page.getByTestId('lesson-title')).toContainText('five steps');
  await expect(page.getByTestId('source-gaussian')).toHaveValue('0,-5,0');
  await expect(page.getByTestId('target-gaussian')).toHaveValue('5,0,0');
  await expect(page.getByTestId('set-jitter')).toHaveValue('0');
  await expect(page.getByTestId('set-solver')).toHaveValue('euler');
  await expect(page.getByTestId('set-steps')).toHaveValue('5');
  await expect(page.getByTestId('set-steps')).toHaveClass(/lesson-highlight/);
  await expect(page.getByTestId('train-toggle')).toHaveClass(/lesson-highlight/);
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  expect(await fm(page, () => window.__fm!.markers())).toEqual([[0, -5], [1, -4], [2, -3], [3, -2], [4, -1], [5, 0]]);
  const expected = (k: number) => [k, -5 + k];
  // The labelled markers are the seed's stops exactly. The lesson trains with a stepped-down
  // learning rate and pauses itself at step 34,000; then the network's own five Euler steps must
  // land on the stops to a thousandth, and the lesson's readout says so.
  const TOL = 1e-3;
  const worst = (path: number[][]) => Math.max(...path.map((p, k) => Math.max(Math.abs(p[0] - expected(k)[0]), Math.abs(p[1] - expected(k)[1]))));
  await expect(page.getByTestId('stop-readout')).toBeVisible();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false', { timeout: 240_000 });
  // The snapshot of the final weights (the worker sends one after it stops).
  await expect.poll(async () => (await fm(page, () => window.__fm!.snapshotStep())) ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(34_000);
  await page.waitForTimeout(500);
  const final = await fm(page, () => window.__fm!.trajectories(1));
  expect(final!.steps).toBe(5);
  // The worker runs the schedule at its exact steps and stops exactly there.
  expect(final!.step).toBe(34_000);
  expect(await stepCount(page)).toBe(34_000);
  console.log(`worked example: largest miss ${worst(final!.paths[0]).toExponential(2)} after ${final!.step} steps`);
  expect(worst(final!.paths[0])).toBeLessThan(TOL);
  const readout = page.getByTestId('stop-readout');
  await expect(readout).toContainText('to a thousandth');
  expect(Number(await readout.getAttribute('data-miss'))).toBeCloseTo(worst(final!.paths[0]), 6);
  const slider = page.getByTestId('time-slider');
  for (let k = 0; k <= 5; k++) {
    await slider.fill(String(k / 5));
    await expect.poll(() => fm(page, () => window.__fm!.t())).toBeCloseTo(k / 5, 6);
    const pts = await fm(page, () => window.__fm!.particles(50));
    expect(pts.length).toBe(50);
    for (const p of pts) {
      expect(Math.abs(p[0] - expected(k)[0]), `x at t=${k}/5`).toBeLessThan(TOL);
      expect(Math.abs(p[1] - expected(k)[1]), `y at t=${k}/5`).toBeLessThan(TOL);
    }
    if (k === 3) await screenshot(page, 'teaching-desktop-1-worked-example');
  }
  const ends = await fm(page, () => window.__fm!.endPoints(50));
  for (const p of ends) expect(Math.hypot(p[0] - 5, p[1])).toBeLessThan(TOL * 1.5);
  // Another step count: the readout says what to set instead of comparing unlike things.
  await page.getByTestId('set-steps').fill('10');
  await page.getByTestId('set-steps').press('Enter');
  await expect(readout).toContainText('now take 10 steps; set 5');
  await page.getByTestId('set-steps').fill('5');
  await page.getByTestId('set-steps').press('Enter');
  await expect(readout).toContainText('to a thousandth');

  // (b) Straight paths and the training step: the pairs layer.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 2, 'training-step');
  await expect(page.getByTestId('source-preset')).toHaveValue('gaussian');
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  // A step with a trained scene sets its view once the file has loaded: poll.
  await expect.poll(() => layers(page)).toEqual({ clouds: true, particles: false, trails: false, field: false, pairs: true });
  await expect(page.getByTestId('layer-pairs')).toHaveClass(/lesson-highlight/);
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'true');
  // The default net starts from fresh weights and trains.
  const stepNow = async () => Number((await page.getByTestId('step-counter').textContent())!.replace(/,/g, ''));
  await expect.poll(stepNow, { timeout: 10_000, intervals: [100] }).toBeGreaterThan(0);
  expect(await fm(page, () => window.__fm!.markers())).toBeNull();
  const pairs = await fm(page, () => window.__fm!.pairs());
  expect(pairs.length).toBe(150);
  // Source ends around the standard Gaussian, target ends on the moons (|y| < 2 or so).
  const mean = (k: number) => pairs.reduce((a, p) => a + p[k], 0) / pairs.length;
  expect(Math.abs(mean(0))).toBeLessThan(0.4);
  expect(Math.abs(mean(1))).toBeLessThan(0.4);
  expect(pairs.every((p) => Math.abs(p[3]) < 3)).toBe(true);
  await screenshot(page, 'teaching-desktop-2-training-step');

  // (c) Conditional vs marginal: pairs, field and trails together.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 3, 'marginal');
  await expect.poll(() => layers(page)).toEqual({ clouds: true, particles: true, trails: true, field: true, pairs: true });
  await expect(page.getByTestId('layer-field')).toHaveClass(/lesson-highlight/);
  await page.waitForTimeout(1500);
  await screenshot(page, 'teaching-desktop-3-marginal');

  // (d) One Euler step vs fifty on the same model.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 4, 'one-step');
  await expect(page.getByTestId('set-steps')).toHaveValue('1');
  await expect(page.getByTestId('fit-score')).toHaveClass(/lesson-highlight/);
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  expect(await fm(page, () => window.__fm!.t())).toBe(1);
  // The step opens the trained scene (6,000 steps); read the fit of its one-step snapshot.
  await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThan(600);
  const trainedStep = await stepCount(page);
  await snapshotWith(page, 1, trainedStep);
  await page.waitForTimeout(3500); // the fit is measured every few seconds
  const fit1 = await fit(page);
  await screenshot(page, 'teaching-desktop-4-one-step');
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 5, 'many-steps');
  await expect(page.getByTestId('set-steps')).toHaveValue('50');
  await snapshotWith(page, 50);
  await expect.poll(() => fit(page), { timeout: 30_000 }).toBeLessThan(0.7 * fit1);
  await screenshot(page, 'teaching-desktop-5-many-steps');

  // (e) The ODE view: the probe tool at t = 1, integrating back to the source.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 6, 'ode');
  await expect(page.getByTestId('tool-probe')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('tool-probe')).toHaveClass(/lesson-highlight/);
  expect(await fm(page, () => window.__fm!.t())).toBe(1);
  await expect.poll(() => layers(page)).toMatchObject({ field: true, trails: false, pairs: false });
  const [mx, my] = await toPage(page, 1, -0.3);
  await page.mouse.click(mx, my);
  await expect(page.getByTestId('probe-readout')).toBeVisible();
  const probe = (await fm(page, () => window.__fm!.probes()))[0];
  expect(probe.t).toBe(1);
  // Run backwards: the probe's trajectory ends (t = 1) at the click and starts (t = 0) in the source.
  expect(probe.trajectory[probe.steps][0]).toBeCloseTo(probe.x, 4);
  expect(probe.trajectory[probe.steps][1]).toBeCloseTo(probe.y, 4);
  expect(Math.hypot(probe.trajectory[0][0], probe.trajectory[0][1])).toBeLessThan(3.5);
  await page.getByTestId('time-slider').fill('0.5');
  await screenshot(page, 'teaching-desktop-6-ode');

  // (f) Flow models vs flow matching: the compare view opens with the race scene's three trained
  // models and their recorded race, paused.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 7, 'flow-models');
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('stage')).toHaveCount(0);
  for (const o of ['fm', 'cnf', 'realnvp']) {
    await expect(page.getByTestId(`compare-panel-${o}`)).toBeVisible();
    await expect(page.getByTestId(`race-line-${o}`)).toBeVisible();
  }
  // The scene's steps, not a fresh start: flow matching took thousands, the CNF a handful.
  await expect.poll(async () => Number((await page.getByTestId('compare-step-fm').textContent())!.replace(/\D/g, '')), { timeout: 30_000 }).toBeGreaterThan(1000);
  await expect(page.getByTestId('race-chart')).toHaveClass(/lesson-highlight/);
  await expect(page.getByTestId('lesson')).toContainText('Jacobian');
  await expect(page.locator('[data-testid="lesson"] .katex').first()).toBeVisible();
  // The trained models are drawn (particles, rubber sheet, density) without pressing Train.
  for (const o of ['fm', 'cnf', 'realnvp']) await expect(page.getByTestId(`compare-panel-${o}`)).toHaveAttribute('data-snapshot', 'true', { timeout: 30_000 });
  await page.waitForTimeout(500);
  await screenshot(page, 'teaching-desktop-7-flow-models');

  // (g) The live race: fresh models train; the last step offers Restart and Finish.
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 8, 'flow-models-race');
  // The guidance and diffusion steps follow (e2e/guidance.spec.ts covers their controls).
  await expect(page.getByTestId('lesson-next')).toBeVisible();
  await expect.poll(async () => Number((await page.getByTestId('compare-step-realnvp').textContent())!.replace(/\D/g, '')), { timeout: 60_000 }).toBeGreaterThan(0);
  await screenshot(page, 'teaching-desktop-8-flow-models-race');

  // (h) Through the guidance and diffusion steps to the last one, From points to pictures: the Images
  // view opens and its model trains; the last step offers Restart and Finish.
  for (let n = 9; n <= 12; n++) {
    await page.getByTestId('lesson-next').click();
    await expectStep(page, n, LESSON_IDS[n - 1]);
  }
  await page.getByTestId('lesson-next').click();
  await expectStep(page, 13, 'points-to-pictures');
  await expect(page.getByTestId('images-view')).toBeVisible();
  await expect(page.getByTestId('lesson-next')).toHaveCount(0);
  await expect(page.getByTestId('lesson-finish')).toBeVisible();
  await expect.poll(async () => Number((await page.getByTestId('images-step').textContent())!.replace(/\D/g, '')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('lesson')).toContainText('256');
  await screenshot(page, 'teaching-desktop-13-points-to-pictures');
  await page.getByTestId('lesson-prev').click();
  await expectStep(page, 12, 'diffusion-sde');
  await expect(page.getByTestId('images-view')).toHaveCount(0);
  await expect(page.getByTestId('stage')).toBeVisible();
  for (let n = 11; n >= 8; n--) {
    await page.getByTestId('lesson-prev').click();
    await expectStep(page, n, LESSON_IDS[n - 1]);
  }

  // Back to the ODE step: the playground's stage returns.
  await page.getByTestId('lesson-prev').click();
  await expectStep(page, 7, 'flow-models');
  await page.getByTestId('lesson-prev').click();
  await expectStep(page, 6, 'ode');
  await expect(page.getByTestId('stage')).toBeVisible();

  // Back, then close: the highlights go, and the scene from before the lessons (the default) comes back.
  await expect(page.getByTestId('explain-panel')).not.toHaveClass(/lesson-highlight/);
  await page.getByTestId('lesson-close').click();
  await expect(page.getByTestId('lessons-open')).toBeVisible();
  await expect(page.getByTestId('set-steps')).toHaveValue('50');
  await expect(page.getByTestId('layer-pairs')).not.toBeChecked();
  await expect(page.getByTestId('tool-move')).toHaveAttribute('aria-checked', 'true');
  expect(await fm(page, () => window.__fm!.lesson())).toBeNull();
  await expect(page.locator('.lesson-highlight')).toHaveCount(0);
  expect(await fm(page, () => window.__fm!.markers())).toBeNull();
});

test('every lesson step on a phone', async ({ browser }) => {
  test.setTimeout(360_000); // thirteen steps, five of them training live
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('lessons-open').click();
  const names = LESSON_IDS;
  for (let i = 0; i < names.length; i++) {
    await expectStep(page, i + 1, names[i]);
    await page.waitForTimeout(i === 0 ? 4000 : 1200);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, `teaching-phone-${i + 1}-${names[i]}-stage`);
    await page.getByTestId('lesson').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `teaching-phone-${i + 1}-${names[i]}`);
    // Nothing in the lesson card is wider than the screen.
    const overflow = await page.getByTestId('lesson').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    if (i < names.length - 1) await page.getByTestId('lesson-next').tap();
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  await context.close();
});

test('a probe reads the model: its velocity is the hover velocity there, its path the model’s own Euler steps', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?source=gaussian:0,-3,0.5&target=gaussian:0,3,0.5&particles=500&steps=20');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(300);
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('play-toggle').click();
  // Ask for a snapshot of the paused model: change the step count and back (a new setting redraws the flow).
  await page.waitForTimeout(500);
  await page.locator('.settings summary').click();
  for (const n of ['21', '20']) {
    await page.getByTestId('set-steps').fill(n);
    await page.getByTestId('set-steps').press('Enter');
    await snapshotWith(page, Number(n));
  }
  await expect
    .poll(async () => (await fm(page, () => window.__fm!.snapshotStep())) === (await stepCount(page)), { timeout: 20_000 })
    .toBe(true);
  await page.getByTestId('time-slider').fill('0');
  await page.getByTestId('tool-probe').click();
  // Hover the first particle's start, then drop a probe on the same pixel.
  const start = (await fm(page, () => window.__fm!.particles(1)))[0];
  const [px, py] = await toPage(page, start[0], start[1]);
  await page.mouse.move(px - 30, py - 30);
  await page.mouse.move(px, py, { steps: 3 });
  await expect(page.getByTestId('hover-velocity')).toContainText('v');
  await expect.poll(async () => Number(await page.getByTestId('hover-velocity').getAttribute('data-x'))).toBeCloseTo(start[0], 1);
  await page.waitForTimeout(300);
  const hover = (await fm(page, () => window.__fm!.hover()))!;
  await page.mouse.click(px, py);
  const readout = page.getByTestId('probe-readout');
  await expect(readout).toBeVisible();
  const attr = async (k: string) => Number(await readout.getAttribute(`data-${k}`));
  const probe = (await fm(page, () => window.__fm!.probes())).at(-1)!;
  // The readout shows the probe's numbers.
  expect(await attr('x')).toBeCloseTo(probe.x, 6);
  expect(await attr('y')).toBeCloseTo(probe.y, 6);
  expect(await attr('t')).toBe(0);
  expect(await attr('u')).toBeCloseTo(probe.u, 6);
  expect(await attr('v')).toBeCloseTo(probe.v, 6);
  await expect(readout).toContainText(probe.u.toFixed(2).replace('-', '−'));
  // Same pixel, same t: the model's velocity at the probe is the hover readout's.
  expect(hover.x).toBeCloseTo(probe.x, 5);
  expect(hover.y).toBeCloseTo(probe.y, 5);
  expect(probe.u).toBeCloseTo(hover.u, 4);
  expect(probe.v).toBeCloseTo(hover.v, 4);
  // Its trajectory starts at the click and its first Euler step is that velocity over the step count.
  expect(probe.steps).toBe(20);
  expect(probe.trajectory[0][0]).toBeCloseTo(probe.x, 5);
  expect(probe.trajectory[1][0] - probe.trajectory[0][0]).toBeCloseTo(probe.u / 20, 4);
  expect(probe.trajectory[1][1] - probe.trajectory[0][1]).toBeCloseTo(probe.v / 20, 4);
  // And it follows the first particle, which started within a pixel of it (same model, same solver).
  const particle = (await fm(page, () => window.__fm!.trajectories(1)))!.paths[0];
  expect(particle.length).toBe(21);
  for (let k = 0; k <= 20; k++) expect(Math.hypot(probe.trajectory[k][0] - particle[k][0], probe.trajectory[k][1] - particle[k][1])).toBeLessThan(0.1);
  // A probe dropped at t = 1 on the target runs backwards to the source.
  await page.getByTestId('time-slider').fill('1');
  const [qx, qy] = await toPage(page, 0.3, 3.2);
  await page.mouse.click(qx, qy);
  await expect.poll(async () => (await fm(page, () => window.__fm!.probes())).length).toBe(2);
  const back = (await fm(page, () => window.__fm!.probes()))[1];
  expect(back.t).toBe(1);
  expect(back.trajectory[20][1]).toBeCloseTo(back.y, 4);
  expect(back.trajectory[0][1]).toBeLessThan(-2);
  await expect(readout).toContainText('2 probes');
  await page.getByTestId('time-slider').fill('0.4');
  await screenshot(page, 'teaching-desktop-probes');
  await page.getByTestId('clear-probes').click();
  await expect(readout).toHaveCount(0);
  expect(await fm(page, () => window.__fm!.probes())).toEqual([]);
  // Leaving the stage clears the hover readout.
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('hover-velocity')).toContainText('Hover the stage');
});

test('keyboard shortcuts: Space, T, arrows, R, ?, P (presenter mode), N / B', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await blur(page);
  const play = page.getByTestId('play-toggle');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press(' ');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  // Arrows step t while paused.
  await page.getByTestId('time-slider').fill('0.5');
  await blur(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => fm(page, () => window.__fm!.t())).toBeCloseTo(0.52, 6);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => fm(page, () => window.__fm!.t())).toBeCloseTo(0.42, 6);
  // T trains and pauses; R resets to step 0.
  await page.keyboard.press('t');
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(20);
  await page.keyboard.press('t');
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('r');
  await expect.poll(() => stepCount(page)).toBe(0);
  // ? shows the shortcuts, Esc closes them.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('presenter mode');
  await screenshot(page, 'teaching-desktop-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  // P: presenter mode, with only the lesson's controls.
  await page.getByTestId('lessons-open').click();
  await expectStep(page, 1, 'worked-example');
  await blur(page);
  await page.keyboard.press('n');
  await expectStep(page, 2, 'training-step');
  await page.keyboard.press('b');
  await expectStep(page, 1, 'worked-example');
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  expect(await fm(page, () => window.__fm!.presenter())).toBe(true);
  await expect(page.getByTestId('source-preset')).toBeHidden();
  await expect(page.getByTestId('tool-brush')).toBeHidden();
  await expect(page.getByTestId('lesson')).toBeVisible();
  await expect(page.getByTestId('train-toggle')).toBeVisible();
  await expect(page.getByTestId('time-slider')).toBeVisible();
  await page.waitForTimeout(1000);
  await screenshot(page, 'teaching-desktop-presenter');
  // Larger type than the normal page.
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(size).toBeGreaterThan(14);
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('source-preset')).toBeVisible();
  // The button works too.
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('html')).not.toHaveClass(/presenter/);
});

test('the explanations panel typesets its formulas with KaTeX', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const panel = page.getByTestId('explain-panel');
  await expect(panel).not.toHaveAttribute('open', '');
  await panel.locator('summary').click();
  await expect(panel).toHaveAttribute('open', '');
  await expect(panel.locator('.katex').first()).toBeVisible();
  expect(await panel.locator('.katex-display').count()).toBeGreaterThanOrEqual(5);
  await expect(panel.locator('.katex-error')).toHaveCount(0);
  await expect(panel).toContainText('noise floor');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'teaching-desktop-explain');
});

const LESSON_IDS = ['worked-example', 'training-step', 'marginal', 'one-step', 'many-steps', 'ode', 'flow-models', 'flow-models-race', 'guidance-train', 'guidance-weights', 'diffusion-vp', 'diffusion-sde', 'points-to-pictures'];

/** The element at the centre of the locator's box is the locator's own (on screen, not covered). */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    // A control taller than the screen (an opened panel) counts when its top part shows.
    if (r.top < -0.5 || r.left < -0.5 || r.top + Math.min(r.height, 24) > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || r.height === 0) return false;
    // A point inside, a little from the top edge (a slider's thumb or a card's heading).
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + Math.min(r.height / 2, 12));
    return !!hit && (el === hit || el.contains(hit) || hit.contains(el));
  }, testId);
}

for (const size of [
  { name: 'desktop', width: 1280, height: 800, mobile: false },
  { name: 'phone', width: 390, height: 844, mobile: true },
]) {
  test(`lesson layout at ${size.width}x${size.height}: the title shows when a step opens, each highlighted control can be shown`, async ({ browser }) => {
    test.setTimeout(600_000);
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: size.mobile, isMobile: size.mobile });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await waitForBackend(page);
    await page.getByTestId('lessons-open').click();
    const stageBox = async () => (await page.getByTestId('stage').boundingBox())!;
    for (let i = 0; i < LESSON_IDS.length; i++) {
      await expectStep(page, i + 1, LESSON_IDS[i]);
      await expect(page.getByTestId('lesson')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
      await page.waitForTimeout(400);
      // Layout only: pause training to spare the shared CPU.
      if ((await page.getByTestId('train-toggle').count()) > 0 && (await page.getByTestId('train-toggle').getAttribute('aria-pressed')) === 'true') await page.keyboard.press('t');
      if ((await page.getByTestId('images-train').count()) > 0 && (await page.getByTestId('images-train').getAttribute('aria-pressed')) === 'true') await page.getByTestId('images-train').click();
      // The title is on screen as the step opens, and the text starts at its first line.
      expect(await onScreen(page, 'lesson-title'), `title of step ${i + 1}`).toBe(true);
      expect(await page.getByTestId('lesson-scroll').evaluate((el) => el.scrollTop)).toBe(0);
      await expect(page.getByTestId('lesson-prev')).toBeVisible();
      await screenshot(page, `teaching-layout-${size.name}-${i + 1}-${LESSON_IDS[i]}`);
      const ids = await page.locator('[data-testid^="lesson-show-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('lesson-show-'.length)));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        if ((await page.getByTestId(id).count()) === 0) continue; // the probe readout shows once a probe is dropped
        const hasStage = (await page.getByTestId('stage').count()) > 0;
        const before = hasStage ? await stageBox() : null;
        await page.getByTestId(`lesson-show-${id}`).click();
        await page.waitForTimeout(150);
        expect(await onScreen(page, id), `step ${i + 1}: ${id} on screen`).toBe(true);
        expect(await onScreen(page, 'lesson-title'), `step ${i + 1}: title still on screen after showing ${id}`).toBe(true);
        // Beside the stage, showing a control in the side panel never moves the stage (the compare
        // view has no stage: its page scrolls to the control, the pinned lesson card stays).
        if (!size.mobile && hasStage) expect(await stageBox()).toEqual(before);
      }
      await screenshot(page, `teaching-layout-${size.name}-${i + 1}-${LESSON_IDS[i]}-shown`);
      if (i < LESSON_IDS.length - 1) await page.getByTestId('lesson-next').click();
    }
    // The last step ends with Restart and Finish.
    await expect(page.getByTestId('lesson-next')).toHaveCount(0);
    expect(await onScreen(page, 'lesson-finish')).toBe(true);
    await page.getByTestId('lesson-restart').click();
    await expectStep(page, 1, 'worked-example');
    expect(await onScreen(page, 'lesson-title')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
}

/** Wait until the open step has its scene on the stage (a trained scene loads a moment after the step opens). */
async function stepReady(page: Page, n: number, id: string): Promise<void> {
  await expectStep(page, n, id);
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

test('closing or finishing the lessons brings back your own scene in one step: drawn points, settings, view and weights', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('play-toggle').click();
  await page.getByTestId('time-slider').fill('0.37');
  // Draw a target of 16 points on a ring.
  await page.getByTestId('edit-target').click();
  await page.getByTestId('clear-cloud').click();
  await page.getByTestId('tool-point').click();
  for (let k = 0; k < 16; k++) {
    const [x, y] = await toPage(page, 2.5 * Math.cos((k * Math.PI) / 8), 2.5 * Math.sin((k * Math.PI) / 8));
    await page.mouse.click(x, y);
  }
  await expect(page.getByTestId('count-target')).toHaveText('16 pts');
  await page.locator('.settings summary').click();
  await page.getByTestId('set-steps').fill('30');
  await page.getByTestId('set-steps').press('Enter');
  // Train a little: the worker reports its weights with the first losses.
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(100);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  const trainedTo = await stepCount(page);
  const before = await fm(page, () => window.__fm!.sceneJson());
  expect(JSON.parse(before).target.origin).toEqual({ kind: 'drawn' });

  const expectRestored = async (what: string) => {
    await expect(page.getByTestId('lessons-open')).toBeVisible();
    await expect.poll(() => fm(page, () => window.__fm!.sceneJson()), { message: what }).toBe(before);
    await expect(page.getByTestId('count-target')).toHaveText('16 pts');
    await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
    await expect(page.getByTestId('tool-point')).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
    // The model continues from the kept weights, not from fresh ones.
    await expect.poll(() => stepCount(page)).toBeGreaterThan(0);
    expect(await stepCount(page)).toBeLessThanOrEqual(trainedTo);
    await expect.poll(async () => (await fm(page, () => window.__fm!.trajectories(1)))?.steps).toBe(30);
  };

  // Close from the middle of the lessons (after a step with a trained scene of its own).
  await page.getByTestId('lessons-open').click();
  await stepReady(page, 1, 'worked-example');
  for (const [n, id] of [[2, 'training-step'], [3, 'marginal'], [4, 'one-step']] as const) {
    await page.getByTestId('lesson-next').click();
    await stepReady(page, n, id);
  }
  expect(await fm(page, () => window.__fm!.sceneJson())).not.toBe(before);
  await page.getByTestId('lesson-close').click();
  await expectRestored('after closing at step 4');
  await screenshot(page, 'teaching-desktop-restored-after-lesson');

  // Finish at the last step.
  await page.getByTestId('lessons-open').click();
  await stepReady(page, 1, 'worked-example');
  for (let n = 2; n <= LESSON_IDS.length; n++) await page.getByTestId('lesson-next').click();
  await stepReady(page, LESSON_IDS.length, LESSON_IDS.at(-1)!);
  await page.getByTestId('lesson-finish').click();
  await expect(page.getByTestId('images-view')).toHaveCount(0);
  await expectRestored('after finishing');

  // A reload in the middle of a lesson reopens it at the same step; closing still brings the scene back.
  await page.getByTestId('lessons-open').click();
  await stepReady(page, 1, 'worked-example');
  for (const [n, id] of [[2, 'training-step'], [3, 'marginal']] as const) {
    await page.getByTestId('lesson-next').click();
    await stepReady(page, n, id);
  }
  await page.reload();
  await waitForBackend(page);
  await stepReady(page, 3, 'marginal');
  await page.getByTestId('lesson-close').click();
  await expectRestored('after a reload in the middle of the lessons');
});

test('the lesson steps that show a trained model open it with its weights: trained fit, one step collapses onto the mean', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('lessons-open').click();
  await stepReady(page, 1, 'worked-example');
  await page.getByTestId('lesson-next').click();
  await stepReady(page, 2, 'training-step');
  const ratios: Record<string, number> = {};
  for (const [n, id, steps] of [[3, 'marginal', 50], [4, 'one-step', 1], [5, 'many-steps', 50], [6, 'ode', 50]] as const) {
    await page.getByTestId('lesson-next').click();
    await stepReady(page, n, id);
    // Opened at the scene's 6,000 trained steps, not from fresh weights (which count up from 0), and
    // paused there, so the stage shows exactly the model the text describes.
    await expect.poll(() => stepCount(page), { message: id, timeout: 30_000 }).toBe(6000);
    await snapshotWith(page, steps, 6000);
    expect(await fm(page, () => window.__fm!.snapshotStep()), id).toBe(6000);
    await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
    expect(await stepCount(page), id).toBe(6000);
    const snap = await fm(page, () => ({ fit: Number(document.querySelector('[data-testid="fit-score"]')!.textContent), floor: Number(document.querySelector('[data-testid="fit-floor"]')!.textContent) }));
    ratios[id] = snap.fit / snap.floor;
    if (id === 'one-step') {
      // The text: one step lands every particle near the target's mean (0, 0); what the screen shows.
      expect(ratios[id], 'one step is far from the moons').toBeGreaterThan(4);
      const ends = await fm(page, () => window.__fm!.endPoints(1000));
      const near = ends.filter((p) => Math.hypot(p[0], p[1]) < 1).length / ends.length;
      console.log(`one Euler step: ${(100 * near).toFixed(1)}% of the ends within 1 of (0, 0); fit ${ratios[id].toFixed(1)}x floor`);
      expect(near).toBeGreaterThan(0.9);
    } else {
      expect(ratios[id], `${id}: trained fit`).toBeLessThan(2.5);
    }
  }
  console.log(`fit / floor per step: ${JSON.stringify(ratios)}`);
});

test('KaTeX is not in the first load: it is fetched when the first formula is shown', async ({ page }) => {
  const scripts: string[] = [];
  const styles: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
    if (r.resourceType() === 'stylesheet' || r.resourceType() === 'font') styles.push(r.url());
  });
  await page.goto('/');
  await waitForBackend(page);
  await expect(page.getByTestId('train-toggle')).toBeEnabled();
  expect(scripts.filter((u) => /Katex/i.test(u))).toEqual([]);
  expect(styles.filter((u) => /katex/i.test(u))).toEqual([]);
  const panel = page.getByTestId('explain-panel');
  await panel.locator('summary').click();
  await expect(panel.locator('.katex').first()).toBeVisible();
  expect(scripts.filter((u) => /Katex/i.test(u)).length).toBeGreaterThan(0);
  await expect(panel.locator('.math-loading')).toHaveCount(0);
});
