/** fm's image commands as real processes (the bundle npm run fm runs): train, sample --png, metrics, PNG folders, errors. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDigits } from '../../src/core/images/digits16';
import { IMAGE_DIM, toByte } from '../../src/core/images/imageSet';
import { decodePng, encodeGrayPng } from '../../src/core/images/png';
import { parseImageSceneText, parseSceneText } from '../../src/core/sceneParse';
import { buildCli, removeCli, runCli, type Run } from './cliRun';

const SLOW = 40_000;
const fm = (...args: string[]): Promise<Run> => runCli(args);

let dir: string;
let scenePath: string;

beforeAll(async () => {
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'fm-img-'));
  scenePath = join(dir, 'digits.json');
  const r = await fm('train', '--data', 'digits16', '--per-class', '20', '--steps', '60', '--layers', '1', '--width', '32', '--batch', '32', '--seed', '4', '--out', scenePath);
  if (r.status !== 0) throw new Error(`fm train exited ${r.status}: ${r.stderr}`);
  expect(r.stderr).toMatch(/training 60 steps of a 1 x 32 net on digits16 \(seed 4, 20 a class\) \(180 for training\)/);
  expect(r.stderr).toMatch(/wrote .*digits\.json \(60 steps, final loss \d/);
}, 90_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

describe('fm on images', () => {
  it('train --data digits16 writes a version-3 image scene with the recipe, config and weights', () => {
    const s = parseImageSceneText(readFileSync(scenePath, 'utf8'));
    expect(s.version).toBe(3);
    expect(s.seed).toBe(4);
    expect(s.images.data).toEqual({ kind: 'digits16', seed: 4, perClass: 20 });
    expect(s.images.train).toMatchObject({ hiddenLayers: 1, width: 32, batchSize: 32, conditional: true });
    expect(s.images.weights?.step).toBe(60);
    expect(s.images.weights?.shape).toEqual({ hiddenLayers: 1, width: 32, dim: IMAGE_DIM, conditional: true, classes: 10 });
    // The 2D reader says where the file belongs.
    expect(() => parseSceneText(readFileSync(scenePath, 'utf8'))).toThrow(/Images view/);
  });

  it('sample --png writes a grid of 64 (8 x 8 at scale 4); metrics prints the fit, its floor and the ratio', async () => {
    const png = join(dir, 'grid.png');
    const [r, m] = await Promise.all([fm('sample', '--scene', scenePath, '--png', png, '--class', '3', '--guidance', '2', '--steps', '8'), fm('metrics', '--scene', scenePath, '--n', '64', '--steps', '8')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*grid\.png \(64 samples, 8 euler steps, digit 3, guidance 2\)/);
    const img = decodePng(new Uint8Array(readFileSync(png)));
    expect([img.width, img.height]).toEqual([8 * 64 + 9 * 4, 8 * 64 + 9 * 4]);
    expect(m.status, m.stderr).toBe(0);
    const j = JSON.parse(m.stdout);
    expect(j.samples).toBe(64);
    expect(j.heldOut).toBe(20);
    expect(j.train).toBe(180);
    expect(j.slicedW2).toBeGreaterThan(0);
    expect(j.slicedW2Floor.mean).toBeGreaterThan(0);
    expect(j.slicedW2Floor.mean).toBeLessThan(j.slicedW2);
    expect(j.slicedW2Floor.sd).toBeGreaterThanOrEqual(0);
    expect(j.nearestRatio).toBeGreaterThan(0);
    expect(j.classAgreement).toBeGreaterThanOrEqual(0);
    expect(j.classAgreement).toBeLessThanOrEqual(1);
  }, SLOW);

  it('train --data DIR reads PNG files, labelled by a leading digit', async () => {
    const data = join(dir, 'pngs');
    mkdirSync(data);
    const digits = makeDigits({ seed: 2, perClass: 2 });
    for (let i = 0; i < digits.count; i++) {
      // 32 x 32, dark ink on white paper: the reader resizes and inverts.
      const gray = new Uint8Array(32 * 32);
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) gray[y * 32 + x] = 255 - toByte(digits.pixels[i * IMAGE_DIM + (y >> 1) * 16 + (x >> 1)]);
      writeFileSync(join(data, `${digits.labels![i]}_${i}.png`), encodeGrayPng(32, 32, gray));
    }
    const out = join(dir, 'folder.json');
    const r = await fm('train', '--data', data, '--steps', '5', '--layers', '1', '--width', '8', '--batch', '8', '--held-out', '0', '--out', out, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const s = parseImageSceneText(readFileSync(out, 'utf8'));
    if (s.images.data.kind !== 'imported') throw new Error('expected imported data');
    expect(s.images.data.images.length).toBe(20);
    expect(s.images.data.labels).toEqual(Array.from({ length: 20 }, (_, i) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort()[i]));
    // The first file (0_0.png) comes back as the digit it was drawn from, ink +1.
    const back = s.images.data.images[0];
    let err = 0;
    for (let p = 0; p < IMAGE_DIM; p++) err = Math.max(err, Math.abs(back[p] - digits.pixels[p]));
    expect(err).toBeLessThan(0.02);
    expect(s.images.train.conditional).toBe(true);
  }, SLOW);

  it('bad input exits 2 with one line', async () => {
    const runs = await Promise.all([
      fm('train', '--data', join(dir, 'nope'), '--out', join(dir, 'x.json')),
      fm('sample', '--scene', scenePath),
      fm('sample', '--scene', scenePath, '--png', join(dir, 'y.png'), '--class', '10'),
      fm('train', '--data', 'digits16', '--width', '0', '--out', join(dir, 'z.json')),
    ]);
    const want = [/--data must be digits16 or a folder of PNG files/, /give --png FILE/, /--class must be between 0 and 9 \(got 10\)/, /--width must be between 4 and 1024 \(got 0\)/];
    runs.forEach((r, i) => {
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(want[i]);
    });
  }, SLOW);
});
