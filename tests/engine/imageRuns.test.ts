/**
 * The Images view's worker side on tfjs's cpu backend in Node: the run reports its data, trains when
 * told (losses fall), draws pictures in the layout the view reads (frames x 64 x 256, paths on the
 * principal axes, nearest training images), follows the digit picker, measures the fit, and answers
 * Train / Pause with the request number the page sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { IMAGE_DIM } from '../../src/core/images/imageSet';
import { DEFAULT_IMAGE_CONFIG } from '../../src/engine/imageTrainer';
import { buildImageSet, GRID_COUNT, GRID_FRAMES, ImageRuns, STRIP_COUNT, STRIP_STEPS } from '../../src/worker/imageRuns';
import type { ImageFromWorker, ImageRunSettings } from '../../src/worker/imageProtocol';
import type { FromWorker } from '../../src/worker/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = (over: Partial<ImageRunSettings> = {}): ImageRunSettings => ({
  target: { kind: 'digits', seed: 1, perClass: 30 },
  source: null,
  seed: 5,
  config: { ...DEFAULT_IMAGE_CONFIG, hiddenLayers: 1, width: 32, batchSize: 32, learningRate: 3e-3 },
  ...over,
});

function setup(over: Partial<ImageRunSettings> = {}) {
  const posted: FromWorker[] = [];
  const run = new ImageRuns({ post: (m) => posted.push(m), explicitTranspose: () => false }, settings(over), 7);
  const of = <T extends ImageFromWorker['type']>(type: T) => posted.filter((m): m is Extract<ImageFromWorker, { type: T }> => m.type === type);
  return { run, posted, of };
}

describe('image runs', () => {
  it('report the data, train on request and draw pictures in the layout the view reads', async () => {
    const { run, of } = setup();
    const info = of('imagesData')[0].info;
    expect(info.trainCount + info.heldOutCount).toBe(300);
    expect(info.heldOutCount).toBe(30);
    expect(info.conditional).toBe(true);
    expect(info.labelled).toBe(true);
    expect(info.dataCloud.length).toBe(2 * Math.min(600, info.trainCount));
    expect(info.explained).toBeGreaterThan(0);
    expect(info.explained).toBeLessThan(1);
    expect(of('imagesData')[0].run).toBe(7);

    // Not running: trains nothing, but the first picture and the fit are owed.
    expect(run.pending()).toBe(true);
    await run.refresh();
    const first = of('imagesSnapshot')[0].snapshot;
    expect(first.step).toBe(0);
    expect(first.count).toBe(GRID_COUNT);
    expect(first.frames).toBe(GRID_FRAMES);
    expect(first.samples.length).toBe(GRID_FRAMES * GRID_COUNT * IMAGE_DIM);
    expect(first.paths.length).toBe(GRID_FRAMES * GRID_COUNT * 2);
    expect(first.nearest.length).toBe(GRID_COUNT * IMAGE_DIM);
    expect(first.nearestDistance.every((d) => Number.isFinite(d) && d >= 0)).toBe(true);
    // "all": cell i asks for digit i mod 10.
    expect(Array.from(first.classes.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const fit0 = of('imagesFit')[0].fit;
    expect(fit0.strip.length).toBe(STRIP_STEPS.length * STRIP_COUNT * IMAGE_DIM);
    expect(fit0.samples).toBe(30);
    expect(fit0.ms).toBeGreaterThan(0);
    expect(Number.isFinite(fit0.slicedW2) && Number.isFinite(fit0.floor) && Number.isFinite(fit0.nnRatio)).toBe(true);
    expect(run.pending()).toBe(false);

    run.apply({ type: 'imagesTrain', running: true, seq: 9 });
    expect(of('imagesProgress').at(-1)).toMatchObject({ running: true, seq: 9, run: 7 });
    for (let i = 0; i < 500 && of('imagesProgress').at(-1)!.step < 300; i++) await run.trainChunk();
    const losses = of('imagesProgress').flatMap((m) => Array.from(m.losses).filter((_, k) => k % 2 === 1));
    expect(losses.length).toBeGreaterThan(10);
    const head = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const tail = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(tail).toBeLessThan(0.8 * head);

    run.apply({ type: 'imagesTrain', running: false, seq: 10 });
    expect(of('imagesProgress').at(-1)).toMatchObject({ running: false, seq: 10 });
    await run.refresh();
    const trained = of('imagesSnapshot').at(-1)!.snapshot;
    expect(trained.step).toBeGreaterThanOrEqual(300);
    // The fit is measured again at the new step, and the model is now closer to the data than at step 0.
    const fit = of('imagesFit').at(-1)!.fit;
    expect(fit.step).toBe(trained.step);
    expect(fit.slicedW2).toBeLessThan(fit0.slicedW2);
    // Frame 0 is the noise the grid starts from; the last frame is not.
    const last = trained.samples.subarray((GRID_FRAMES - 1) * GRID_COUNT * IMAGE_DIM);
    let diff = 0;
    for (let p = 0; p < IMAGE_DIM; p++) diff += Math.abs(last[p] - trained.samples[p]);
    expect(diff / IMAGE_DIM).toBeGreaterThan(0.3);

    // The digit picker: every cell asks for a 7, and a new picture follows.
    run.apply({ type: 'imagesSample', sample: { solver: 'euler', steps: 10, digit: 7, guidance: 3 } });
    expect(run.pending()).toBe(true);
    await run.refresh();
    const seven = of('imagesSnapshot').at(-1)!.snapshot;
    expect(Array.from(new Set(seven.classes))).toEqual([7]);
    expect(seven.guidance).toBe(3);
    run.dispose();
  }, 60_000);

  it('build drawings by augmentation and imported pictures as they are, unlabelled ones unconditional', () => {
    const stroke = new Float32Array(IMAGE_DIM).fill(-1);
    for (let r = 3; r < 13; r++) stroke[r * 16 + 8] = 1;
    const drawn = buildImageSet({ kind: 'drawings', drawings: [stroke], labels: [1], count: 40 }, 3);
    expect(drawn.count).toBe(40);
    expect(Array.from(new Set(drawn.labels!))).toEqual([1]);
    const imported = buildImageSet({ kind: 'imported', pixels: stroke, count: 1 }, 3);
    expect(imported).toMatchObject({ count: 1, labels: null });

    // A handful of images: no held-out set, and no conditional net without labels.
    const { run, of } = setup({ target: { kind: 'imported', pixels: Float32Array.from([...stroke, ...stroke]), count: 2 } });
    const info = of('imagesData')[0].info;
    expect(info).toMatchObject({ trainCount: 2, heldOutCount: 0, labelled: false, conditional: false });

    // Labelled data with conditioning switched off: a plain net, but the data says it could be conditional.
    const plain = setup({ config: { ...settings().config, conditional: false } });
    expect(plain.of('imagesData')[0].info).toMatchObject({ labelled: true, conditional: false });
    plain.run.dispose();
    run.dispose();
  });

  it('draw the untrained model before the first training chunk', async () => {
    const { run, of } = setup({ target: { kind: 'digits', seed: 2, perClass: 5 } });
    run.apply({ type: 'imagesTrain', running: true, seq: 1 });
    await run.trainChunk();
    expect(of('imagesProgress').at(-1)!.step).toBe(0);
    await run.refresh();
    expect(of('imagesSnapshot').map((m) => m.snapshot.step)).toEqual([0]);
    await run.trainChunk();
    expect(of('imagesProgress').at(-1)!.step).toBeGreaterThan(0);
    run.dispose();
  });

  it('post weight checkpoints while training and on pausing, answer a weights request, and go on from given weights', async () => {
    const { run, of, posted } = setup();
    await run.refresh();
    run.apply({ type: 'imagesTrain', running: true, seq: 8 });
    for (let i = 0; i < 200 && (of('imagesProgress').at(-1)!.step < 20); i++) await run.trainChunk();
    // The first checkpoint comes with the first refresh while training; the next waits its gap.
    await run.refresh();
    const first = of('imagesCheckpoint');
    expect(first.length).toBe(1);
    expect(first[0].run).toBe(7);
    expect(first[0].checkpoint.step).toBeGreaterThanOrEqual(20);
    await run.trainChunk();
    await run.refresh();
    expect(of('imagesCheckpoint').length).toBe(1);
    // Pausing posts the final weights at once.
    run.apply({ type: 'imagesTrain', running: false, seq: 9 });
    expect(run.pending()).toBe(true);
    await run.refresh();
    const last = of('imagesCheckpoint').at(-1)!.checkpoint;
    const step = of('imagesProgress').at(-1)!.step;
    expect(last.step).toBe(step);
    expect(last.step).toBeGreaterThan(first[0].checkpoint.step);
    // A request for the weights (Save) gets the same step and weights.
    run.apply({ type: 'imagesWeights', id: 41 });
    await new Promise((r) => setTimeout(r, 50));
    const reply = posted.find((m): m is Extract<FromWorker, { type: 'imagesWeightsResult' }> => m.type === 'imagesWeightsResult')!;
    expect(reply.id).toBe(41);
    expect(reply.checkpoint!.step).toBe(step);
    expect(Array.from(reply.checkpoint!.weights.arrays[1])).toEqual(Array.from(last.weights.arrays[1]));

    // A new run given those weights (a crash, a scene file) starts at their step with their samples.
    const resumed = setup({ resume: { weights: { shape: last.weights.shape, arrays: last.weights.arrays.map((a) => a.slice()) }, step: last.step } });
    expect(resumed.of('imagesProgress')[0].step).toBe(step);
    await resumed.run.refresh();
    const a = of('imagesSnapshot').at(-1)!.snapshot;
    const b = resumed.of('imagesSnapshot')[0].snapshot;
    expect(b.step).toBe(step);
    // Same weights, same starts (the seed): the same final pictures.
    const lastFrame = (s: typeof a) => s.samples.subarray((s.frames - 1) * s.count * IMAGE_DIM);
    expect(Math.max(...lastFrame(a).map((v, i) => Math.abs(v - lastFrame(b)[i])))).toBeLessThan(1e-4);
    // A fresh run differs.
    const fresh = setup();
    await fresh.run.refresh();
    const c = fresh.of('imagesSnapshot')[0].snapshot;
    expect(Math.max(...lastFrame(a).map((v, i) => Math.abs(v - lastFrame(c)[i])))).toBeGreaterThan(0.05);
    run.dispose();
    resumed.run.dispose();
    fresh.run.dispose();
  }, 60_000);
});
