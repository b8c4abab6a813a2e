/** The stage from the keyboard: a probe cursor on the arrow keys, Enter drops a probe, Escape clears. */
import { expect, screenshot, test, waitForBackend } from './fixtures';

test.describe.configure({ timeout: 240_000 });

test('the stage is focusable; arrows move a probe cursor (not t), Enter drops a probe, Escape clears; Space still plays', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const stage = page.getByTestId('stage');
  await expect(stage).toHaveAttribute('tabindex', '0');
  await expect(stage).toHaveAttribute('aria-label', /arrow keys move a probe cursor/);
  // Reach it from the keyboard: Tab until the stage has focus.
  for (let i = 0; i < 40 && !(await stage.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(stage).toBeFocused();
  const cursor = () => page.evaluate(() => window.__fm!.renderer.overlay.cursor && [window.__fm!.renderer.overlay.cursor.x, window.__fm!.renderer.overlay.cursor.y]);
  // Focus from the keyboard shows the cursor at the centre.
  await expect.poll(cursor).toEqual([0, 0]);
  // Space still plays and pauses with the stage focused.
  const playing = await page.getByTestId('play-toggle').getAttribute('aria-pressed');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-toggle')).not.toHaveAttribute('aria-pressed', playing!);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', playing!);
  // A still picture at t = 0.5 (the slider pauses the animation), then back to the stage.
  await page.getByTestId('time-slider').fill('0.5');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  await stage.focus();
  const t0 = await page.evaluate(() => window.__fm!.t());
  expect(t0).toBeCloseTo(0.5, 6);
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(cursor).toEqual([1, 0.5]);
  // The page's ←/→ (step t) did not fire while the stage had focus.
  expect(await page.evaluate(() => window.__fm!.t())).toBe(t0);
  // The velocity under the cursor reads out as under a pointer.
  await expect(page.getByTestId('hover-velocity')).toHaveAttribute('data-x', '1');
  await expect(page.getByTestId('hover-velocity')).toHaveAttribute('data-y', '0.5');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('probe-readout')).toBeVisible();
  const probes = await page.evaluate(() => window.__fm!.probes());
  expect(probes).toHaveLength(1);
  expect([probes[0].x, probes[0].y, probes[0].t]).toEqual([1, 0.5, t0]);
  await page.waitForTimeout(200);
  await screenshot(page, 'stage-keyboard-probe');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('probe-readout')).toHaveCount(0);
  await expect.poll(cursor).toBeNull();
  // Off the stage, the arrows step t again.
  await page.getByTestId('play-toggle').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => window.__fm!.t())).toBeCloseTo(t0 + 0.02, 6);
});
