/** Faults, bad states and long sessions: nothing dies, freezes or loses the user's work. */
import { test, expect, stepCount, waitForBackend } from './fixtures';
import type { Page } from '@playwright/test';

const cloudOf = (page: Page, side: 'source' | 'target') =>
  page.evaluate((s) => Array.from((window.__fm!.renderer as unknown as Record<string, Float32Array>)[s]), side);

test('a diverging run (learning rate 10) stops, says so, and restores the last good weights', async ({ page }) => {
  await page.goto('/?lr=0.002');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(300);
  // Wait until the worker has kept a good copy, then push the learning rate to 10.
  await page.waitForTimeout(2500);
  await page.locator('.settings summary').click();
  await page.getByTestId('set-lr').fill('10');
  await page.getByTestId('set-lr').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('Training diverged', { timeout: 90_000 });
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  const stopped = await stepCount(page);
  await page.waitForTimeout(800);
  expect(await stepCount(page)).toBe(stopped);
  // Lower the rate again, restore, and train on: the loss is finite.
  await page.getByTestId('set-lr').fill('0.002');
  await page.getByTestId('set-lr').press('Enter');
  await page.getByRole('button', { name: /Restore step/ }).click();
  await expect(page.getByTestId('notice')).toContainText('Restored the weights from step');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => page.evaluate(() => window.__fm!.losses().length), { timeout: 30_000 }).toBeGreaterThan(3);
  const l = await page.evaluate(() => window.__fm!.losses());
  expect(l.every((p) => Number.isFinite(p[1]))).toBe(true);
  expect(l[l.length - 1][1]).toBeLessThan(10);
});

for (const kind of ['throw', 'close'] as const) {
  test(`a worker that ${kind === 'throw' ? 'crashes' : 'is closed'} is replaced within a second, with the clouds and the weights`, async ({ page }) => {
    await page.goto('/?source=gaussian:-3,0,0.5&target=gaussian:3,0,0.5');
    await waitForBackend(page);
    // Draw on the target so there is user work to lose.
    await page.getByTestId('edit-target').click();
    await page.getByTestId('tool-point').click();
    const box = (await page.getByTestId('stage').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
    const target = await cloudOf(page, 'target');
    await page.getByTestId('train-toggle').click();
    await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(200);
    await page.waitForTimeout(2500); // a good copy of the weights reaches the UI every 2 s
    const before = await stepCount(page);
    // Measured in the page: from the fault to the notice on screen.
    const noticedMs = await page.evaluate(async (k) => {
      const t0 = performance.now();
      window.__fm!.fault(k);
      const shown = () => document.querySelector('[data-testid=notice]')?.textContent?.includes('The training worker stopped');
      while (!shown() && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
      return performance.now() - t0;
    }, kind);
    expect(noticedMs).toBeLessThan(1000);
    await expect(page.getByTestId('notice')).toContainText(/weights of step \d+/, { timeout: 30_000 });
    const savedStep = Number((await page.getByTestId('notice').textContent())!.match(/weights of step (\d+)/)![1]);
    expect(savedStep).toBeGreaterThan(100);
    expect(savedStep).toBeLessThanOrEqual(before + 300);
    await waitForBackend(page);
    // The new worker continued from the saved weights (not step 0) and keeps training.
    await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(savedStep);
    const resumed = await stepCount(page);
    await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(resumed + 20);
    expect(await cloudOf(page, 'target')).toEqual(target);
    // The flow still carries the source onto the (kept) target.
    await expect
      .poll(async () => (await page.evaluate(() => window.__fm!.endPoints(200))).reduce((a, p) => a + p[0], 0) / 200, { timeout: 30_000 })
      .toBeGreaterThan(2);
  });
}

test('a lost WebGPU device falls back to another backend and continues from the last good weights', async ({ page }) => {
  await page.goto('/?backend=webgpu&width=16&layers=2&batch=64&particles=100&steps=10&lr=0.01&source=gaussian:0,-3,0&target=gaussian:3,0,0');
  expect(await waitForBackend(page)).toBe('webgpu');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 90_000 }).toBeGreaterThan(40);
  await page.waitForTimeout(2500);
  await page.evaluate(() => window.__fm!.fault('deviceLost'));
  await expect(page.getByTestId('notice')).toContainText('The GPU device was lost', { timeout: 30_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('notice')).toContainText(/continues from step \d+/);
  const after = await stepCount(page);
  expect(after).toBeGreaterThan(0);
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(after + 50);
});

test('long sessions keep memory steady: 5,000 steps and 2,000 frames', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/?width=64&batch=256&particles=1000');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(500);
  await expect.poll(() => page.evaluate(() => window.__fm!.workerMemory()), { timeout: 10_000 }).not.toBeNull();
  const heap = () => page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  const m0 = (await page.evaluate(() => window.__fm!.workerMemory()))!;
  const f0 = await page.evaluate(() => window.__fm!.frames());
  const h0 = await heap();
  const s0 = await stepCount(page);
  await expect.poll(() => stepCount(page), { timeout: 240_000, intervals: [2000] }).toBeGreaterThan(s0 + 5000);
  // Frames come at ~15-30 a second while wasm training fills both cores of a 2-core machine.
  await expect.poll(() => page.evaluate(() => window.__fm!.frames()), { timeout: 150_000, intervals: [2000] }).toBeGreaterThan(f0 + 2000);
  await page.waitForTimeout(2500);
  const m1 = (await page.evaluate(() => window.__fm!.workerMemory()))!;
  expect(m1.numTensors).toBe(m0.numTensors);
  expect(m1.numBytes).toBe(m0.numBytes);
  const h1 = await heap();
  // The page's JS heap may breathe with garbage collection, but must not grow with steps or frames.
  expect(h1).toBeLessThan(h0 * 1.5 + 10e6);
});

test('hidden tab pauses training; shown again it resumes; resizing and rotating keep the state', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(100);
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { value: h, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.waitForTimeout(800);
  const paused = await stepCount(page);
  await page.waitForTimeout(1500);
  expect(await stepCount(page)).toBe(paused);
  await setHidden(false);
  await expect.poll(() => stepCount(page)).toBeGreaterThan(paused + 20);
  const target = await cloudOf(page, 'target');
  for (const size of [{ width: 390, height: 844 }, { width: 844, height: 390 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    const box = (await page.getByTestId('stage').boundingBox())!;
    expect(box.width).toBeGreaterThan(150);
    expect(Math.abs(box.width - box.height)).toBeLessThan(2);
  }
  expect(await cloudOf(page, 'target')).toEqual(target);
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'true');
  expect(await stepCount(page)).toBeGreaterThan(paused + 20);
});

test('the built app runs under its Content-Security-Policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/');
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' blob:");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(await waitForBackend(page)).toBe('wasm');
  await expect(page.getByTestId('backend')).toContainText('threads');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(50);
  expect(violations).toEqual([]);
});
