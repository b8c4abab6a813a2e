/**
 * Model runs on tfjs's cpu backend in Node, driven by the worker's scheduler with a fake postMessage:
 * two runs train side by side, each with its own progress, snapshots and checkpoints; a run whose
 * loss runs away stops and names its last good step, and restoring goes back to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_LAB, DEFAULT_SAMPLE, DEFAULT_TRAIN, type TrainConfig } from '../../src/core/config';
import { createRng } from '../../src/core/rng';
import { ModelRun, type RunHost } from '../../src/worker/modelRun';
import { Scheduler } from '../../src/worker/scheduler';
import type { BackendReport, FromWorker } from '../../src/worker/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const backend: BackendReport = { name: 'cpu', requested: 'cpu', fallbackReason: null, wasmThreads: false, adapter: null };
const small: TrainConfig = { ...DEFAULT_TRAIN, hiddenLayers: 1, width: 16, batchSize: 64 };
const sample = { ...DEFAULT_SAMPLE, particles: 50, steps: 5 };

function cloud(n: number, cx: number, cy: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? cx : cy) + 0.3 * rng.normal());
}

/** A scheduler holding runs, each with its own fake host collecting what it posts. */
function worker() {
  const posted = new Map<string, FromWorker[]>();
  const errors: unknown[] = [];
  const scheduler = new Scheduler<ModelRun>({ post: () => {}, apply: async () => {}, onError: (e) => errors.push(e) });
  const addRun = async (id: string, seed: number, source: Float32Array, target: Float32Array) => {
    const out: FromWorker[] = [];
    posted.set(id, out);
    const host: RunHost = {
      post: (m) => out.push(m),
      backend: () => backend,
      lab: () => DEFAULT_LAB,
      memory: () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes }),
      wake: () => scheduler.wake(),
    };
    const run = scheduler.add(new ModelRun(id, host, seed));
    run.startTrainer();
    await run.begin();
    await run.setConfig(small, sample);
    await run.setClouds(source, target, false);
    return run;
  };
  const until = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 4000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  };
  return { scheduler, posted, errors, addRun, until };
}

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) => msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('model runs in the scheduler', () => {
  it('two runs train side by side, each posting its own progress, snapshot and checkpoints; disposing frees their tensors', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const w = worker();
    const a = await w.addRun('a', 1, cloud(200, -2, 0, 1), cloud(200, 2, 0, 2));
    const b = await w.addRun('b', 2, cloud(200, 0, -2, 3), cloud(200, 0, 2, 4));
    a.setSchedule(null, 40);
    b.setSchedule(null, 25);
    a.setRunning(true);
    b.setRunning(true);
    w.scheduler.wake();
    await w.until(() => !a.running && !b.running && !a.pending() && !b.pending(), 'both runs to reach their stop step');
    expect(w.errors).toEqual([]);
    expect(a.trainer!.step).toBe(40);
    expect(b.trainer!.step).toBe(25);
    for (const [id, step] of [['a', 40], ['b', 25]] as const) {
      const msgs = w.posted.get(id)!;
      const progress = of(msgs, 'progress');
      expect(progress.at(-1)!.step).toBe(step);
      expect(progress.every((p) => Array.from(p.losses).every(Number.isFinite))).toBe(true);
      const snap = of(msgs, 'snapshot').at(-1)!.snapshot;
      expect(snap.step).toBe(step);
      expect(snap.particles).toBe(50);
      expect(Number.isFinite(snap.fit)).toBe(true);
      expect(of(msgs, 'checkpoints').at(-1)!.steps.at(-1)).toBeLessThanOrEqual(step);
    }
    // Chunks alternate: the runs' progress messages interleave rather than one run finishing first.
    expect(of(w.posted.get('b')!, 'progress').length).toBeGreaterThan(1);
    w.scheduler.remove('a');
    w.scheduler.remove('b');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 60_000);

  it('a runaway loss stops the run with the last good step; restoring goes back to those weights', async () => {
    const w = worker();
    const run = await w.addRun('r', 3, cloud(200, -2, 0, 5), cloud(200, 2, 0, 6));
    run.setSchedule(null, 20);
    run.setRunning(true);
    w.scheduler.wake();
    await w.until(() => !run.running && !run.pending(), 'the first 20 steps');
    const good = run.guard.lastGood;
    expect(good?.step).toBeGreaterThan(0);
    const out = w.posted.get('r')!;
    expect(of(out, 'weights').at(-1)!.step).toBe(good!.step);
    // A target thousands of units away: the loss is far beyond DIVERGED_LOSS at once (warm: the model stays).
    await run.setClouds(run.source, cloud(200, 5000, 5000, 7), true);
    run.setSchedule(null, null);
    run.setRunning(true);
    w.scheduler.wake();
    await w.until(() => of(out, 'diverged').length > 0 && !run.pending(), 'the divergence');
    const diverged = of(out, 'diverged')[0];
    expect(diverged.lastGoodStep).toBe(good!.step);
    expect(run.running).toBe(false);
    expect(run.wantRunning).toBe(false);
    await run.restoreLastGood();
    expect(run.trainer!.step).toBe(good!.step);
    expect(of(out, 'reset').at(-1)!.step).toBe(good!.step);
    const restored = await run.trainer!.model.getWeights();
    expect(Array.from(restored.arrays[0])).toEqual(Array.from(good!.weights.arrays[0]));
    w.scheduler.remove('r');
  }, 60_000);
});
