/**
 * Nothing the Images view holds is lost: a scene written by `fm train --data digits16` (the real
 * command line, built here) opens in the view by its Open, by a drop and by the playground's Open;
 * Save writes it back with the weights; a malformed file and a 2D scene are refused with a message;
 * the settings survive a reload (a corrupt entry gives the defaults); and after a worker crash the
 * image model goes on from its last checkpoint.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { parseImageSceneText } from '../src/core/sceneParse';
import { buildCli, removeCli, runCli } from '../tests/cli/cliRun';
import { expect, stepCount, test, waitForBackend } from './fixtures';

let dir = '';
let cliScene = '';
let flatScene = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'fm-e2e-img-'));
  cliScene = join(dir, 'digits.json');
  const r = await runCli(['train', '--data', 'digits16', '--per-class', '20', '--steps', '30', '--layers', '1', '--width', '32', '--batch', '32', '--seed', '4', '--out', cliScene, '--quiet']);
  if (r.status !== 0) throw new Error(`fm train exited ${r.status}: ${r.stderr}`);
  // A 2D scene (clouds), to give the Images view the wrong kind of file.
  flatScene = join(dir, 'clouds.json');
  const f = await runCli(['train', '--source', 'gaussian', '--target', 'moons', '--steps', '5', '--layers', '1', '--width', '8', '--batch', '16', '--out', flatScene, '--quiet']);
  if (f.status !== 0) throw new Error(`fm train exited ${f.status}: ${f.stderr}`);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

const step = (page: Page): Promise<number> => page.evaluate(() => window.__fmImages!.step());

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = await (download as Download).path();
  return readFileSync(path!);
}

test('a scene of fm train opens in the Images view with its weights, trains on, and Save writes it back', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.getByTestId('images-open').setInputFiles(cliScene);
  await expect(page.getByTestId('notice').filter({ hasText: 'Opened digits.json' })).toContainText('with its weights of step 30');
  // The file's net, data recipe (20 digits a class, 10 % held out) and conditioning.
  await expect(page.getByTestId('images-width')).toHaveValue('32');
  await expect(page.getByTestId('images-layers')).toHaveValue('1');
  await expect(page.getByTestId('images-data-info')).toContainText('180 training images, 20 held out, with digit labels');
  await expect(page.getByTestId('images-digit-3')).toBeVisible();
  await expect(page.getByTestId('images-step')).toHaveText('30');
  await expect(page.getByTestId('images-opened-recipe')).toContainText('digits of seed 4, 20 a class');
  // The first picture is of the file's weights (step 30), not of fresh ones.
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep())).toBe(30);
  await page.getByTestId('images-train').click();
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(60);
  await page.getByTestId('images-train').click();
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep() === window.__fmImages!.step())).toBe(true);
  const now = await step(page);

  const bytes = await downloaded(page, () => page.getByTestId('images-save').click());
  const saved = parseImageSceneText(bytes.toString('utf8'));
  expect(saved.seed).toBe(4);
  expect(saved.images.data).toEqual({ kind: 'digits16', seed: 4, perClass: 20 });
  expect(saved.images.train).toMatchObject({ hiddenLayers: 1, width: 32, batchSize: 32, conditional: true });
  expect(saved.images.weights!.step).toBe(now);
  const original = parseImageSceneText(readFileSync(cliScene, 'utf8'));
  // Trained on from the file's weights: changed, and not a fresh start.
  expect(Array.from(saved.images.weights!.arrays[0].slice(0, 8))).not.toEqual(Array.from(original.images.weights!.arrays[0].slice(0, 8)));

  // A malformed file changes nothing and says what is wrong.
  await page.getByTestId('images-open').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":3,"seed":1,"images":{"data":{"kind":"digits16","seed":1,"perClass":0}}}') });
  await expect(page.getByTestId('notice').filter({ hasText: 'broken.json could not be opened in the Images view' })).toContainText('perClass');
  await page.getByTestId('images-open').setInputFiles({ name: 'noise.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
  await expect(page.getByTestId('notice').filter({ hasText: 'noise.json could not be opened' })).toContainText('not JSON');
  // A 2D scene says where it opens.
  await page.getByTestId('images-open').setInputFiles(flatScene);
  await expect(page.getByTestId('notice').filter({ hasText: 'clouds.json could not be opened' })).toContainText('2D scene (clouds)');
  expect(await step(page)).toBe(now);
  await expect(page.getByTestId('images-width')).toHaveValue('32');

  // The saved file dropped on the view opens too.
  await page.getByTestId('images-reset').click();
  await expect.poll(() => step(page)).toBe(0);
  await page.getByTestId('images-view').evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'saved.json', { type: 'application/json' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes.toString('utf8'));
  await expect(page.getByTestId('notice').filter({ hasText: 'Opened saved.json' })).toContainText(`step ${now}`);
  await expect.poll(() => step(page)).toBe(now);
});

test("the playground's Open hands an image scene to the Images view", async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  await page.getByTestId('scene-panel').evaluate((d: HTMLDetailsElement) => (d.open = true));
  await page.getByTestId('open-scene').setInputFiles(cliScene);
  await expect(page.getByTestId('images-view')).toBeVisible();
  await expect(page).toHaveURL(/view=images/);
  await expect(page.getByTestId('images-step')).toHaveText('30');
  await expect(page.getByTestId('notice').filter({ hasText: 'Opened digits.json' })).toContainText('with its weights of step 30');
  // And back: a 2D scene given to the Images view is refused there, and its notice opens it in the playground.
  await page.getByTestId('images-open').setInputFiles(flatScene);
  const refused = page.getByTestId('notice').filter({ hasText: 'clouds.json could not be opened in the Images view' });
  await expect(refused).toContainText('open it in the playground');
  await refused.getByRole('button', { name: 'Open it in the playground' }).click();
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page).not.toHaveURL(/view=images/);
  await expect(page.getByTestId('notice').filter({ hasText: 'Opened clouds.json in the playground' })).toHaveCount(1);
  // The file's model: its weights of step 5.
  await expect.poll(() => stepCount(page)).toBe(5);
});

test('the settings survive a reload; a corrupt stored entry gives the defaults', async ({ page }) => {
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.getByTestId('images-width').selectOption('64');
  await page.getByTestId('images-layers').selectOption('2');
  await page.getByTestId('images-coupling').selectOption('ot');
  await page.getByTestId('images-solver').selectOption('heun');
  await page.getByTestId('images-digit-7').click();
  await page.getByTestId('images-guidance').evaluate((el: HTMLInputElement) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, '3.5');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByTestId('images-guidance-value')).toHaveText('3.5');
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('images-width')).toHaveValue('64');
  await expect(page.getByTestId('images-layers')).toHaveValue('2');
  await expect(page.getByTestId('images-coupling')).toHaveValue('ot');
  await expect(page.getByTestId('images-solver')).toHaveValue('heun');
  await expect(page.getByTestId('images-digit-7')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('images-guidance-value')).toHaveText('3.5');

  await page.evaluate(() => localStorage.setItem('fm-images-settings-v1', '{"settings": {"width": "wide", "hiddenLayers": 2'));
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('images-width')).toHaveValue('256');
  await expect(page.getByTestId('images-layers')).toHaveValue('3');
  await expect(page.getByTestId('images-data-info')).toContainText('training images');
});

test('after a worker crash the image model goes on from its last checkpoint', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.evaluate(() => window.__fmImages!.configure({ hiddenLayers: 1, width: 64, batchSize: 64, learningRate: 3e-3 }));
  await expect(page.getByTestId('images-width')).toHaveValue('64');
  await page.getByTestId('images-train').click();
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(100);
  // A checkpoint of a trained step reaches the page (every 5 s while training).
  await expect.poll(() => page.evaluate(() => window.__fmImages!.checkpointStep() ?? 0), { timeout: 30_000 }).toBeGreaterThan(100);
  const kept = (await page.evaluate(() => window.__fmImages!.checkpointStep()))!;
  await page.evaluate(() => window.__fmImages!.fault('throw'));
  await expect(page.getByTestId('notice').filter({ hasText: 'goes on from its checkpoint' })).toContainText(/checkpoint of step [\d,]+/, { timeout: 30_000 });
  await waitForBackend(page);
  const text = (await page.getByTestId('notice').filter({ hasText: 'goes on from its checkpoint' }).textContent())!;
  const resumedFrom = Number(text.match(/checkpoint of step ([\d,]+)/)![1].replace(/,/g, ''));
  expect(resumedFrom).toBeGreaterThanOrEqual(kept);
  // Training goes on from there (not from 0), and the pictures are of the resumed model.
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'true');
  expect(await step(page)).toBeGreaterThanOrEqual(resumedFrom);
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(resumedFrom + 50);
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep() ?? 0), { timeout: 60_000 }).toBeGreaterThan(resumedFrom);
  // The loss curve up to the checkpoint stays.
  expect(await page.evaluate(() => window.__fmImages!.losses())).toBeGreaterThan(5);
});

test('the trained image model survives switching views and a reload', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?view=images');
  await waitForBackend(page);
  await page.evaluate(() => window.__fmImages!.configure({ hiddenLayers: 1, width: 64, batchSize: 64, learningRate: 3e-3 }));
  await page.getByTestId('images-train').click();
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(100);
  await page.getByTestId('images-train').click();
  await expect(page.getByTestId('images-train')).toHaveAttribute('aria-pressed', 'false');
  // Pausing posts the final weights as a checkpoint.
  await expect.poll(() => page.evaluate(() => window.__fmImages!.checkpointStep() === window.__fmImages!.step())).toBe(true);
  const trained = await step(page);
  // To the playground and back: the same model.
  await page.getByTestId('view-playground').click();
  await expect(page.getByTestId('stage')).toBeVisible();
  await page.getByTestId('view-images').click();
  await expect(page.getByTestId('images-step')).toHaveText(trained.toLocaleString('en-US'));
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep())).toBe(trained);
  // A reload: the kept model (IndexedDB) comes back with its settings.
  await page.waitForTimeout(500);
  await page.reload();
  await waitForBackend(page);
  await expect(page.getByTestId('notice').filter({ hasText: 'kept from your last visit' })).toContainText(`step ${trained.toLocaleString('en-US')}`);
  await expect(page.getByTestId('images-step')).toHaveText(trained.toLocaleString('en-US'));
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep())).toBe(trained);
  await expect(page.getByTestId('images-width')).toHaveValue('64');
  // Reset starts afresh, and a reload after it does too.
  await page.getByTestId('images-reset').click();
  await expect.poll(() => step(page)).toBe(0);
  await page.waitForTimeout(500);
  await page.reload();
  await waitForBackend(page);
  await expect.poll(() => page.evaluate(() => window.__fmImages!.snapshotStep())).toBe(0);
  await expect(page.getByTestId('notice').filter({ hasText: 'kept from your last visit' })).toHaveCount(0);
});
