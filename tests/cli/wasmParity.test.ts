/**
 * The command line trains on wasm with the app's numbers: fm train's code path (in-process and as a
 * real process, bundled as npm run fm runs it) against the app's trainer built as the worker builds it, on the wasm backend in Node,
 * same scene and seed: the same losses step for step and the same weights.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startNodeBackend } from '../../src/cli/nodeBackend';
import { trainPresets } from '../../src/cli/trainPresets';
import { DEFAULT_TRAIN, type TrainConfig } from '../../src/core/config';
import { couplerFor } from '../../src/core/couplers';
import { parseSceneText } from '../../src/core/sceneParse';
import type { MlpWeights } from '../../src/engine/mlp';
import { Trainer, type LossPoint } from '../../src/engine/trainer';
import { explicitTransposeFor } from '../../src/engine/trainerOptions';
import { presetCloud } from '../../src/core/scene';
import { DEFAULT_SEED, DEFAULT_SOURCE, DEFAULT_TARGET } from '../../src/state/sceneStore';

import { buildCli, removeCli, runCli as fm } from './cliRun';

/**
 * The app's path: the trainer as src/worker/engine.worker.ts builds it (newTrainer) on the clouds
 * the page sends (core/scene's presetCloud), trained in the worker's uneven chunks.
 */
async function appTraining(config: TrainConfig, seed: number, steps: number, lossEvery: number): Promise<{ losses: LossPoint[]; weights: MlpWeights }> {
  const trainer = new Trainer({ config, seed, explicitTranspose: explicitTransposeFor(tf.getBackend()), coupler: (cfg) => couplerFor(cfg.coupling) });
  trainer.setClouds(presetCloud('source', DEFAULT_SOURCE, seed), presetCloud('target', DEFAULT_TARGET, seed));
  const losses: LossPoint[] = [];
  const chunks = [5, 3, 11, 1];
  for (let i = 0; trainer.step < steps; i++) losses.push(...(await trainer.train(Math.min(chunks[i % chunks.length], steps - trainer.step), lossEvery)));
  const weights = await trainer.model.getWeights();
  trainer.dispose();
  return { losses, weights };
}

function maxAbsDiff(a: MlpWeights, b: MlpWeights): number {
  let m = 0;
  a.arrays.forEach((x, i) => x.forEach((v, j) => (m = Math.max(m, Math.abs(v - b.arrays[i][j])))));
  return m;
}

let dir: string;

beforeAll(async () => {
  const info = await startNodeBackend('wasm');
  expect(info.name).toBe('wasm');
  dir = mkdtempSync(join(tmpdir(), 'fm-wasm-'));
  await buildCli();
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

describe('fm train on wasm', () => {
  it("gives the app trainer's losses step for step on the default scene and settings, and disposes every tensor", async () => {
    expect(tf.getBackend()).toBe('wasm');
    const steps = 24;
    const app = await appTraining(DEFAULT_TRAIN, DEFAULT_SEED, steps, 1);
    const before = tf.memory().numTensors;
    const cliLosses: LossPoint[] = [];
    const cli = await trainPresets(
      { sourceSpec: DEFAULT_SOURCE, targetSpec: DEFAULT_TARGET, seed: DEFAULT_SEED, steps, train: DEFAULT_TRAIN, lossEvery: 1 },
      (_, losses) => cliLosses.push(...losses),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(cliLosses.map((p) => p.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(app.losses.map((p) => p.step)).toEqual(cliLosses.map((p) => p.step));
    cliLosses.forEach((p, i) => expect(Math.abs(p.loss - app.losses[i].loss), `step ${p.step}`).toBeLessThanOrEqual(1e-6 * app.losses[i].loss));
    expect(cli.lastLoss).toBe(cliLosses[steps - 1].loss);
    expect(maxAbsDiff(cli.weights, app.weights)).toBeLessThanOrEqual(1e-6);
    // The clouds are the page's.
    expect(cli.source).toEqual(presetCloud('source', DEFAULT_SOURCE, DEFAULT_SEED));
    expect(cli.target).toEqual(presetCloud('target', DEFAULT_TARGET, DEFAULT_SEED));
  }, 60_000);

  it("as a process: wasm by default, the app's weights after the same steps, a progress line, and it exits", async () => {
    const out = join(dir, 'wasm.json');
    const seed = 5;
    const steps = 30;
    const r = await fm(['train', '--source', DEFAULT_SOURCE, '--target', DEFAULT_TARGET, '--steps', String(steps), '--seed', String(seed), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const { hiddenLayers, width, batchSize } = DEFAULT_TRAIN;
    expect(lines[0]).toBe(`fm: training 30 steps of ${hiddenLayers} x ${width}, batch ${batchSize}, on wasm (SIMD)`);
    // stderr is a pipe here: whole lines, the last one with the time taken.
    expect(lines[lines.length - 2]).toMatch(/^fm: step 30\/30 {2}loss \d+\.\d{4} {2}[\d.]+ steps\/s {2}in \d+\.\d s$/);
    expect(lines[lines.length - 1]).toMatch(/^fm: wrote .*wasm\.json \(30 steps, final loss \d+\.\d{4}, /);
    const scene = parseSceneText(readFileSync(out, 'utf8'));
    const app = await appTraining(DEFAULT_TRAIN, seed, steps, 10);
    // Equal to the last bit: the same wasm build runs the same kernels in the same order. (The CPU
    // backend's weights differ from these by ~1e-7 after 30 steps, so a tolerance could not tell.)
    expect(maxAbsDiff({ shape: scene.weights!.shape, arrays: scene.weights!.arrays }, app.weights)).toBe(0);
    const finalLoss = Number(/final loss (\d+\.\d+)/.exec(lines[lines.length - 1])![1]);
    expect(finalLoss).toBeCloseTo(app.losses[app.losses.length - 1].loss, 4);
  }, 60_000);

  it('--backend cpu trains on the CPU backend; a wasm that cannot start says so in one line and names --backend cpu', async () => {
    const cpuOut = join(dir, 'cpu.json');
    const [cpu, broken, bad] = await Promise.all([
      fm(['train', '--source', 'gaussian', '--target', 'moons', '--steps', '3', '--width', '16', '--batch', '32', '--backend', 'cpu', '--out', cpuOut]),
      fm(['train', '--source', 'gaussian', '--target', 'moons', '--steps', '3', '--out', join(dir, 'broken.json')], { FM_WASM_DIR: join(dir, 'no-such-folder') }),
      fm(['sample', '--scene', join(dir, 'any.json'), '--backend', 'gpu']),
    ]);
    expect(cpu.status, cpu.stderr).toBe(0);
    expect(cpu.stderr).toMatch(/^fm: training 3 steps of 3 x 16, batch 32, on cpu$/m);
    expect(parseSceneText(readFileSync(cpuOut, 'utf8')).weights?.step).toBe(3);
    expect(broken.status).toBe(1);
    const brokenLines = broken.stderr.trim().split('\n');
    expect(brokenLines).toHaveLength(1);
    expect(brokenLines[0]).toMatch(/^fm: error: the wasm backend could not start \(.*no such file or directory.*\): run again with --backend cpu/);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^fm: error: --backend must be one of wasm, cpu \(got "gpu"\)$/);
  }, 60_000);
});
