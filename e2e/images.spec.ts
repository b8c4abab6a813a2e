/**
 * The Images view (issue 16): it opens by its tab and by ?view=images (a reload keeps it), a small net
 * trains (losses arrive), the grid's pixels at t = 0 differ from t = 1, the digit picker and the
 * guidance slider change the samples, a drawing made on the pad survives a reload, and an imported
 * PNG shows up. Screenshots at 1280x800, 390x844 and 1920x1080 in presenter mode, to look at.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, test, waitForBackend } from './fixtures';

/** A small net, so a test trains in seconds on a CPU. */
async function smallNet(page: Page): Promise<void> {
  await page.evaluate(() => window.__fmImages!.configure({ hiddenLayers: 1, width: 64, batchSize: 64, learningRate: 3e-3 }));
  await expect(page.getByTestId('images-width')).toHaveValue('64');
}

const pixels = (page: Page, i: number, t: number): Promise<number[]> => page.evaluate(([i, t]) => window.__fmImages!.pixels(i, t), [i, t] as const);
const meanAbsDiff = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
const gridImage = (page: Page): Promise<string> => page.getByTestId('images-grid').evaluate((c: HTMLCanvasElement) => c.toDataURL());

/** Wait until the worker has drawn a picture after the current one (a new sampling or more training). */
async function nextSnapshot(page: Page, before: () => Promise<void>): Promise<void> {
  const marker = await page.evaluate(() => window.__fmImages!.snapshots());
  await before();
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshots()), { timeout: 30_000 }).toBeGreaterThan(marker);
}

async function setSlider(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).evaluate((el: HTMLInputElement, v) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(el, String(v));
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

test('the Images view opens by tab and URL, trains, and its samples follow t, the digit and the guidance', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('view-images').click();
  await expect(page.getByTestId('images-view')).toBeVisible();
  await expect(page.getByTestId('view-images')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/view=images/);
  await expect(page.getByTestId('stage')).toHaveCount(0);
  // A reload keeps the view.
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('images-view')).toBeVisible();
  await expect(page.getByTestId('images-data-info')).toContainText('training images');

  await smallNet(page);
  await page.getByTestId('images-train').click();
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => page.evaluate(() => window.__fmImages!.losses()), { timeout: 60_000 }).toBeGreaterThan(20);
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep() ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(async () => Number(await page.getByTestId('images-loss-chart').getAttribute('data-points'))).toBeGreaterThan(20);
  // The fit and the strip arrive while training.
  await expect(page.getByTestId('images-sw2')).not.toHaveText('–', { timeout: 60_000 });
  await expect(page.getByTestId('images-steps').locator('canvas')).toHaveCount(5);
  await expect(page.getByTestId('images-nearest').locator('canvas')).toHaveCount(8);
  await expect(page.getByTestId('images-nn-reading')).toContainText(/generates|copies|held-out|Not yet/);

  // Pause: the picture of the final weights comes.
  await page.getByTestId('images-train').click();
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'false');
  // (A chunk already in flight may still add steps: the last picture is of the final step.)
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep() === window.__fmImages!.step())).toBe(true);
  expect(await page.evaluate(() => window.__fmImages!.step())).toBeGreaterThan(0);

  // t = 0 is noise, t = 1 the samples: the grid's pixels differ, and so does the drawn canvas.
  const at0 = await pixels(page, 0, 0);
  const at1 = await pixels(page, 0, 1);
  expect(meanAbsDiff(at0, at1)).toBeGreaterThan(0.1);
  await page.getByTestId('play-toggle').evaluate((b: HTMLButtonElement) => b.getAttribute('aria-pressed') === 'true' && b.click());
  await setSlider(page, 'time-slider', 0);
  await page.waitForTimeout(150);
  const grid0 = await gridImage(page);
  await setSlider(page, 'time-slider', 1);
  await expect.poll(() => gridImage(page)).not.toBe(grid0);

  // The digit picker: every cell asks for a 3; the samples change.
  const before = await pixels(page, 0, 1);
  await nextSnapshot(page, () => page.getByTestId('images-digit-3').click());
  await expect.poll(() => page.evaluate(() => window.__fmImages!.classes()[0])).toBe(3);
  const three = await pixels(page, 0, 1);
  expect(meanAbsDiff(before, three)).toBeGreaterThan(0.01);
  // The guidance slider: w = 4 pushes harder toward the 3.
  await nextSnapshot(page, () => setSlider(page, 'images-guidance', 4));
  await expect(page.getByTestId('images-guidance-value')).toHaveText('4.0');
  const guided = await pixels(page, 0, 1);
  expect(meanAbsDiff(three, guided)).toBeGreaterThan(0.01);

  await screenshot(page, 'images-1280x800');
  await page.screenshot({ path: 'screenshots/images-1280x800-full.png', fullPage: true });

  // T trains and pauses the image model here (not the playground's hidden one).
  await page.keyboard.press('t');
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('t');
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'false');
  // Conditioning off: a plain net (no digit picker); the switch stays usable to turn it on again.
  await page.getByTestId('images-conditional').uncheck();
  await expect(page.getByTestId('images-digit-3')).toHaveCount(0);
  await expect(page.getByTestId('images-conditional')).toBeEnabled();
  await page.getByTestId('images-conditional').check();
  await expect(page.getByTestId('images-digit-3')).toBeVisible();
  // Back to the playground by its tab: the URL drops the view.
  await page.getByTestId('view-playground').click();
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page).not.toHaveURL(/view=images/);
});

test('a drawing on the pad survives a reload, and an imported PNG shows up', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.getByTestId('images-data').selectOption('drawings');
  await expect(page.getByTestId('images-problem')).toContainText('draw a few images');
  // Draw a "1": one vertical stroke.
  const pad = (await page.getByTestId('draw-pad').boundingBox())!;
  await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.2);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * (0.2 + 0.06 * k));
  await page.mouse.up();
  await page.getByTestId('draw-label').selectOption('1');
  await page.getByTestId('draw-add').click();
  await expect(page.getByTestId('drawing-count')).toContainText('1 drawing,');
  await expect(page.getByTestId('drawings').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('images-problem')).toHaveCount(0);
  // The model starts on the drawings (augmented by shifts).
  await expect(page.getByTestId('images-data-info')).toContainText('230 training images');

  await page.reload();
  await waitForBackend(page);
  await page.getByTestId('images-data').selectOption('drawings');
  await expect(page.getByTestId('drawing-count')).toContainText('1 drawing,');
  // The stroke came back: a bright column in the middle of the saved drawing.
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('fm-images-user-v1')!).drawings[0]);
  expect(saved.label).toBe(1);

  // Import a PNG: dark ink on a light background, made by the page's own canvas.
  await page.getByTestId('images-data').selectOption('imported');
  const png = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 64;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 64, 64);
    ctx.fillStyle = '#000';
    ctx.fillRect(28, 8, 8, 48);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await page.getByTestId('images-import').setInputFiles({ name: 'bar.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(page.getByTestId('imported-count')).toContainText('1 imported picture');
  await expect(page.getByTestId('imported').locator('canvas')).toHaveCount(1);
  // Light background: the ink (the bar) became the bright side.
  const imported = await page.evaluate(() => window.__fmImages!.imported(0));
  expect(imported[8 * 16 + 8]).toBeGreaterThan(0.5);
  expect(imported[8 * 16 + 1]).toBeLessThan(-0.5);
  await expect(page.getByTestId('images-data-info')).toContainText('1 training image,');
});

test.describe('screenshots', () => {
  test('phone 390x844', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?view=images');
    await waitForBackend(page);
    await smallNet(page);
    await page.getByTestId('images-train').click();
    await expect.poll(() => page.evaluate(() => window.__fmImages!.fitStep() ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('images-train').click();
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'images-390x844');
    await page.screenshot({ path: 'screenshots/images-390x844-full.png', fullPage: true });
  });

  test('presenter 1920x1080', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?view=images');
    await waitForBackend(page);
    await smallNet(page);
    await page.getByTestId('images-train').click();
    await expect.poll(() => page.evaluate(() => window.__fmImages!.fitStep() ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('images-train').click();
    await screenshot(page, 'images-1920x1080');
    await page.getByTestId('presenter-toggle').click();
    await expect(page.locator('html')).toHaveClass(/presenter/);
    await expect(page.getByTestId('view-images')).toBeVisible();
    await expect(page.getByTestId('images-grid')).toBeVisible();
    await screenshot(page, 'images-1920x1080-presenter');
  });
});
