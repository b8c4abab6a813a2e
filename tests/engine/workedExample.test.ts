/**
 * The worked-example lesson as the app runs it on wasm, but with the learning-rate schedule applied
 * at its exact steps: the network's own five Euler steps must land on (0,-5) (1,-4) ... (5,0) to 1e-3.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_TRAIN } from '../../src/core/config';
import { LESSONS, stopMisses } from '../../src/core/lessons';
import { integrateTrajectories } from '../../src/engine/sampling';
import { Trainer } from '../../src/engine/trainer';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('the worked-example lesson', () => {
  it('trains until every Euler stop is within 1e-3', async () => {
    const lesson = LESSONS.find((l) => l.id === 'worked-example')!;
    const { train, schedule, stopAtStep, markers, sample } = lesson.setup;
    const config = { ...DEFAULT_TRAIN, ...train };
    const trainer = new Trainer({ config, seed: 1, explicitTranspose: true });
    trainer.setClouds(new Float32Array(markers!.from), new Float32Array(markers!.to));
    const bounds = [...schedule!.map((e) => e.fromStep), stopAtStep!];
    for (let i = 0; i < schedule!.length; i++) {
      trainer.setConfig({ ...config, learningRate: schedule![i].learningRate }, 1);
      await trainer.train(bounds[i + 1] - bounds[i], 1000);
    }
    expect(trainer.step).toBe(stopAtStep);
    const path = await integrateTrajectories(trainer.model, { start: new Float32Array(markers!.from), steps: sample.steps, solver: sample.solver });
    const misses = stopMisses(path, markers!)!;
    console.log(`worked example (wasm, exact schedule): misses ${misses.map((m) => m.toExponential(1)).join(' ')}`);
    expect(Math.max(...misses)).toBeLessThan(1e-3);
    trainer.dispose();
  }, 240_000);
});
