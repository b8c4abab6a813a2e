/**
 * Image scenes between the Images view and the command line: what the view's Save writes
 * (imageSceneFromApp + imageSceneToJson) samples with `fm sample --png` and scores with `fm metrics`
 * (the bundled CLI as a real process), and what the view reads back (appFromImageScene) is what it saved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigits } from '../../src/core/images/digits16';
import { IMAGE_DIM } from '../../src/core/images/imageSet';
import { decodePng } from '../../src/core/images/png';
import { parseImageSceneText } from '../../src/core/sceneParse';
import { imageSceneToJson } from '../../src/core/sceneWrite';
import { imageShape } from '../../src/engine/imageTrainer';
import { initWeights } from '../../src/engine/mlp';
import { appFromImageScene, drawingsSeed, imageSceneFromApp, type ImagesAppState } from '../../src/state/imagesSceneFile';
import { DEFAULT_IMAGES_SAMPLING, DEFAULT_IMAGES_SETTINGS } from '../../src/state/imagesStore';
import { buildCli, removeCli, runCli } from './cliRun';

let dir: string;

beforeAll(async () => {
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'fm-app-img-'));
}, 90_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

/** Three labelled drawings (digits 1, 4, 7 of the generated set) and a small conditional net's weights. */
function appState(): ImagesAppState {
  const digits = makeDigits({ seed: 3, perClass: 1 });
  const pick = [1, 4, 7];
  const drawings = pick.map((d) => ({ pixels: digits.pixels.slice(d * IMAGE_DIM, (d + 1) * IMAGE_DIM), label: d }));
  const settings = { ...DEFAULT_IMAGES_SETTINGS, data: 'drawings' as const, hiddenLayers: 1, width: 16, batchSize: 32, seed: 9 };
  const shape = imageShape({ hiddenLayers: 1, width: 16, conditional: true });
  const w = initWeights(shape, 5);
  return { settings, sampling: { ...DEFAULT_IMAGES_SAMPLING, digit: 4, guidance: 2, steps: 6, solver: 'heun' }, drawings, imported: [], weights: { weights: { shape: w.shape, arrays: w.arrays }, step: 123 } };
}

describe("the Images view's scene files", () => {
  it('write the drawings with their labels, the augmentation the worker uses, the settings and the weights', () => {
    const app = appState();
    const scene = imageSceneFromApp(app);
    if (typeof scene === 'string') throw new Error(scene);
    expect(scene.seed).toBe(9);
    expect(scene.images.data).toMatchObject({ kind: 'drawings', labels: [1, 4, 7], count: 256, seed: drawingsSeed(9, 'target') });
    expect(scene.images.source).toBeNull();
    expect(scene.images.train).toMatchObject({ hiddenLayers: 1, width: 16, conditional: true, batchSize: 32 });
    expect(scene.images.sample).toEqual({ solver: 'heun', steps: 6, guidance: 2, sampleClass: 4 });
    // Through the text and the parser, and back into the view: the same settings, drawings and weights.
    const back = appFromImageScene(parseImageSceneText(imageSceneToJson(scene)), DEFAULT_IMAGES_SETTINGS);
    if (typeof back === 'string') throw new Error(back);
    expect(back.notes).toEqual([]);
    expect(back.settings).toEqual(app.settings);
    expect(back.sampling).toEqual(app.sampling);
    expect(back.drawings!.map((d) => d.label)).toEqual([1, 4, 7]);
    expect(Array.from(back.drawings![1].pixels)).toEqual(Array.from(app.drawings[1].pixels));
    expect(back.weights!.step).toBe(123);
    expect(back.weights!.weights.arrays.map((a) => Array.from(a))).toEqual(app.weights!.weights.arrays.map((a) => Array.from(a)));
  });

  it('carry the digits recipe, the held-out share and labelled imported pictures as a source, and clamp what the view cannot reach', () => {
    const app = appState();
    const imported = app.drawings.map((d, i) => ({ pixels: d.pixels, name: `p${i}.png`, label: d.label! }));
    const settings = { ...app.settings, data: 'digits' as const, source: 'imported' as const, digitsSeed: 6, digitsPerClass: 12, heldOut: 0.25 };
    const scene = imageSceneFromApp({ ...app, settings, imported, drawings: [], weights: null });
    if (typeof scene === 'string') throw new Error(scene);
    expect(scene.images.data).toEqual({ kind: 'digits16', seed: 6, perClass: 12 });
    expect(scene.images.source).toMatchObject({ kind: 'imported', labels: [1, 4, 7] });
    expect(scene.images.heldOut).toBe(0.25);
    expect(scene.images.weights).toBeUndefined();
    const text = imageSceneToJson(scene).replace(/"guidance":\s*2/, '"guidance": 7').replace(/"batchSize":\s*32/, '"batchSize": 2000');
    const back = appFromImageScene(parseImageSceneText(text), DEFAULT_IMAGES_SETTINGS);
    if (typeof back === 'string') throw new Error(back);
    expect(back.settings).toEqual({ ...settings, batchSize: 1024 });
    expect(back.imported!.map((im) => im.label)).toEqual([1, 4, 7]);
    expect(back.drawings).toBeUndefined();
    expect(back.sampling.guidance).toBe(5);
    expect(back.notes).toEqual(['batch 2000 is 1024 here (the view allows 8 to 1024)', 'guidance 7 is 5 here (the view allows 0 to 5)']);
  });

  it('refuse what they cannot hold: no drawings to save, digits to digits, a conditional net on unlabelled data', () => {
    expect(imageSceneFromApp({ ...appState(), drawings: [] })).toMatch(/My drawings: there are no drawings/);
    const scene = imageSceneFromApp({ ...appState(), weights: null }) as Exclude<ReturnType<typeof imageSceneFromApp>, string>;
    const twice = { ...scene, images: { ...scene.images, data: { kind: 'digits16' as const, seed: 1, perClass: 3 }, source: { kind: 'digits16' as const, seed: 2, perClass: 3 } } };
    expect(appFromImageScene(twice, DEFAULT_IMAGES_SETTINGS)).toMatch(/source and its data are both digits/);
    const unlabelled = { ...scene, images: { ...scene.images, data: { kind: 'imported' as const, images: [new Float32Array(IMAGE_DIM)] }, train: { ...scene.images.train, conditional: true } } };
    expect(appFromImageScene(unlabelled, DEFAULT_IMAGES_SETTINGS)).toMatch(/no digit labels/);
  });

  it('a scene saved by the view samples with fm sample --png and scores with fm metrics', async () => {
    const scene = imageSceneFromApp(appState());
    if (typeof scene === 'string') throw new Error(scene);
    const path = join(dir, 'app.json');
    writeFileSync(path, imageSceneToJson(scene));
    const png = join(dir, 'app.png');
    const [r, m] = await Promise.all([runCli(['sample', '--scene', path, '--png', png, '--n', '12', '--columns', '4', '--scale', '2']), runCli(['metrics', '--scene', path, '--n', '16'])]);
    expect(r.status, r.stderr).toBe(0);
    // The scene's own sampling: digit 4 at guidance 2, 6 Heun steps.
    expect(r.stderr).toMatch(/wrote .*app\.png \(12 samples, 6 heun steps, digit 4, guidance 2\)/);
    const img = decodePng(new Uint8Array(readFileSync(png)));
    expect([img.width, img.height]).toEqual([4 * 32 + 5 * 2, 3 * 32 + 4 * 2]);
    expect(m.status, m.stderr).toBe(0);
    const j = JSON.parse(m.stdout);
    // 256 augmented images, 10 % held out (the view's split): 26 held out, 230 to train on.
    expect(j.step).toBe(123);
    expect(j.heldOut).toBe(26);
    expect(j.train).toBe(230);
    expect(j.slicedW2).toBeGreaterThan(0);
  }, 60_000);
});
