/**
 * Embed mode inside another origin's page: a second server (another port) serves a course page whose
 * iframe shows the app's embed.html. Only the chosen controls show, training runs, the frame fits its
 * size, and the visitor's own autosaved scene is neither replaced nor overwritten.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const AUTOSAVE_KEY = 'fm-playground-scene-v1';
const AUTOSAVE_OWN_KEY = 'fm-playground-scene-v1-own';
const LAST_SCENE_KEY = 'fm-playground-last-scene-v1';

let host: Server;
let hostOrigin = '';
/** The course page's body; each test sets it before loading the page. */
let hostBody = '';

test.beforeAll(async () => {
  host = createServer((req, res) => {
    // No favicon or anything else: an empty answer, not a 404 (the fixture fails on console errors).
    if (req.url !== '/') return void res.writeHead(204).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>A course page</title></head><body style="margin:0"><h1 style="font:16px sans-serif">Lecture 7</h1>${hostBody}</body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

/** Load the course page with `iframe` in it; the embed's frame once its app is up. */
async function coursePage(page: Page, iframe: string): Promise<Frame> {
  hostBody = iframe;
  await page.goto(hostOrigin);
  const el = await page.waitForSelector('iframe');
  const frame = (await el.contentFrame())!;
  await expect(frame.getByTestId('embed-app')).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  return frame;
}

const stepsIn = async (frame: Frame): Promise<number> => Number((await frame.getByTestId('step-counter').textContent())!.replace(/,/g, ''));

test('an embed on another origin shows only the chosen controls, trains, and leaves the visitor autosave alone', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  // The storage is set and read on a plain file of the app's origin (no app code runs there); the
  // browser asks for /favicon.ico beside it, which the build has not got.
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
  // The visitor's own scene, autosaved on an earlier visit to the app (a drawn target).
  await page.goto('/favicon.svg');
  const visitor = await page.evaluate(async ([key, ownKey]) => {
    const scene = await (await fetch('/scenes/gaussian-to-moons.json')).json();
    delete scene.weights;
    scene.target = { points: scene.target.points.slice(0, 600), origin: { kind: 'drawn' } };
    const text = JSON.stringify(scene);
    localStorage.setItem(key, text);
    localStorage.setItem(ownKey, '1');
    return text;
  }, [AUTOSAVE_KEY, AUTOSAVE_OWN_KEY] as const);

  const src = `${baseURL}/embed.html?source=gaussian&target=spiral&seed=3&show=slider,train,loss`;
  const frame = await coursePage(page, `<iframe src="${src.replace(/&/g, '&amp;')}" width="800" height="600" style="border:0" title="embed"></iframe>`);
  expect(new URL(frame.url()).origin).not.toBe(hostOrigin);
  // The chosen controls, and nothing else of the app.
  await expect(frame.getByTestId('time-slider')).toBeVisible();
  await expect(frame.getByTestId('train-toggle')).toBeVisible();
  await expect(frame.getByTestId('loss-chart')).toBeAttached();
  for (const hidden of ['play-toggle', 'reset-model', 'single-step', 'source-preset', 'layer-field', 'scene-panel', 'edit-source', 'fit-score']) {
    await expect(frame.getByTestId(hidden), hidden).toHaveCount(0);
  }
  await expect(frame.locator('.topbar')).toHaveCount(0);
  // The link's scene, not the visitor's autosave.
  expect(await frame.evaluate(() => JSON.parse(window.__fm!.sceneJson()).target.origin)).toEqual({ kind: 'preset', spec: 'spiral', seed: 3 });

  // A page without COOP/COEP isolates nothing: wasm runs one thread, and the badge says why.
  if ((await frame.getByTestId('backend').getAttribute('data-backend')) === 'wasm') {
    await expect(frame.getByTestId('backend')).toHaveText('wasm · 1 thread');
    await expect(frame.getByTestId('backend')).toHaveAttribute('title', /not cross-origin isolated/);
  }
  await frame.getByTestId('train-toggle').click();
  await expect.poll(() => stepsIn(frame), { timeout: 60_000 }).toBeGreaterThan(20);
  await screenshot(page, 'embed-800x600');
  // Past the autosave interval (4 s, plus an idle callback), and through the frame going away.
  await page.waitForTimeout(7000);
  await page.goto('about:blank');

  await page.goto('/favicon.svg');
  const after = await page.evaluate(([a, o, l]) => [localStorage.getItem(a), localStorage.getItem(o), localStorage.getItem(l)], [AUTOSAVE_KEY, AUTOSAVE_OWN_KEY, LAST_SCENE_KEY] as const);
  expect(after).toEqual([visitor, '1', null]);
  // The visitor opens the app: their drawn scene is there.
  await page.goto('/');
  await expect(page.getByTestId('target-preset')).toHaveValue('drawn');
  await expect(page.getByTestId('count-target')).toHaveText('300 pts');
});

for (const [width, height] of [
  [400, 300],
  [800, 600],
] as const) {
  test(`the embed fills a ${width}x${height} frame without scrolling`, async ({ page, baseURL }) => {
    const frame = await coursePage(page, `<iframe src="${baseURL}/embed.html" width="${width}" height="${height}" style="border:0" title="embed"></iframe>`);
    // The default controls: slider, play, train.
    for (const shown of ['time-slider', 'play-toggle', 'train-toggle']) await expect(frame.getByTestId(shown)).toBeVisible();
    await expect(frame.getByTestId('reset-model')).toHaveCount(0);
    const fit = await frame.evaluate(() => {
      const stage = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
      const time = document.querySelector('[data-testid="time-slider"]')!.getBoundingClientRect();
      const train = document.querySelector('[data-testid="train-toggle"]')!.getBoundingClientRect();
      return { w: innerWidth, h: innerHeight, scrollH: document.documentElement.scrollHeight, scrollW: document.documentElement.scrollWidth, stage, time, train };
    });
    expect([fit.w, fit.h]).toEqual([width, height]);
    expect(fit.scrollH).toBeLessThanOrEqual(height);
    expect(fit.scrollW).toBeLessThanOrEqual(width);
    // The stage takes most of the frame, and the controls are inside it, not under the stage.
    expect(fit.stage.width).toBeGreaterThanOrEqual(Math.min(width, height) * 0.6);
    expect(fit.stage.bottom).toBeLessThanOrEqual(height);
    for (const r of [fit.time, fit.train]) {
      expect(r.right).toBeLessThanOrEqual(width);
      expect(r.bottom).toBeLessThanOrEqual(height);
      expect(r.top >= fit.stage.bottom - 1 || r.left >= fit.stage.right - 1).toBe(true);
    }
    await screenshot(page, `embed-${width}x${height}`);
  });
}

test('an unknown control name is named in a notice; the rest of the embed works', async ({ page, baseURL }) => {
  const frame = await coursePage(page, `<iframe src="${baseURL}/embed.html?show=train,sliders" width="640" height="480" style="border:0" title="embed"></iframe>`);
  await expect(frame.getByTestId('notice')).toContainText('unknown control "sliders" left out (known: slider, play, train');
  await expect(frame.getByTestId('train-toggle')).toBeVisible();
  await expect(frame.getByTestId('time-slider')).toHaveCount(0);
});

test('only the embed page may be framed', async ({ request }) => {
  const csp = async (path: string) => (await request.get(path)).headers()['content-security-policy'];
  expect(await csp('/')).toMatch(/frame-ancestors 'none'/);
  expect(await csp('/index.html')).toMatch(/frame-ancestors 'none'/);
  expect(await csp('/embed.html')).toMatch(/frame-ancestors \*$/);
});

test('"Copy embed code" writes an iframe for the current scene that works on a course page', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?source=gaussian&target=rings&seed=11&width=32');
  await page.getByTestId('scene-panel').locator('summary').click();
  await page.getByTestId('copy-embed').click();
  const code = page.getByTestId('embed-code');
  await expect(code).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html\?source=gaussian&amp;target=rings&amp;seed=11&amp;width=32" width="640" height="480" style="border:0" loading="lazy" title="Flow matching: gaussian to rings"><\/iframe>$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.inputValue());
  // Ticking a control adds it to the link.
  await page.getByTestId('embed-show-reset').check();
  await expect(code).toHaveValue(/&amp;show=slider,play,train,reset"/);

  const frame = await coursePage(page, (await code.inputValue()).replace('loading="lazy"', ''));
  await expect(frame.getByTestId('reset-model')).toBeVisible();
  const scene = await frame.evaluate(() => JSON.parse(window.__fm!.sceneJson()));
  expect(scene.target.origin).toEqual({ kind: 'preset', spec: 'rings', seed: 11 });
  expect(scene.train.width).toBe(32);
  await frame.getByTestId('train-toggle').click();
  await expect.poll(() => stepsIn(frame), { timeout: 60_000 }).toBeGreaterThan(5);
});
