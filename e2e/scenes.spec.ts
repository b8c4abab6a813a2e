/** Scenes: share links, import, export (PNG, SVG, CSV, WebM), trained lessons, bad links, autosave. */
import { readFileSync } from 'node:fs';
import { test, expect, stepCount, waitForBackend, screenshot, toPage } from './fixtures';
import type { Download, Page } from '@playwright/test';

/** Half of the link's quantisation step (16 / 65535), plus float32 rounding. */
const HALF_QUANT = 8 / 65535 + 1e-6;

const count = async (page: Page, side: 'source' | 'target') =>
  Number((await page.getByTestId(`count-${side}`).textContent())!.replace(/[^0-9]/g, ''));

interface SceneDoc {
  seed: number;
  source: { points: number[]; origin: { kind: string } };
  target: { points: number[]; origin: { kind: string } };
  train: Record<string, unknown>;
  sample: Record<string, unknown>;
  view: { t: number; layers: Record<string, boolean> };
}

const sceneOf = async (page: Page): Promise<SceneDoc> => JSON.parse(await page.evaluate(() => window.__fm!.sceneJson()));

async function openPanel(page: Page): Promise<void> {
  const panel = page.getByTestId('scene-panel');
  // A dispatched click: on a phone, other topbar content can widen the layout viewport and misplace real clicks.
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').dispatchEvent('click');
  await expect(page.getByTestId('share-link')).toBeVisible();
}


async function downloaded(page: Page, click: () => Promise<void>, timeout = 30_000): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  const d = download as Download;
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path!) };
}

test('a drawn scene shared by link opens the same in a fresh browser, and trains the same from its seed', async ({ page, browser }) => {
  test.setTimeout(240_000); // two fresh browsers train the same scene, each from a cold start
  await page.goto('/?width=64&particles=1000&seed=7');
  await waitForBackend(page);
  // Draw a stroke into an emptied target cloud.
  await page.getByTestId('edit-target').click();
  await page.getByTestId('clear-cloud').click();
  await page.getByTestId('tool-brush').click();
  const [x0, y0] = await toPage(page, -3, 1);
  const [x1, y1] = await toPage(page, 3, 2);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / 30, y0 + ((y1 - y0) * i) / 30, { steps: 2 });
  await page.mouse.up();
  expect(await count(page, 'target')).toBeGreaterThan(100);
  await openPanel(page);
  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#scene=[A-Za-z0-9_-]+$/);
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('scene-panel')).toContainText('not the trained weights');
  const sent = await sceneOf(page);
  expect(sent.target.origin.kind).toBe('drawn');
  await page.getByTestId('share-url').scrollIntoViewIfNeeded();
  await screenshot(page, 'scenes-panel-desktop');

  const losses: number[][][] = [];
  for (let k = 0; k < 2; k++) {
    const context = await browser.newContext();
    const other = await context.newPage();
    const errors: string[] = [];
    other.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(url);
    await waitForBackend(other);
    await expect(other.getByTestId('notice')).toContainText('carries no trained weights');
    const got = await sceneOf(other);
    expect(got.seed).toBe(7);
    expect(got.train).toEqual(sent.train);
    expect(got.sample).toEqual(sent.sample);
    expect(got.view.layers).toEqual(sent.view.layers);
    expect(got.target.origin).toEqual({ kind: 'drawn' });
    expect(got.source.origin).toEqual(sent.source.origin);
    for (const side of ['source', 'target'] as const) {
      expect(got[side].points.length).toBe(sent[side].points.length);
      let worst = 0;
      for (let i = 0; i < sent[side].points.length; i++) worst = Math.max(worst, Math.abs(got[side].points[i] - sent[side].points[i]));
      expect(worst).toBeLessThanOrEqual(HALF_QUANT);
    }
    // The receiver trains it: the same seed gives the same batches and start, so the same losses.
    await other.getByRole('button', { name: 'Train', exact: true }).first().click();
    await expect.poll(() => stepCount(other), { timeout: 60_000 }).toBeGreaterThanOrEqual(40);
    await other.getByTestId('train-toggle').click();
    // Every 10th step's loss is recorded whatever the chunk sizes (chunk ends add others).
    losses.push((await other.evaluate(() => window.__fm!.losses())).filter((p) => p[0] <= 40 && p[0] % 10 === 0));
    expect(errors).toEqual([]);
    await context.close();
  }
  expect(losses[0].length).toBeGreaterThanOrEqual(4);
  expect(losses[1].slice(0, 4)).toEqual(losses[0].slice(0, 4));
});

test('import a CSV with column choice: the data are rescaled to the stage with a note', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await openPanel(page);
  // 500 points of a circle of radius 200 around (1000, -300), with an id column first.
  const rows = ['id;label;px;py'];
  for (let i = 0; i < 500; i++) rows.push(`${i};p${i};${1000 + 200 * Math.cos(i / 10)};${-300 + 100 * Math.sin(i / 10)}`);
  await page.getByTestId('import-side').selectOption('target');
  await page.getByTestId('import-points').setInputFiles({ name: 'ring.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await expect(page.getByTestId('import-header')).toBeChecked();
  await page.getByTestId('import-x').selectOption({ label: 'px' });
  await page.getByTestId('import-y').selectOption({ label: 'py' });
  await page.getByTestId('import-dialog').scrollIntoViewIfNeeded();
  await screenshot(page, 'scenes-import-dialog');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-note')).toContainText('rescaled ×0.025');
  await expect(page.getByTestId('count-target')).toHaveText('500 pts');
  await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
  const scene = await sceneOf(page);
  const xs = scene.target.points.filter((_, i) => i % 2 === 0);
  const ys = scene.target.points.filter((_, i) => i % 2 === 1);
  expect(Math.max(...xs)).toBeCloseTo(5, 2);
  expect(Math.min(...xs)).toBeCloseTo(-5, 2);
  expect(Math.max(...ys)).toBeLessThan(2.6); // aspect ratio kept: half as tall
  // A NaN cell is refused with a message and changes nothing.
  await page.getByTestId('import-points').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n3,NaN\n') });
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('line 3');
  await expect(page.getByTestId('count-target')).toHaveText('500 pts');
  // Export the imported cloud back as CSV.
  await page.getByTestId('export-csv-kind').selectOption('target');
  const csv = await downloaded(page, () => page.getByTestId('export-csv').click());
  expect(csv.name).toBe('target.csv');
  expect(csv.bytes.toString('utf8').trim().split('\n')).toHaveLength(501);
});

test('export the stage as PNG, SVG and WebM video; the files decode', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await expect.poll(() => page.evaluate(() => window.__fm!.snapshotStep())).not.toBeNull();
  await openPanel(page);
  const png = await downloaded(page, () => page.getByTestId('export-png').click());
  expect(png.name).toBe('stage.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.bytes.readUInt32BE(16);
  const height = png.bytes.readUInt32BE(20);
  expect(width).toBeGreaterThan(200);
  expect(height).toBe(width);
  const decoded = await page.evaluate(
    (b64) =>
      new Promise<number[]>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
        img.onerror = () => reject(new Error('PNG did not decode'));
        img.src = `data:image/png;base64,${b64}`;
      }),
    png.bytes.toString('base64'),
  );
  expect(decoded).toEqual([width, height]);

  const svg = await downloaded(page, () => page.getByTestId('export-svg').click());
  const svgText = svg.bytes.toString('utf8');
  expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect((svgText.match(/<path /g) ?? []).length).toBeGreaterThan(4);
  const svgSize = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return doc.querySelector('parsererror') ? -1 : doc.querySelectorAll('path').length;
  }, svgText);
  expect(svgSize).toBeGreaterThan(4);

  await page.getByTestId('export-csv-kind').selectOption('trajectories');
  const traj = await downloaded(page, () => page.getByTestId('export-csv').click());
  expect(traj.bytes.toString('utf8').split('\n')[0]).toBe('particle,step,t,x,y');

  const py = await downloaded(page, () => page.getByTestId('export-python').click());
  expect(py.name).toBe('flow_matching_scene.py');
  const pyText = py.bytes.toString('utf8');
  expect(pyText.startsWith('#!/usr/bin/env python3')).toBe(true);
  expect(pyText).toContain('class VelocityField(nn.Module):');
  const netWidth = (JSON.parse(await page.evaluate(() => window.__fm!.sceneJson())) as { train: { width: number } }).train.width;
  expect(pyText).toContain(`"width": ${netWidth},`);
  expect(pyText).not.toContain('from flow_matching');

  const pyFm = await downloaded(page, () => page.getByTestId('export-python-fm').click());
  expect(pyFm.name).toBe('flow_matching_scene_meta.py');
  const pyFmText = pyFm.bytes.toString('utf8');
  expect(pyFmText).toContain('from flow_matching.path import AffineProbPath');
  expect(pyFmText).toContain('from flow_matching.solver import ODESolver');
  expect(pyFmText).toContain(`"width": ${netWidth},`);

  const video = await downloaded(page, () => page.getByTestId('export-video').click(), 60_000);
  expect(video.name).toBe('flow.webm');
  expect(video.bytes.length).toBeGreaterThan(1000);
  expect([...video.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  await expect(page.getByTestId('export-video')).toHaveText('Video');
});

test('a trained lesson opens ready: the fit is near its floor without pressing Train', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await openPanel(page);
  await expect(page.getByTestId('scenes-menu').locator('option[value="gaussian-to-moons.json"]')).toHaveCount(1);
  await page.getByTestId('scenes-menu').selectOption('gaussian-to-moons.json');
  await expect.poll(() => stepCount(page)).toBe(6000);
  await expect(page.getByTestId('train-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => {
      const fit = Number(await page.getByTestId('fit-score').textContent());
      const floor = Number(await page.getByTestId('fit-floor').textContent());
      return fit / floor;
    }, { timeout: 30_000 })
    .toBeLessThan(2.5);
  await expect(page.getByTestId('notice')).toContainText('already trained');
  // Saved with its weights; opening that file elsewhere continues from the same step.
  const saved = await downloaded(page, () => page.getByTestId('save-scene').click());
  const doc = JSON.parse(saved.bytes.toString('utf8'));
  expect(doc.weights.step).toBe(6000);
  expect(doc.train.width).toBe(64);
  await page.getByTestId('new-scene').click();
  await expect.poll(() => stepCount(page)).toBe(0);
  await page.getByTestId('open-scene').setInputFiles({ name: 'scene.json', mimeType: 'application/json', buffer: saved.bytes });
  await expect.poll(() => stepCount(page)).toBe(6000);
  // A broken scene file is refused with the path of the problem.
  await page.getByTestId('open-scene').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"seed":-1}') });
  await expect(page.getByTestId('notice')).toContainText('broken.json could not be opened: seed must be between 0');
  expect(await stepCount(page)).toBe(6000);
});

test('a malformed #scene= link is refused with a message; the default scene stays', async ({ page }) => {
  await page.goto('/#scene=AAAAAAAAAAAA');
  await waitForBackend(page);
  await expect(page.getByTestId('notice')).toContainText('The scene link could not be opened: the link is damaged');
  await expect(page.getByTestId('source-preset')).toHaveValue('gaussian');
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  await expect(page.getByTestId('count-source')).toHaveText('2,000 pts');
  // A hostile one: bad characters.
  await page.goto('/#scene=%3Cscript%3E');
  await expect(page.getByTestId('notice')).toContainText('character that base64url does not use');
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
});

test('the scene is autosaved and comes back on reload; New resets it', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('target-preset').selectOption('spiral');
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('target-preset')).toHaveValue('spiral');
  await openPanel(page);
  await page.getByTestId('new-scene').click();
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
});

test('the scenes panel on a phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/');
  await waitForBackend(page);
  await openPanel(page);
  await page.getByTestId('share-link').dispatchEvent('click');
  await expect(page.getByTestId('share-url')).toBeVisible();
  await page.getByTestId('share-url').scrollIntoViewIfNeeded();
  await screenshot(page, 'scenes-panel-phone');
  // Nothing in the panel sticks out of it.
  const overflow = await page.evaluate(() => {
    const panel = document.querySelector('[data-testid="scene-panel"]')!.getBoundingClientRect();
    return Array.from(document.querySelectorAll('[data-testid="scene-panel"] button, [data-testid="scene-panel"] select, [data-testid="scene-panel"] .file-button, [data-testid="scene-panel"] input[readonly]'))
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && (r.left < panel.left - 0.5 || r.right > panel.right + 0.5)).length;
  });
  expect(overflow).toBe(0);
  await context.close();
});

const AUTOSAVE_KEY = 'fm-playground-scene-v1';
const LAST_SCENE_KEY = 'fm-playground-last-scene-v1';

/** Empty the target and brush a stroke into it: the user's own work. */
async function drawTarget(page: Page): Promise<void> {
  await page.getByTestId('edit-target').click();
  await page.getByTestId('clear-cloud').click();
  await page.getByTestId('tool-brush').click();
  const [x0, y0] = await toPage(page, -3, 1);
  const [x1, y1] = await toPage(page, 3, 2);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / 8, y0 + ((y1 - y0) * i) / 8, { steps: 2 });
  await page.mouse.up();
}

const stored = (page: Page, key: string): Promise<SceneDoc | null> =>
  page.evaluate((k) => {
    const t = window.localStorage.getItem(k);
    return t === null ? null : JSON.parse(t);
  }, key);

test('a refused link or value never costs the autosaved drawn scene', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await waitForBackend(page);
  await drawTarget(page);
  const drawn = (await sceneOf(page)).target.points;
  expect(drawn.length).toBeGreaterThan(100);
  await expect.poll(async () => (await stored(page, AUTOSAVE_KEY))?.target.points.length, { timeout: 15_000 }).toBe(drawn.length);

  for (const [url, problem] of [
    ['/?seed=abc', 'Link seed "abc" is not a number'],
    ['/?seed=', 'Link seed is empty'],
    ['/#scene=garbage', 'The scene link could not be opened'],
  ] as const) {
    await page.goto(url);
    // Nothing valid in the link: the autosave is restored, and the notice says both things.
    await expect(page.getByTestId('notice')).toContainText(problem);
    await expect(page.getByTestId('notice')).toContainText('Your autosaved scene is restored');
    await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
    expect((await sceneOf(page)).target.points).toEqual(drawn);
    // Past the autosave delay (4 s, plus an idle callback), the autosave is still the drawn scene.
    await page.waitForTimeout(7000);
    const saved = await stored(page, AUTOSAVE_KEY);
    expect(saved!.target.origin.kind, url).toBe('drawn');
    expect(saved!.target.points.length, url).toBe(drawn.length);
  }
  await screenshot(page, 'scenes-link-refused-autosave-restored');

  // A partly valid link replaces the scene: the drawn one is kept aside, one click away.
  await page.goto('/?target=spiral&seed=0x10');
  await expect(page.getByTestId('target-preset')).toHaveValue('spiral');
  const notice = page.locator('.notice', { hasText: 'Your autosaved scene is kept aside' });
  await expect(notice).toContainText('Link seed "0x10" is not a plain decimal number');
  await page.waitForTimeout(7000);
  expect((await stored(page, AUTOSAVE_KEY))!.target.origin.kind).toBe('preset');
  expect((await stored(page, LAST_SCENE_KEY))!.target.points.length).toBe(drawn.length);
  await screenshot(page, 'scenes-link-keeps-last-scene');
  await notice.getByRole('button', { name: 'Open your last scene' }).click();
  await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
  expect((await sceneOf(page)).target.points).toEqual(drawn);
  // Also from the Scenes panel on a later visit, once New has replaced it.
  await openPanel(page);
  await page.getByTestId('new-scene').click();
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  await expect(page.locator('.notice', { hasText: 'Your previous scene is kept aside' })).toBeVisible();
  await page.waitForTimeout(7000);
  await page.goto('/');
  await expect(page.getByTestId('target-preset')).toHaveValue('moons');
  await openPanel(page);
  await page.getByTestId('open-last-scene').click();
  await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
  expect((await sceneOf(page)).target.points).toEqual(drawn);
});

test('every refused value of a link is named, in one notice', async ({ page }) => {
  await page.goto('/?seed=abc&layers=2.5&width=0x10&batch=1e3&steps=&particles=-1&lr=abc&backend=quantum');
  await waitForBackend(page);
  const notice = page.locator('.notice', { hasText: 'The link had 8 problems' });
  await expect(notice).toHaveCount(1);
  for (const v of ['seed "abc"', 'layers "2.5" is not a whole number', 'width "0x10" is not a plain decimal number', 'batch "1e3"', 'steps is empty', 'particles "-1" is negative', 'lr "abc" is not a number', 'backend "quantum"']) {
    await expect(notice).toContainText(v);
  }
  await screenshot(page, 'scenes-link-problems');
});

test('the share link of the default scene is short and opens the same scene', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForBackend(page);
  await openPanel(page);
  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#scene=[A-Za-z0-9_-]+$/);
  expect(url.length).toBeLessThan(300);
  const sent = await sceneOf(page);
  const context = await browser.newContext();
  const other = await context.newPage();
  const errors: string[] = [];
  other.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(url);
  await expect(other.getByTestId('notice')).toContainText('Opened a shared scene', { timeout: 60_000 });
  const got = await sceneOf(other);
  // The same scene: clouds point for point (regenerated from their preset names), seed and settings;
  // t plays on in both pages.
  expect({ ...got, view: { ...got.view, t: 0 } }).toEqual({ ...sent, view: { ...sent.view, t: 0 } });
  expect(got.target.points.length).toBe(4000);
  expect(errors).toEqual([]);
  await context.close();
});

test('a 1,000,000-line CSV is refused with its count at once, without freezing the page', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForBackend(page);
  await openPanel(page);
  const before = await count(page, 'target');
  // Long tasks from the file input's change event on (Playwright builds the File in the page before that).
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: [number, number][]; __importStart: number };
    w.__longTasks = [];
    w.__importStart = Infinity;
    document.querySelector('input[data-testid="import-points"]')!.addEventListener('change', () => (w.__importStart = performance.now()), { capture: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  });
  // A still stage: under a loaded CPU the animation alone can take long frames.
  await page.getByTestId('play-toggle').click();
  const big = Buffer.from(`x,y\n${new Array<string>(1_000_000).fill('1,2').join('\n')}\n`);
  await page.getByTestId('import-points').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
  await expect(page.getByTestId('notice')).toContainText('the file holds 1,000,000 points; a cloud holds at most 20,000');
  const { longTasks, ms } = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: [number, number][]; __importStart: number };
    return { longTasks: w.__longTasks.filter(([t]) => t >= w.__importStart).map(([, d]) => Math.round(d)), ms: performance.now() - w.__importStart };
  });
  console.log(`1,000,000-line import refused ${Math.round(ms)} ms after the file was chosen; long tasks meanwhile (ms): ${JSON.stringify(longTasks)}`);
  expect(Math.max(0, ...longTasks)).toBeLessThan(200);
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  expect(await count(page, 'target')).toBe(before);
  // One column is refused too, with a clear message (not imported as a diagonal).
  await page.getByTestId('import-points').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('value\n1\n2\n3\n') });
  await expect(page.getByTestId('notice')).toContainText('one.csv: the file has one column ("value"); a point needs two, x and y');
  expect(await count(page, 'target')).toBe(before);
});
