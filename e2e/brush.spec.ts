/** A long brush stroke stays smooth, and training starts at once afterwards and follows later edits. */
import type { Page } from '@playwright/test';
import { test, expect, stepCount, waitForBackend, toPage } from './fixtures';

// Timed tests: a trace (screenshots of every action) would load the CPU they measure.
test.use({ trace: 'off' });

const MOVES = 120;

/**
 * A pointer gesture through page points: down at the first, one move per animation frame, up at the
 * last; dispatched in the page (a round trip per move through the test driver cannot keep a frame's
 * pace on a busy machine). Returns the long tasks that overlapped it.
 */
async function gesture(page: Page, points: [number, number][]): Promise<{ strokeStart: number; strokeEnd: number; long: number[] }> {
  return page.evaluate(async (pts) => {
    const fire = (type: string, [x, y]: [number, number]) =>
      document
        .elementFromPoint(x, y)!
        .dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true }));
    const frame = () => new Promise((res) => requestAnimationFrame(res));
    const strokeStart = performance.now();
    fire('pointerdown', pts[0]);
    for (let i = 1; i < pts.length; i++) {
      await frame();
      fire('pointermove', pts[i]);
    }
    fire('pointerup', pts[pts.length - 1]);
    const strokeEnd = performance.now();
    await new Promise((res) => setTimeout(res, 200)); // long tasks are reported after they end
    const long = ((window as unknown as { __long?: { start: number; duration: number }[] }).__long ?? [])
      .filter((e) => e.start + e.duration >= strokeStart && e.start <= strokeEnd)
      .map((e) => Math.round(e.duration));
    return { strokeStart, strokeEnd, long };
  }, points);
}

test('a 120-move brush stroke has no long task, then Train starts at once and the particles follow the moved source', async ({ page }) => {
  test.setTimeout(240_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __long: { start: number; duration: number }[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/?source=gaussian:-3,0,0.5');
  await waitForBackend(page);
  await page.getByTestId('edit-target').click();
  await page.getByTestId('tool-brush').click();
  // A ring of radius 2.5 around (2, 0): 120 pointer moves, one per animation frame as a hand makes them.
  const [cx, cy] = await toPage(page, 2, 0);
  const [rx] = await toPage(page, 4.5, 0);
  const ring = Array.from({ length: MOVES + 1 }, (_, i): [number, number] => [cx + (rx - cx) * Math.cos((2 * Math.PI * i) / MOVES), cy + (rx - cx) * Math.sin((2 * Math.PI * i) / MOVES)]);
  const { strokeStart, strokeEnd, long } = await gesture(page, ring);
  console.log(`stroke ${Math.round(strokeEnd - strokeStart)} ms, long tasks during it: ${JSON.stringify(long)}`);
  // The 50 ms goal is measured in the bench (BENCH_ONLY=brush) on a quiet machine; here a guard that
  // the old per-move full redraw and per-move worker message (tasks of ~350 ms) fail, and a loaded CI
  // machine passes.
  expect(long.filter((d) => d > 200), 'long tasks over 200 ms during the stroke').toEqual([]);
  await expect.poll(async () => Number((await page.getByTestId('count-target').textContent())!.replace(/[^0-9]/g, ''))).toBeGreaterThan(2000 + MOVES * 6);

  // Train right after the stroke: the step counter moves within a couple of seconds (timed in the page).
  const firstStepMs = await page.evaluate(async () => {
    const steps = () => Number(document.querySelector('[data-testid=step-counter]')!.textContent!.replace(/,/g, ''));
    const t0 = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid=train-toggle]')!.click();
    while (steps() === 0) {
      if (performance.now() - t0 > 20_000) return Infinity;
      await new Promise((res) => setTimeout(res, 20));
    }
    return performance.now() - t0;
  });
  console.log(`first step ${Math.round(firstStepMs)} ms after Train`);
  expect(firstStepMs).toBeLessThan(3000);

  // Move the source up by 3 while training: the particles (drawn from the source) follow it.
  const meanY = (pts: number[][]) => pts.reduce((s, p) => s + p[1], 0) / pts.length;
  expect(Math.abs(meanY(await page.evaluate(() => window.__fm!.startPoints(300))))).toBeLessThan(0.5);
  await page.getByTestId('edit-source').click();
  await page.getByTestId('tool-move').click();
  const [sx, sy] = await toPage(page, -3, 0);
  const [, ty] = await toPage(page, -3, 3);
  await gesture(page, Array.from({ length: 16 }, (_, i): [number, number] => [sx, sy + ((ty - sy) * i) / 15]));
  await expect.poll(async () => meanY(await page.evaluate(() => window.__fm!.startPoints(300))), { timeout: 15_000 }).toBeGreaterThan(2.5);
  // And training goes on.
  const step = await stepCount(page);
  await expect.poll(() => stepCount(page), { timeout: 15_000 }).toBeGreaterThan(step);
});
