/**
 * Presentation: presenter mode readable from the back of a room at 1920x1080, the move tool's box
 * only while it is in use (and never in a picture), a toolbar that never moves the stage, reduced
 * motion, and the light theme.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { test, expect, waitForBackend, screenshot } from './fixtures';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const d = download as Download;
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

async function openScenePanel(page: Page): Promise<void> {
  const panel = page.getByTestId('scene-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').dispatchEvent('click');
  await expect(page.getByTestId('export-png')).toBeVisible();
}

/** Every visible element that shows text (its own text nodes, or a form control's value), with its computed type size. */
function textSizes(page: Page): Promise<{ what: string; px: number }[]> {
  return page.evaluate(() => {
    const out: { what: string; px: number }[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      // KaTeX sets its own scripts relative to the formula's size; the formula itself is checked.
      if (el.closest('.katex') && !el.classList.contains('katex')) continue;
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const control = el.matches('select, textarea, input:not([type=range]):not([type=checkbox]):not([type=file]):not([type=radio])');
      if (!ownText && !control) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const what = `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ').join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      out.push({ what, px: parseFloat(getComputedStyle(el).fontSize) });
    }
    return out;
  });
}

const pageBox = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const r = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  }, testId);

test.describe('presenter mode at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the stage fills the height, every text is at least 24 px, the controls are in reach, notices fade, A−/A+ persists', async ({ page }) => {
    test.setTimeout(300_000); // two page loads and a lesson on a shared 2-core machine
    // A bad link value gives a notice to watch fade.
    await page.goto('/?layers=9');
    await waitForBackend(page);
    await page.getByTestId('lessons-open').click();
    await expect(page.getByTestId('lesson')).toBeVisible();
    const notice = page.locator('.notice').first();
    await expect(notice).toBeVisible();
    await page.getByTestId('presenter-toggle').click();
    await expect(page.locator('html')).toHaveClass(/presenter/);
    // It fades a few seconds after presenter mode starts (a slow machine may already have faded it).
    const fadeDelay = await notice.evaluate((el) => el.getAnimations().map((a) => Number((a.effect as KeyframeEffect).getTiming().delay)));
    expect(fadeDelay.length).toBe(1);
    expect(fadeDelay[0]).toBeGreaterThanOrEqual(3000);
    expect(fadeDelay[0]).toBeLessThanOrEqual(10_000);
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await page.waitForTimeout(800);
    await screenshot(page, 'presentation-1920-presenter');
    // The lesson's title and its Back / Next are on screen, and Back / Next do not cover the title.
    const title = (await page.getByTestId('lesson-title').boundingBox())!;
    const next = (await page.getByTestId('lesson-next').boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(0);
    expect(next.y + next.height).toBeLessThanOrEqual(1080);
    expect(next.y).toBeGreaterThanOrEqual(title.y + title.height);

    const stage = (await page.getByTestId('stage').boundingBox())!;
    expect(stage.height).toBeGreaterThanOrEqual(0.85 * 1080);
    expect(stage.y + stage.height).toBeLessThanOrEqual(1080);

    const sizes = await textSizes(page);
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes.filter((s) => s.px < 24)).toEqual([]);
    // The stage's own text: axis ticks (SVG) are in the walk above; the stop labels are canvas text.
    expect(await page.locator('.axes text').count()).toBeGreaterThan(5);
    await expect.poll(() => page.evaluate(() => window.__fm!.canvasFontPx())).toBeGreaterThanOrEqual(24);

    // Train, Reset, Play and the slider sit in the upper half, not at the bottom edge.
    for (const id of ['train-toggle', 'reset-model', 'play-toggle', 'time-slider']) {
      const b = (await page.getByTestId(id).boundingBox())!;
      expect(b.y + b.height, id).toBeLessThan(0.5 * 1080);
    }

    // Notices fade after a few seconds in presenter mode.
    await expect.poll(() => notice.evaluate((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true })), { timeout: 15_000 }).toBe(false);

    // A+ makes the type larger, and the choice survives a reload; A− brings it back.
    const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await rootPx()).toBe(24);
    await expect(page.getByTestId('font-smaller')).toBeDisabled();
    await page.getByTestId('font-larger').click();
    expect(await rootPx()).toBe(28);
    await expect.poll(() => page.evaluate(() => window.__fm!.canvasFontPx())).toBe(28);
    await page.reload();
    await waitForBackend(page);
    await page.getByTestId('presenter-toggle').click();
    await expect(page.locator('html')).toHaveClass(/presenter/);
    expect(await rootPx()).toBe(28);
    await page.getByTestId('lessons-open').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'presentation-1920-presenter-28px');
    expect((await textSizes(page)).filter((s) => s.px < 28)).toEqual([]);
    await page.getByTestId('font-smaller').click();
    expect(await rootPx()).toBe(24);
  });
});

test("the move tool's box shows only while Move is in use; the PNG is 2x the stage, without it", async ({ page }) => {
  test.setTimeout(300_000); // two picture exports on a shared 2-core machine
  await page.goto('/');
  await waitForBackend(page);
  await expect.poll(() => page.evaluate(() => window.__fm!.snapshotStep())).not.toBeNull();
  const handles = () => page.evaluate(() => window.__fm!.renderer.overlay.handles);
  // First load: the Move tool is selected, but its box is not drawn.
  await expect(page.getByTestId('tool-move')).toHaveAttribute('aria-checked', 'true');
  expect(await handles()).toBeNull();
  await page.getByTestId('tool-move').click();
  expect(await handles()).not.toBeNull();
  // Hiding the clouds hides the box.
  await page.getByTestId('layer-clouds').click();
  expect(await handles()).toBeNull();
  await page.getByTestId('layer-clouds').click();
  expect(await handles()).not.toBeNull();

  // Hold the picture still: paused at t = 0.5.
  if ((await page.getByTestId('play-toggle').getAttribute('aria-pressed')) === 'true') await page.getByTestId('play-toggle').click();
  await page.getByTestId('time-slider').fill('0.5');
  await page.mouse.move(1, 1);
  await openScenePanel(page);
  const size = await page.evaluate(() => window.__fm!.renderer.geometry.size);
  const withBox = await downloaded(page, () => page.getByTestId('export-png').click());
  expect(withBox.name).toBe('stage.png');
  expect([withBox.bytes.readUInt32BE(16), withBox.bytes.readUInt32BE(20)]).toEqual([2 * size, 2 * size]);
  await page.getByTestId('tool-brush').click();
  await page.mouse.move(1, 1);
  expect(await handles()).toBeNull();
  const without = await downloaded(page, () => page.getByTestId('export-png').click());
  // The same picture whether the box shows on the stage or not: it is never in the export.
  expect(without.bytes.equals(withBox.bytes)).toBe(true);
  mkdirSync('screenshots', { recursive: true });
  writeFileSync('screenshots/presentation-export.png', without.bytes);

  // A lesson sets the Move tool without its box.
  await page.getByTestId('tool-move').click();
  expect(await handles()).not.toBeNull();
  await page.getByTestId('lessons-open').click();
  await expect(page.getByTestId('lesson')).toBeVisible();
  await expect(page.getByTestId('tool-move')).toHaveAttribute('aria-checked', 'true');
  expect(await handles()).toBeNull();
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`picking a tool or a cloud never moves the stage (${viewport.width}x${viewport.height})`, async ({ page }) => {
    test.setTimeout(300_000); // nine clicks with layout checks on a shared 2-core machine
    await page.setViewportSize(viewport);
    await page.goto('/');
    await waitForBackend(page);
    const before = await pageBox(page, 'stage');
    expect(before.width).toBeGreaterThan(200);
    for (const id of ['tool-brush', 'tool-erase', 'tool-point', 'tool-probe', 'tool-move', 'edit-source', 'tool-brush', 'edit-target', 'tool-erase']) {
      await page.getByTestId(id).click();
      await expect(page.getByTestId(id)).toHaveAttribute('aria-checked', 'true');
      expect(await pageBox(page, 'stage'), id).toEqual(before);
    }
    await page.getByTestId('tool-brush').click();
    await screenshot(page, `presentation-toolbar-brush-${viewport.width}`);
  });
}

test('prefers-reduced-motion: the animation waits for Play, and Play still plays', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await waitForBackend(page);
  await expect.poll(() => page.evaluate(() => window.__fm!.snapshotStep())).not.toBeNull();
  const play = page.getByTestId('play-toggle');
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => window.__fm!.t())).toBe(0);
  // A lesson does not start the animation either.
  await page.getByTestId('lessons-open').click();
  await expect(page.getByTestId('lesson')).toBeVisible();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  const t0 = await page.evaluate(() => window.__fm!.t());
  await expect.poll(() => page.evaluate(() => window.__fm!.t())).not.toBe(t0);
});

test('the light theme follows prefers-color-scheme; the toggle switches it and is kept; pictures use it', async ({ page }) => {
  test.setTimeout(300_000); // two page loads on a shared 2-core machine
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForBackend(page);
  await expect.poll(() => page.evaluate(() => window.__fm!.snapshotStep()), { timeout: 90_000 }).not.toBeNull(); // busy machines are slow to the first snapshot
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const stagePixel = () =>
    page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="stage"] canvas')!;
      return Array.from(c.getContext('2d')!.getImageData(2, 2, 1, 1).data.slice(0, 3));
    });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(238, 242, 247)');
  expect(await stagePixel()).toEqual([255, 255, 255]);
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.waitForTimeout(500);
  await screenshot(page, 'presentation-light-1280');
  // The PNG is drawn in the light theme.
  await openScenePanel(page);
  const png = await downloaded(page, () => page.getByTestId('export-png').click());
  const corner = await page.evaluate(
    (b64) =>
      new Promise<number[]>((resolve, reject) => {
        const img = new Image();
        img.onload = () => {
          const c = document.createElement('canvas');
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const ctx = c.getContext('2d')!;
          ctx.drawImage(img, 0, 0);
          resolve(Array.from(ctx.getImageData(3, 3, 1, 1).data.slice(0, 3)));
        };
        img.onerror = () => reject(new Error('PNG did not decode'));
        img.src = `data:image/png;base64,${b64}`;
      }),
    png.bytes.toString('base64'),
  );
  expect(corner).toEqual([255, 255, 255]);

  // The toggle switches to dark, and the choice outlives a reload (over the system's light).
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(7, 11, 22)');
  expect(await stagePixel()).toEqual([11, 16, 32]);
  await page.reload();
  await waitForBackend(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(500);
  await screenshot(page, 'presentation-dark-1280');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
