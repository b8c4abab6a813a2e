/// <reference lib="webworker" />
/**
 * The benchmark worker: the product's engine (Trainer, integrateTrajectories, fieldGrid) and the naive
 * baseline on one backend, in a module Worker like the app's. Posts one record per measurement.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_TRAIN, STAGE_EXTENT, type TrainConfig } from '../core/config';
import { parsePreset, samplePreset } from '../core/presets';
import { resample } from '../core/points';
import { createRng } from '../core/rng';
import { selectBackend, wasmThreadsAvailable } from '../engine/backendSelect';
import { fieldGrid, integrateTrajectories } from '../engine/sampling';
import { otPairing } from '../core/otAssignment';
import { gridPoints, logDensityAt, logDensityGrid } from '../engine/density';
import { makeReflowPairs } from '../engine/reflow';
import { gaussianLogDensity } from '../core/densityModels';
import { Trainer } from '../engine/trainer';
import { checkFusedAdam } from '../engine/adam';
import { initWeights, Mlp } from '../engine/mlp';
import { INPUT_SIZE } from '../core/timeFeatures';
import { countKernels, installKernelCounter } from './kernelCount';
import { NaiveTrainer, naiveDensityField } from './naive';
import { WORKLOADS, workloadLabel, type BenchRecord, type BenchRequest, type FromBench, type Workload } from './protocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromBench) => ctx.postMessage(m);
const log = (message: string) => post({ type: 'log', message });

let backendName = '';
const record = (r: Omit<BenchRecord, 'backend'>) => post({ type: 'record', record: { backend: backendName, ...r } as BenchRecord });

const SOURCE = samplePreset(parsePreset('gaussian'), 2000, 11);
const TARGET = samplePreset(parsePreset('moons'), 2000, 12);

const configOf = (w: Workload): TrainConfig => ({ ...DEFAULT_TRAIN, batchSize: w.batch, hiddenLayers: w.hiddenLayers, width: w.width });

function makeTrainer(w: Workload): Trainer {
  const trainer = new Trainer({ config: configOf(w), seed: 7, explicitTranspose: backendName === 'wasm' || backendName === 'cpu' });
  trainer.setClouds(SOURCE, TARGET);
  return trainer;
}

/** Steps per second of `run(n)` (n steps, synchronised at its end), over about `seconds`. */
async function stepsPerSecond(run: (n: number) => Promise<unknown>, seconds: number): Promise<{ sps: number; steps: number; ms: number }> {
  // Warm up (shader compilation, buffer pools), then size chunks to ~250 ms.
  await run(3);
  let chunk = 2;
  const w0 = performance.now();
  await run(chunk);
  const per = Math.max((performance.now() - w0) / chunk, 0.05);
  chunk = Math.max(1, Math.min(1000, Math.round(250 / per)));
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await run(chunk);
    steps += chunk;
  }
  const ms = performance.now() - t0;
  return { sps: (steps * 1000) / ms, steps, ms };
}

/**
 * Steps per second of several loops measured in turn, chunk by chunk (~250 ms each), for about
 * `seconds` each: on a loaded machine every loop sees the same load, so their ratios hold.
 */
async function interleavedStepsPerSecond(runs: ((n: number) => Promise<unknown>)[], seconds: number): Promise<{ sps: number; steps: number; ms: number }[]> {
  const chunks: number[] = [];
  for (const run of runs) {
    await run(3);
    const w0 = performance.now();
    await run(2);
    chunks.push(Math.max(1, Math.min(1000, Math.round(250 / Math.max((performance.now() - w0) / 2, 0.05)))));
  }
  const acc = runs.map(() => ({ steps: 0, ms: 0 }));
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 * runs.length) {
    for (let i = 0; i < runs.length; i++) {
      const c0 = performance.now();
      await runs[i](chunks[i]);
      acc[i].ms += performance.now() - c0;
      acc[i].steps += chunks[i];
    }
  }
  return acc.map((a) => ({ sps: (a.steps * 1000) / a.ms, steps: a.steps, ms: a.ms }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function trainingBench(req: BenchRequest): Promise<void> {
  for (const w of req.mode === 'quick' ? WORKLOADS.slice(0, 2) : WORKLOADS) {
    const label = workloadLabel(w);
    const trainer = makeTrainer(w);
    const naive = new NaiveTrainer(w, w.batch, DEFAULT_TRAIN.learningRate, SOURCE, TARGET, 7);
    const countSteps = req.mode === 'count' && w.batch >= 2048 ? 5 : 10;
    // Kernel counts first (they also warm up): the product over `countSteps` steps with the loss recorded
    // once per 10 steps as the app does; the naive loop per step.
    await trainer.train(2, 10);
    const prodCount = await countKernels(() => trainer.train(countSteps, 10));
    await naive.step();
    const naiveCount = await countKernels(() => naive.step());
    const onGpu = backendName === 'webgpu';
    const prodPerStep = (onGpu ? prodCount.programs : prodCount.kernels) / countSteps;
    const naivePerStep = onGpu ? naiveCount.programs : naiveCount.kernels;
    record({
      metric: 'kernels_per_step',
      workload: label,
      value: prodPerStep,
      unit: onGpu ? 'GPU programs/step' : 'kernels/step',
      tfjsKernelsPerStep: prodCount.kernels / countSteps,
      byName: prodCount.byName,
      steps: countSteps,
    });
    record({ metric: 'naive_kernels_per_step', workload: label, value: naivePerStep, unit: onGpu ? 'GPU programs/step' : 'kernels/step', tfjsKernelsPerStep: naiveCount.kernels });
    const naiveRun = async (n: number) => {
      for (let i = 0; i < n; i++) await naive.step();
    };
    if (req.mode !== 'count' && req.withOpsBackward && backendName !== 'webgpu') {
      // Before (the backward in tfjs ops) and after, with the naive loop, interleaved.
      const before = makeTrainer(w);
      before.model.hostBackward = false;
      const [prod, ops, base] = await interleavedStepsPerSecond([(n) => trainer.train(n, 10), (n) => before.train(n, 10), naiveRun], req.seconds);
      const how = 'interleaved ~250 ms chunks of product, product with the tfjs-ops backward, naive';
      record({ metric: 'train_steps_per_s', workload: label, value: prod.sps, unit: 'steps/s', steps: prod.steps, ms: prod.ms, how });
      record({ metric: 'train_steps_per_s_ops_backward', workload: label, value: ops.sps, unit: 'steps/s', steps: ops.steps, ms: ops.ms, how });
      record({ metric: 'naive_steps_per_s', workload: label, value: base.sps, unit: 'steps/s', steps: base.steps, ms: base.ms, how });
      record({ metric: 'speedup_vs_naive', workload: label, value: prod.sps / base.sps, unit: 'x' });
      record({ metric: 'speedup_ops_backward_vs_naive', workload: label, value: ops.sps / base.sps, unit: 'x' });
      before.dispose();
    } else if (req.mode !== 'count') {
      const prod = await stepsPerSecond((n) => trainer.train(n, 10), req.seconds);
      record({ metric: 'train_steps_per_s', workload: label, value: prod.sps, unit: 'steps/s', steps: prod.steps, ms: prod.ms });
      const base = await stepsPerSecond(naiveRun, req.seconds);
      record({ metric: 'naive_steps_per_s', workload: label, value: base.sps, unit: 'steps/s', steps: base.steps, ms: base.ms });
      record({ metric: 'speedup_vs_naive', workload: label, value: prod.sps / base.sps, unit: 'x' });
    }
    trainer.dispose();
    naive.dispose();
    log(`${label} done`);
  }
}

async function samplingBench(quick: boolean): Promise<void> {
  const w = WORKLOADS[1];
  const trainer = makeTrainer(w);
  await trainer.train(50, 50);
  const start = resample(SOURCE, 2000, 0, createRng(3));
  const integ: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await integrateTrajectories(trainer.model, { start, steps: 100, solver: 'euler' });
    integ.push(performance.now() - t0);
  }
  record({ metric: 'integrate_2000x100_euler_ms', workload: 'model 3x128', value: median(integ.slice(1)), unit: 'ms', first: integ[0], runs: integ.slice(1) });
  const integCount = await countKernels(() => integrateTrajectories(trainer.model, { start, steps: 100, solver: 'euler' }));
  record({ metric: 'integrate_kernels', workload: 'model 3x128', value: backendName === 'webgpu' ? integCount.programs : integCount.kernels, unit: 'kernels' });
  const times = new Float32Array(21).map((_, i) => i / 20);
  const field: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await fieldGrid(trainer.model, times, 20, STAGE_EXTENT);
    field.push(performance.now() - t0);
  }
  record({ metric: 'field_grid_21x20x20_ms', workload: 'model 3x128', value: median(field.slice(1)), unit: 'ms', first: field[0], runs: field.slice(1) });
  await labBench(trainer, quick);
  trainer.dispose();
}

/** The laboratory's heavy work, as the worker runs it: OT pairing, the density grid, reflow pairs. */
async function labBench(trainer: Trainer, quick: boolean): Promise<void> {
  const timeIt = async (runs: number, f: () => unknown): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await f();
      out.push(performance.now() - t0);
    }
    return out;
  };
  for (const n of [256, 512]) {
    const rng = createRng(n);
    const x0 = resample(SOURCE, n, 0, rng);
    const x1 = resample(SOURCE, n, 0.5, rng).map((v, i) => (i % 2 === 0 ? v + 3 : v));
    const ot = await timeIt(6, () => otPairing(x0, x1));
    record({ metric: 'ot_assignment_ms', workload: `batch ${n}`, value: median(ot.slice(1)), unit: 'ms', runs: ot.slice(1) });
  }
  const density = await timeIt(2, () => logDensityGrid(trainer.model, { gridSize: 40, extent: STAGE_EXTENT, t: 1, steps: 6, solver: 'rk4', sourceLogDensity: gaussianLogDensity([0, 0], 1) }));
  record({ metric: 'density_grid_40x40_t1_ms', workload: 'model 3x128, RK4 6 steps', value: median(density), unit: 'ms', runs: density });
  if (quick) return;
  const reflow = await timeIt(2, () => makeReflowPairs(trainer.model, SOURCE, 4096, 50, 'euler', 1));
  record({ metric: 'reflow_pairs_4096x50_ms', workload: 'model 3x128', value: median(reflow), unit: 'ms', runs: reflow });
}

/**
 * The density grid alone (BENCH_ONLY=density): the product and the naive tf.grad field on the same
 * trained 3x128 model, interleaved so both see the same load, and their largest difference.
 */
async function densityBench(): Promise<void> {
  const trainer = makeTrainer(WORKLOADS[1]);
  await trainer.train(200, 50);
  const opts = { gridSize: 40, extent: STAGE_EXTENT, t: 1, steps: 6, solver: 'rk4' as const, sourceLogDensity: gaussianLogDensity([0, 0], 1) };
  const product: number[] = [];
  const naive: number[] = [];
  let a: Float32Array = new Float32Array(0);
  let b: Float32Array = new Float32Array(0);
  for (let round = 0; round < 4; round++) {
    let t0 = performance.now();
    a = await logDensityGrid(trainer.model, opts);
    product.push(performance.now() - t0);
    t0 = performance.now();
    a = await logDensityGrid(trainer.model, opts);
    product.push(performance.now() - t0);
    if (round % 2 === 1) continue;
    t0 = performance.now();
    b = await logDensityAt(naiveDensityField(trainer.model), gridPoints(opts.gridSize, opts.extent), opts);
    naive.push(performance.now() - t0);
  }
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  // The first product run warms up (XNNPACK packs the weights once); the naive runs are few and long.
  const runs = product.slice(1);
  record({ metric: 'density_grid_40x40_t1_ms', workload: 'model 3x128, RK4 6 steps', value: median(runs), unit: 'ms', first: product[0], runs });
  record({ metric: 'naive_density_grid_40x40_t1_ms', workload: 'model 3x128, RK4 6 steps, tf.grad divergence', value: median(naive), unit: 'ms', runs: naive });
  record({ metric: 'density_speedup_vs_naive', workload: 'model 3x128', value: median(naive) / median(runs), unit: 'x' });
  record({ metric: 'density_max_abs_diff_vs_naive', workload: 'log p, 1,600 cells', value: maxDiff, unit: 'abs' });
  trainer.dispose();
}

async function memoryBench(steps: number): Promise<void> {
  const w = WORKLOADS[1];
  const trainer = makeTrainer(w);
  await trainer.train(50, 10);
  const before = tf.memory();
  const t0 = performance.now();
  let done = 0;
  let lastLoss = NaN;
  while (done < steps) {
    const n = Math.min(500, steps - done);
    const losses = await trainer.train(n, 10);
    lastLoss = losses[losses.length - 1].loss;
    done += n;
  }
  const ms = performance.now() - t0;
  const after = tf.memory();
  const flat = after.numTensors === before.numTensors && after.numBytes === before.numBytes;
  record({
    metric: 'memory_flat',
    workload: `${workloadLabel(w)}, ${steps} steps`,
    value: flat ? 1 : 0,
    unit: 'bool',
    numTensorsBefore: before.numTensors,
    numTensorsAfter: after.numTensors,
    numBytesBefore: before.numBytes,
    numBytesAfter: after.numBytes,
    stepsPerSecond: (steps * 1000) / ms,
    finalLoss: lastLoss,
  });
  trainer.dispose();
}

/** Gradients with the custom WebGPU kernels against the same hand-written backward in plain tfjs ops. */
async function checkCustomGradients(): Promise<{ maxRelErr: number }> {
  const model = new Mlp(initWeights({ hiddenLayers: 3, width: 128 }, 5), { explicitTranspose: false });
  const rng = createRng(4);
  const x = tf.tensor2d(Float32Array.from({ length: 512 * INPUT_SIZE }, () => rng.normal()), [512, INPUT_SIZE]);
  const y = tf.tensor2d(Float32Array.from({ length: 1024 }, () => rng.normal()), [512, 2]);
  const run = (custom: boolean) => {
    model.useCustomKernels = custom;
    return tf.tidy(() => tf.concat(model.gradientsFor(x, y, true).grads.map((g) => tf.reshape(g, [-1]))));
  };
  const a = run(true);
  const b = run(false);
  const [av, bv] = await Promise.all([a.data(), b.data()]);
  let maxAbs = 0;
  let maxErr = 0;
  for (let i = 0; i < av.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(bv[i]));
    maxErr = Math.max(maxErr, Math.abs(av[i] - bv[i]));
  }
  [a, b, x, y].forEach((t) => t.dispose());
  model.dispose();
  return { maxRelErr: maxErr / maxAbs };
}

async function run(req: BenchRequest): Promise<void> {
  backendName = req.backend;
  const report = await selectBackend(req.backend);
  backendName = report.name;
  if (report.name !== req.backend) throw new Error(`asked for ${req.backend}, got ${report.name}: ${report.fallbackReason}`);
  installKernelCounter();
  record({
    metric: 'backend',
    value: null,
    unit: '',
    adapter: report.adapter,
    wasmThreads: report.name === 'wasm' ? await wasmThreadsAvailable() : false,
    // The pool XNNPACK's matMuls (and only they, in tfjs-wasm) run on: 2 on a 2-core machine.
    wasmThreadsCount: report.name === 'wasm' ? (tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }).wasm.tfjs.getThreadsCount() : null,
    crossOriginIsolated: (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    mode: req.mode,
  });
  if (req.mode === 'density') return densityBench();
  if (report.name === 'webgpu') {
    const check = await checkFusedAdam();
    record({ metric: 'fused_adam_max_abs_err', value: check.maxAbsErr, unit: 'abs', fused: check.fused, perParam: check.perParam, note: 'fused kernel vs plain tfjs ops, same inputs, 3 steps' });
    const grads = await checkCustomGradients();
    record({ metric: 'custom_kernels_grad_max_rel_err', value: grads.maxRelErr, unit: 'rel', note: 'hand-written backward with the custom WebGPU kernels vs plain tfjs ops, 3x128, batch 512' });
    const dev = (tf.backend() as unknown as { device: GPUDevice }).device;
    dev.pushErrorScope('validation');
    await trainingBench(req);
    const err = await dev.popErrorScope();
    record({ metric: 'webgpu_validation_errors', value: err ? 1 : 0, unit: 'count', message: err?.message ?? null });
  } else await trainingBench(req);
  if (req.mode !== 'count' && !req.trainOnly) {
    await samplingBench(req.mode === 'quick');
    if (req.memorySteps > 0) await memoryBench(req.memorySteps);
  }
}

ctx.onmessage = (ev: MessageEvent<BenchRequest>) => {
  run(ev.data)
    .then(() => post({ type: 'done' }))
    .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }));
};
