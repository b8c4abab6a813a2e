/** The foundation: presets, training in the worker, animated flow, fit score, messages. */
import { test, expect, stepCount, waitForBackend, screenshot } from './fixtures';
import type { Page } from '@playwright/test';

async function losses(page: Page): Promise<number[][]> {
  return page.evaluate(() => window.__fm!.losses());
}

async function fit(page: Page): Promise<{ fit: number; floor: number }> {
  return {
    fit: Number(await page.getByTestId('fit-score').textContent()),
    floor: Number(await page.getByTestId('fit-floor').textContent()),
  };
}

test('the default scene trains on the automatically chosen backend and the loss falls', async ({ page }) => {
  await page.goto('/');
  const backend = await waitForBackend(page);
  // No GPU here: the software WebGPU adapter must be passed over for wasm, and the UI says why.
  expect(backend).toBe('wasm');
  await expect(page.getByTestId('notice')).toContainText(/software fallback/);
  await expect(page.getByTestId('source-preset')).toHaveValue('gaussian');
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(600);
  const l = await losses(page);
  const mean = (xs: number[][]) => xs.reduce((a, p) => a + p[1], 0) / xs.length;
  expect(mean(l.slice(-5))).toBeLessThan(0.8 * mean(l.slice(0, 3)));
  expect(l.every((p) => Number.isFinite(p[1]))).toBe(true);
  await expect(page.getByTestId('loss-value')).not.toHaveText('–');
  // Pause stops the step counter; resume continues from the same step (no reset).
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(500);
  const paused = await stepCount(page);
  await page.waitForTimeout(1000);
  expect(await stepCount(page)).toBe(paused);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(paused + 20);
  // Reset returns to step 0 with fresh weights.
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('reset-model').click();
  await expect.poll(() => stepCount(page)).toBe(0);
});

// Time to fit on the default scene: the bench's figure is <= 5 s (median of 3 seeds, quiet machine);
// this is a guard at 6x that, so a slower recipe or a stalled trainer fails here too.
test('the default scene fits within 2x its noise floor well within 30 s of Train', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const started = Date.now();
  await page.getByTestId('train-toggle').click();
  await expect
    .poll(async () => {
      const f = await fit(page);
      return f.floor > 0 ? f.fit / f.floor : Infinity;
    }, { timeout: 30_000, intervals: [250] })
    .toBeLessThan(2);
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('gaussian -> moons reaches a fit score within 3x its noise floor', async ({ page }) => {
  await page.goto('/?source=gaussian&target=moons&seed=1');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect
    .poll(async () => {
      const f = await fit(page);
      return f.fit / f.floor;
    }, { timeout: 100_000, intervals: [2000] })
    .toBeLessThan(3);
  const f = await fit(page);
  expect(f.floor).toBeGreaterThan(0.01);
  expect(f.floor).toBeLessThan(0.3);
  await page.waitForTimeout(1000);
  await screenshot(page, 'foundation-desktop-trained');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(1000);
  await screenshot(page, 'foundation-phone-trained');
});

test('scrubbing the time slider moves every particle along its trajectory', async ({ page }) => {
  await page.goto('/?source=gaussian:0,-3,0.5&target=gaussian:0,3,0.5&particles=500');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(300);
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  const slider = page.getByTestId('time-slider');
  await expect(slider).toHaveAttribute('type', 'range');
  await expect(slider).toHaveAttribute('min', '0');
  await expect(slider).toHaveAttribute('max', '1');
  // Wait for the snapshot of the paused model, then scrub.
  await page.waitForTimeout(1500);
  const meanY = (pts: number[][]) => pts.reduce((a, p) => a + p[1], 0) / pts.length;
  await slider.fill('0');
  await expect.poll(() => page.evaluate(() => window.__fm!.t())).toBe(0);
  const at0 = await page.evaluate(() => window.__fm!.particles(200));
  await slider.fill('0.5');
  const atHalf = await page.evaluate(() => window.__fm!.particles(200));
  await slider.fill('1');
  const at1 = await page.evaluate(() => window.__fm!.particles(200));
  expect(meanY(at0)).toBeCloseTo(-3, 0);
  expect(Math.abs(meanY(atHalf))).toBeLessThan(0.6);
  expect(meanY(at1)).toBeGreaterThan(2.4);
  // Every particle moved, and the stage drew them all.
  for (let i = 0; i < at0.length; i++) expect(Math.hypot(at1[i][0] - at0[i][0], at1[i][1] - at0[i][1])).toBeGreaterThan(3);
  expect(await page.evaluate(() => window.__fm!.drawnParticles())).toBe(500);
  // Play animates t by itself.
  await page.getByTestId('play-toggle').click();
  const t1 = await page.evaluate(() => window.__fm!.t());
  await page.waitForTimeout(400);
  expect(await page.evaluate(() => window.__fm!.t())).not.toBe(t1);
});

test('a forced WebGPU run trains a few steps on the software adapter: finite, falling, and agreeing with wasm', async ({ page }) => {
  // Tiny sizes: SwiftShader is slow. Two point masses: the loss must fall from about 18 towards 0.
  const scene = 'source=gaussian:0,-3,0&target=gaussian:3,0,0&width=16&layers=2&batch=64&particles=100&steps=10&lr=0.01&seed=3';
  const run = async (backend: string) => {
    await page.goto(`/?backend=${backend}&${scene}`);
    expect(await waitForBackend(page)).toBe(backend);
    await page.getByTestId('train-toggle').click();
    await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(60);
    await page.getByTestId('train-toggle').click();
    return losses(page);
  };
  const gpu = await run('webgpu');
  await expect(page.getByTestId('backend')).toContainText('forced');
  expect(gpu.length).toBeGreaterThanOrEqual(3);
  expect(gpu.every((p) => Number.isFinite(p[1]))).toBe(true);
  expect(gpu[gpu.length - 1][1]).toBeLessThan(0.5 * gpu[0][1]);
  const cpu = await run('wasm');
  // Same seed, same batches, same weights: the loss at step 10 agrees across backends.
  const at10 = (l: number[][]) => l.find((p) => p[0] === 10)![1];
  expect(Math.abs(at10(gpu) - at10(cpu))).toBeLessThan(0.02 * at10(cpu) + 1e-3);
});

// A guard at a loose bound (the brief: figures are floors for the bench, not timed tests). wasm fills
// both cores of a 2-core machine, so the OS now and then preempts the page for tens of ms.
test('the UI thread has no long task over 200 ms while training and animating', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __long: number[] }).__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { __long: number[] }).__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  await waitForBackend(page);
  await page.waitForTimeout(1000);
  await page.evaluate(() => ((window as unknown as { __long: number[] }).__long.length = 0));
  await page.getByTestId('train-toggle').click();
  const frames0 = await page.evaluate(() => window.__fm!.frames());
  await page.waitForTimeout(8000);
  const frames1 = await page.evaluate(() => window.__fm!.frames());
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  expect(frames1 - frames0).toBeGreaterThan(100);
  expect(long.filter((d) => d > 200)).toEqual([]);
});

test('an unknown preset in the link is refused with a message and the default is kept', async ({ page }) => {
  await page.goto('/?source=bananas&target=rings');
  await waitForBackend(page);
  await expect(page.getByTestId('notice')).toContainText('unknown preset "bananas"');
  await expect(page.getByTestId('source-preset')).toHaveValue('gaussian');
  await expect(page.getByTestId('target-preset')).toHaveValue('rings');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(50);
});

test('a bad Gaussian typed in the panel is refused and the cloud is kept', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const field = page.getByTestId('source-gaussian');
  await field.fill('0,0');
  await field.press('Enter');
  await expect(page.getByTestId('notice')).toContainText('three numbers');
  await expect(page.getByTestId('count-source')).toHaveText('2,000 pts');
  await field.fill('1,-2,0.5');
  await field.press('Enter');
  await expect(page.getByTestId('notice')).toBeVisible();
  const centre = await page.evaluate(() => {
    const s = window.__fm!.renderer as unknown as { source: Float32Array };
    let x = 0;
    let y = 0;
    for (let i = 0; i < s.source.length; i += 2) {
      x += s.source[i];
      y += s.source[i + 1];
    }
    return [x / (s.source.length / 2), y / (s.source.length / 2)];
  });
  expect(centre[0]).toBeCloseTo(1, 0);
  expect(centre[1]).toBeCloseTo(-2, 0);
});
