/// <reference lib="webworker" />
/**
 * The training worker: owns tfjs, the backend and the model. It trains in short chunks, posts losses
 * after each and a snapshot (trajectories, field grid, fit score) every so often, and never waits on
 * the UI. Every incoming message is applied between chunks, in order.
 */
import { DEFAULT_LAB, DEFAULT_SAMPLE, DEFAULT_TRAIN, STAGE_EXTENT, stepCostChanged, type LabConfig, type SampleConfig, type TrainConfig } from '../core/config';
import { nextBoundary, rateAt, type RateStep } from '../core/rateSchedule';
import { couplerFor } from '../core/couplers';
import type { Coupler } from '../core/trainingBatch';
import { createPairedCoupler, makeReflowPairs } from '../engine/reflow';
import { computeMetrics, densityGrid, reverseTrajectories, targetFloors, type TargetDraws } from './lab';
import { slicedW2 } from '../core/metrics';
import { NoiseFloorCache } from '../core/noiseFloor';
import { resample } from '../core/points';
import { createRng, deriveSeed } from '../core/rng';
import { endPoints } from '../core/solvers';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../engine/backendSelect';
import type { MlpWeights } from '../engine/mlp';
import { compileSampling, fieldGrid, integrateTrajectories, velocitiesAt } from '../engine/sampling';
import { Trainer } from '../engine/trainer';
import { explicitTransposeFor } from '../engine/trainerOptions';
import { transferablesOf, type BackendReport, type FromWorker, type Snapshot, type ToWorker } from './protocol';
import { isCheckpointStep, nextCheckpointStep } from '../core/checkpointSchedule';
import { CheckpointHistory, HistoryView } from './checkpoints';
import { trainOneBatch } from './singleStep';
import { nextChunkSize } from '../core/chunkSize';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

/** Wall time of one training chunk: short enough that messages are handled promptly. */
const CHUNK_MS = 60;
const SNAPSHOT_MS = 500;
const GOOD_WEIGHTS_MS = 2000;
const FIT_SAMPLES = 1000;
const FIELD_TIMES = 21;
/** While a cloud is being dragged or drawn, snapshots use fewer particles and steps to keep up. */
const LIVE_MS = 700;
const LIVE_PARTICLES = 600;
const LIVE_STEPS = 20;
const LIVE_SNAPSHOT_GAP_MS = 100;
const GRID_SIZE = 20;

let backend: BackendReport | null = null;
let trainer: Trainer | null = null;
let trainCfg: TrainConfig = { ...DEFAULT_TRAIN };
/**
 * Steps per training chunk, re-sized after each chunk to take about CHUNK_MS. It starts at one step
 * and at most doubles per chunk: a slow backend (a software adapter compiling its kernels) shows its
 * first progress after one step instead of after a chunk sized for a fast one.
 */
let stepsPerChunk = 1;
/** A lesson's learning-rate schedule (overrides the configured rate) and where training pauses. */
let rates: RateStep[] | null = null;
let stopAtStep: number | null = null;
let sampleCfg: SampleConfig = { ...DEFAULT_SAMPLE };
let lab: LabConfig = { ...DEFAULT_LAB };
let draws: TargetDraws | null = null;
let reverseStarts: Float32Array = new Float32Array(0);
let lastMetricsAt = -Infinity;
let metricsWanted = false;
/** Reflow: pairs from the model's own flow replace the coupling while a round fine-tunes. */
let reflowCoupler: Coupler | null = null;
let reflowRound = 0;
let reflowStepsLeft = 0;
const METRICS_MS = 3000;
const DIVERGED_LOSS = 1e6;
/** Lowest loss since the clouds or the model last changed: a chunk far above it is not "good". */
let bestLoss = Infinity;
let metricsInterval = METRICS_MS;
const REFLOW_PAIRS = 4096;
let seed = 1;
let source: Float32Array = new Float32Array(0);
let target: Float32Array = new Float32Array(0);
let running = false;
/** What the user asked for last: a device loss may stop `running` mid-chunk, this survives it. */
let wantRunning = false;
/** Between a GPU device loss and the move to another backend: errors from the dead device are expected. */
let deviceLost = false;
let hidden = false;
let particleStarts: Float32Array = new Float32Array(0);
let targetDrawA: Float32Array = new Float32Array(0);
/** The fit's noise floor (mean and spread over pairs of target draws), recomputed only when the target draws change. */
const fitFloors = new NoiseFloorCache(FIT_SAMPLES);
let lastSnapshotAt = 0;
let lastGoodAt = 0;
let lastGood: { weights: MlpWeights; step: number } | null = null;
let snapshotWanted = false;
let lastCloudChangeAt = -Infinity;
let fullSnapshotTimer = 0;
let snapshotInterval = SNAPSHOT_MS;
let loopActive = false;
const queue: ToWorker[] = [];
/** Weights at log-spaced steps, and which of them (or the live weights) the snapshots show. */
const history = new CheckpointHistory();
const historyView = new HistoryView();

function post(msg: FromWorker): void {
  ctx.postMessage(msg, transferablesOf(msg));
}

function notice(level: 'info' | 'warning' | 'error', message: string): void {
  post({ type: 'notice', level, message });
}

/** Particles and the target draws for the fit score, re-drawn whenever the clouds change. */
function redrawSamples(): void {
  if (source.length > 0) {
    particleStarts = resample(source, sampleCfg.particles, trainCfg.jitter, createRng(deriveSeed(seed, 'particles')));
  } else particleStarts = new Float32Array(0);
  if (target.length > 0) {
    targetDrawA = resample(target, FIT_SAMPLES, trainCfg.jitter, createRng(deriveSeed(seed, 'fit-a')));
    draws = null; // the energy floor is costlier: computed when the metrics panel first needs it
    reverseStarts = resample(target, Math.min(sampleCfg.particles, 1000), trainCfg.jitter, createRng(deriveSeed(seed, 'reverse')));
  } else {
    targetDrawA = new Float32Array(0);
    draws = null;
    reverseStarts = new Float32Array(0);
  }
  metricsWanted = true;
}

const isLive = (): boolean => performance.now() - lastCloudChangeAt < LIVE_MS;

/** During a drag the last floor stands; the full snapshot after the gesture brings it up to date. */
const currentFloor = (live: boolean) => fitFloors.get(target, trainCfg.jitter, seed, live);

const fieldTimesArray = (): Float32Array => new Float32Array(FIELD_TIMES).map((_, i) => i / (FIELD_TIMES - 1));

/** The network the page sees: a history checkpoint's, or the live one. */
const shown = (t: Trainer) => historyView.resolve(history, { model: t.model, step: t.step }, backend?.name === 'wasm' || backend?.name === 'cpu');

/** Keep the weights of this step when the schedule wants it (or `force`: a new start), and tell the page. */
async function recordCheckpoint(force = false): Promise<void> {
  if (!trainer || (!force && !isCheckpointStep(trainer.step))) return;
  history.add(trainer.step, await trainer.model.getWeights());
  post({ type: 'checkpoints', steps: history.steps() });
}

/** New or loaded weights: the history starts over at the trainer's step. */
async function restartHistory(): Promise<void> {
  history.clear();
  historyView.clear();
  await recordCheckpoint(true);
}

async function makeSnapshot(): Promise<void> {
  if (!trainer) return;
  const { model, step: shownStep, fromHistory } = shown(trainer);
  const live = isLive();
  const steps = live ? Math.min(sampleCfg.steps, LIVE_STEPS) : sampleCfg.steps;
  const solver = sampleCfg.solver;
  const starts = live ? particleStarts.subarray(0, 2 * Math.min(LIVE_PARTICLES, particleStarts.length >> 1)) : particleStarts;
  const t0 = performance.now();
  const trajectories = await integrateTrajectories(model, { start: starts, steps, solver });
  const t1 = performance.now();
  const fieldTimes = fieldTimesArray();
  const field = await fieldGrid(model, fieldTimes, GRID_SIZE, STAGE_EXTENT);
  const t2 = performance.now();
  const particles = starts.length >> 1;
  let fit = NaN;
  const floor = currentFloor(live);
  if (particles > 0 && targetDrawA.length > 0) {
    const ends = endPoints(trajectories, steps);
    fit = slicedW2(ends.subarray(0, 2 * Math.min(FIT_SAMPLES, particles)), targetDrawA);
  }
  const reverse = lab.reverse && !live && reverseStarts.length > 0 ? await reverseTrajectories(model, reverseStarts, sampleCfg) : null;
  const t3 = performance.now();
  // Keep snapshots to about a quarter of the worker's time while training.
  if (!live) snapshotInterval = Math.max(SNAPSHOT_MS, 3 * (t3 - t0));
  if (live) {
    // Once the gesture settles, draw the full picture again.
    clearTimeout(fullSnapshotTimer);
    fullSnapshotTimer = setTimeout(() => {
      snapshotWanted = true;
      void loop();
    }, LIVE_MS + 50) as unknown as number;
  }
  const snapshot: Snapshot = {
    step: shownStep,
    fromHistory,
    trajectories,
    particles,
    steps,
    solver,
    field,
    fieldTimes,
    gridSize: GRID_SIZE,
    gridExtent: STAGE_EXTENT,
    fit,
    fitFloor: floor.mean,
    fitFloorSpread: floor.std,
    reverse,
    timings: { integrateMs: t1 - t0, fieldMs: t2 - t1, fitMs: t3 - t2 },
  };
  lastSnapshotAt = performance.now();
  snapshotWanted = false;
  post({ type: 'snapshot', snapshot });
}

function newTrainer(): Trainer {
  const t = new Trainer({
    config: trainCfg,
    seed,
    explicitTranspose: explicitTransposeFor(backend?.name),
    coupler: (cfg) => reflowCoupler ?? couplerFor(cfg.coupling),
  });
  t.setClouds(source, target);
  return t;
}

async function ensureBackend(requested: BackendReport['requested'], exclude: BackendReport['name'][] = []): Promise<void> {
  backend = await selectBackend(requested, exclude);
  trainer = newTrainer();
  // On WebGPU, compile the step's and the first snapshot's programs in parallel now, not one by one
  // after Train is pressed (on a software adapter that is a minute of shader compiles).
  const t = trainer;
  await t.compileStep(() => compileSampling(t.model, sampleCfg.particles, sampleCfg, FIELD_TIMES * GRID_SIZE * GRID_SIZE));
  post({ type: 'ready', backend });
  if (backend.fallbackReason) notice(backend.requested ? 'warning' : 'info', backend.fallbackReason);
  if (backend.name === 'webgpu') watchDevice();
}

interface GpuDeviceLike {
  lost: Promise<{ reason: string; message: string }>;
  destroy(): void;
}

const gpuDevice = (): GpuDeviceLike | null => (tf.getBackend() === 'webgpu' ? ((tf.backend() as unknown as { device: GpuDeviceLike }).device ?? null) : null);

/** A lost GPU device (driver reset, GPU removed): move to the next backend and go on from the last good weights. */
function watchDevice(): void {
  const device = gpuDevice();
  if (!device) return;
  void device.lost.then(async (info) => {
    const resume = lastGood;
    const wasRunning = wantRunning;
    running = false;
    deviceLost = true;
    const old = trainer;
    trainer = null;
    try {
      old?.dispose();
    } catch {
      // Its buffers went with the device.
    }
    try {
      await ensureBackend(null, ['webgpu']);
    } catch (e) {
      notice('error', `The GPU device was lost and no other backend could start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (resume && trainer) (trainer as Trainer).setWeights(resume.weights, resume.step);
    history.truncateAfter(resume?.step ?? 0);
    historyView.clear();
    post({ type: 'checkpoints', steps: history.steps() });
    notice(
      'warning',
      `The GPU device was lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''}). Training moved to ${backend?.name} and continues from ${resume ? `step ${resume.step}` : 'fresh weights'}.`,
    );
    post({ type: 'reset', step: resume?.step ?? 0 });
    running = wasRunning;
    deviceLost = false;
    snapshotWanted = true;
    void loop();
  });
}

/**
 * Take the Web Lock this worker holds until it dies: the UI waits on the same lock to learn of a
 * crash at once. Resolves only once the lock is granted. A request is not granted at once: lock
 * requests from a worker travel to the browser on their own channel, so a fast backend (cpu) used
 * to post 'ready' first, the page's request won, and the page took the live worker for dead.
 */
function holdLifeLock(name: string): Promise<void> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return Promise.resolve();
  return new Promise<void>((held) => {
    void navigator.locks.request(name, () => {
      held();
      return new Promise<never>(() => {});
    });
  });
}

async function apply(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      seed = msg.seed;
      // 'ready' (sent by ensureBackend) tells the UI to start watching the lock, so it must be held by then.
      await holdLifeLock(msg.lock);
      await ensureBackend(msg.backend);
      await restartHistory();
      snapshotWanted = true;
      break;
    case 'setClouds':
      bestLoss = Infinity;
      if (msg.warmStart) lastCloudChangeAt = performance.now();
      if (reflowCoupler) {
        endReflow();
        notice('info', 'The clouds changed, so the reflow pairs no longer apply: back to plain flow matching.');
      }
      source = msg.source;
      target = msg.target;
      trainer?.setClouds(source, target);
      if (!msg.warmStart && trainer) {
        trainer.reset(seed);
        lastGood = null;
        post({ type: 'reset', step: 0 });
        await restartHistory();
      }
      redrawSamples();
      snapshotWanted = true;
      break;
    case 'setConfig': {
      const particlesChanged = msg.sample.particles !== sampleCfg.particles || msg.train.jitter !== trainCfg.jitter;
      // A step may now cost many times more: re-measure from a small chunk rather than run the old
      // chunk size (up to 500 steps of a tiny net) on a big one and freeze the progress for seconds.
      if (stepCostChanged(trainCfg, msg.train)) stepsPerChunk = 1;
      trainCfg = { ...msg.train };
      sampleCfg = { ...msg.sample };
      if (trainer?.setConfig(trainCfg, seed)) {
        lastGood = null;
        metricsWanted = true;
        post({ type: 'reset', step: 0 });
        await restartHistory();
      }
      if (particlesChanged) redrawSamples();
      snapshotWanted = true;
      break;
    }
    case 'train':
      running = msg.running;
      wantRunning = msg.running;
      // Training goes on from the latest weights, and the stage shows them again.
      if (running && historyView.wanted !== null) historyView.clear();
      // Stopping shows the final weights: the last periodic snapshot may be a chunk or more old.
      if (!running) {
        metricsWanted = true;
        snapshotWanted = true;
      }
      break;
    case 'schedule':
      rates = msg.rates && msg.rates.length > 0 ? msg.rates.map((r) => ({ ...r })) : null;
      stopAtStep = msg.stopAtStep;
      break;
    case 'reset':
      bestLoss = Infinity;
      seed = msg.seed;
      trainer?.reset(seed);
      endReflow();
      lastGood = null;
      redrawSamples();
      post({ type: 'reset', step: 0 });
      await restartHistory();
      snapshotWanted = true;
      break;
    case 'trainStep':
      await singleStep();
      break;
    case 'viewCheckpoint':
      historyView.want(msg.step);
      snapshotWanted = true;
      break;
    case 'requestSnapshot':
      snapshotWanted = true;
      break;
    case 'visibility':
      hidden = msg.hidden;
      break;
    case 'probe': {
      if (!trainer) break;
      const { steps, solver } = sampleCfg;
      // Split the step budget so both halves land exactly on t = k / steps.
      const k = Math.round(msg.t * steps);
      const t0 = k / steps;
      const start = new Float32Array([msg.x, msg.y]);
      const { model } = shown(trainer);
      const back = k > 0 ? await integrateTrajectories(model, { start, steps: k, solver, t0, t1: 0 }) : start;
      const fwd = k < steps ? await integrateTrajectories(model, { start, steps: steps - k, solver, t0, t1: 1 }) : start;
      const trajectory = new Float32Array(2 * (steps + 1));
      for (let i = 0; i <= k; i++) {
        trajectory[2 * i] = back[2 * (k - i)];
        trajectory[2 * i + 1] = back[2 * (k - i) + 1];
      }
      trajectory.set(fwd.subarray(2), 2 * (k + 1));
      const v = await velocitiesAt(model, start, new Float32Array([msg.t]));
      post({ type: 'probeResult', id: msg.id, trajectory, steps, velocity: [v[0], v[1]], x: msg.x, y: msg.y, t: msg.t });
      break;
    }
    case 'velocities': {
      if (!trainer) break;
      const n = msg.points.length >> 1;
      const velocities = await velocitiesAt(shown(trainer).model, msg.points, new Float32Array(n).fill(msg.t));
      post({ type: 'velocitiesResult', id: msg.id, velocities, t: msg.t });
      break;
    }
    case 'setLab':
      lab = { ...msg.lab };
      snapshotWanted = true;
      metricsWanted = lab.metrics;
      break;
    case 'density': {
      if (!trainer) break;
      const t0 = performance.now();
      const logDensity = await densityGrid(shown(trainer).model, msg.t, msg.gridSize, msg.source, source);
      post({ type: 'densityResult', id: msg.id, t: msg.t, gridSize: msg.gridSize, extent: STAGE_EXTENT, logDensity, source: msg.source.kind, ms: performance.now() - t0 });
      break;
    }
    case 'reflow': {
      if (!trainer || trainer.blocker()) {
        notice('warning', trainer?.blocker() ?? 'The model is not ready yet.');
        break;
      }
      const pairs = await makeReflowPairs(trainer.model, source, REFLOW_PAIRS, sampleCfg.steps, sampleCfg.solver, deriveSeed(seed, `reflow-${reflowRound + 1}`));
      reflowRound += 1;
      reflowCoupler = createPairedCoupler(pairs, deriveSeed(seed, `reflow-pairs-${reflowRound}`));
      reflowStepsLeft = Math.max(1, Math.round(msg.steps));
      running = true;
      wantRunning = true;
      post({ type: 'reflow', round: reflowRound, stepsLeft: reflowStepsLeft });
      break;
    }
    case 'loadWeights':
      if (trainer) {
        const w = { shape: msg.weights.shape, arrays: msg.weights.arrays };
        trainer.setWeights(w, msg.step);
        lastGood = { weights: w, step: msg.step };
        post({ type: 'reset', step: msg.step });
        await restartHistory();
        snapshotWanted = true;
        metricsWanted = true;
      }
      break;
    case 'fault':
      if (msg.kind === 'throw') setTimeout(() => {
        throw new Error('fault drill: the training worker crashed');
      });
      else if (msg.kind === 'close') ctx.close();
      else gpuDevice()?.destroy();
      break;
    case 'restoreLastGood':
      if (trainer && lastGood) {
        trainer.setWeights(lastGood.weights, lastGood.step);
        history.truncateAfter(lastGood.step);
        historyView.clear();
        await recordCheckpoint(true);
        notice('info', `Restored the weights from step ${lastGood.step}.`);
        post({ type: 'reset', step: lastGood.step });
        snapshotWanted = true;
        metricsWanted = true;
      }
      break;
  }
}

/** Single step: exactly one batch, from a pause; the page shows its pairs and how the field moved. */
async function singleStep(): Promise<void> {
  if (!trainer) return;
  running = false;
  wantRunning = false;
  historyView.clear();
  const blocker = trainer.blocker();
  if (blocker) {
    notice('warning', blocker);
    return;
  }
  const r = await trainOneBatch(trainer, trainCfg, seed, rates ? rateAt(rates, trainer.step) : null, {
    fieldTimes: fieldTimesArray(),
    gridSize: GRID_SIZE,
    extent: STAGE_EXTENT,
  });
  post({ type: 'stepBatch', step: trainer.step, x0: r.x0, x1: r.x1, t: r.t, fieldBefore: r.fieldBefore });
  post({ type: 'progress', step: trainer.step, losses: new Float32Array([r.loss.step, r.loss.loss]), stepsPerSecond: 0, running: false });
  await recordCheckpoint();
  snapshotWanted = true;
  metricsWanted = lab.metrics;
}

function endReflow(): void {
  if (reflowRound === 0 && !reflowCoupler) return;
  reflowCoupler = null;
  reflowRound = 0;
  reflowStepsLeft = 0;
  post({ type: 'reflow', round: 0, stepsLeft: 0 });
}

async function runMetrics(): Promise<void> {
  if (!trainer || particleStarts.length === 0 || targetDrawA.length === 0) return;
  // The panel runs every few seconds at most: it may bring a floor left stale by a drag up to date.
  const floor = currentFloor(false);
  if (!draws) draws = targetFloors(targetDrawA, resample(target, FIT_SAMPLES, trainCfg.jitter, createRng(deriveSeed(seed, 'fit-b'))), floor);
  else draws = { ...draws, slicedW2Floor: floor.mean, slicedW2FloorSpread: floor.std };
  const starts = particleStarts.subarray(0, 2 * Math.min(FIT_SAMPLES, particleStarts.length >> 1));
  const metrics = await computeMetrics(trainer.model, trainer.step, starts, draws, sampleCfg);
  lastMetricsAt = performance.now();
  // Keep the panel to about a fifth of the worker's time while training.
  metricsInterval = Math.max(METRICS_MS, 4 * metrics.ms);
  metricsWanted = false;
  post({ type: 'metrics', metrics });
}

/** Training ends on its own (a reflow round, a lesson's stop): show and measure the final weights. */
function finishRun(): void {
  running = false;
  wantRunning = false;
  snapshotWanted = true;
  metricsWanted = lab.metrics;
}

async function trainChunk(): Promise<void> {
  if (!trainer) return;
  const blocker = trainer.blocker();
  if (blocker) {
    running = false;
    wantRunning = false;
    notice('warning', blocker);
    post({ type: 'progress', step: trainer.step, losses: new Float32Array(0), stepsPerSecond: 0, running });
    return;
  }
  const t0 = performance.now();
  if (reflowStepsLeft > 0) stepsPerChunk = Math.min(stepsPerChunk, reflowStepsLeft);
  // A chunk never crosses a schedule entry or the stop, so each step runs at its scheduled rate.
  let count = stepsPerChunk;
  const stepBefore = trainer.step;
  const bound = nextBoundary(rates ?? [], stopAtStep, stepBefore);
  if (bound !== null) count = Math.min(count, bound - stepBefore);
  // Chunks end on the history's checkpoint steps, so each is kept at its exact step.
  count = Math.min(count, nextCheckpointStep(stepBefore) - stepBefore);
  const rate = rates ? rateAt(rates, stepBefore) : null;
  if (rate !== null && rate !== trainer.config.learningRate) trainer.setConfig({ ...trainCfg, learningRate: rate }, seed);
  const points = await trainer.train(count);
  await recordCheckpoint();
  if (reflowStepsLeft > 0) {
    reflowStepsLeft -= count;
    if (reflowStepsLeft <= 0) {
      reflowStepsLeft = 0;
      finishRun();
      notice('info', `Reflow round ${reflowRound} finished: the paths should be straighter now.`);
    }
    post({ type: 'reflow', round: reflowRound, stepsLeft: reflowStepsLeft });
  }
  const ms = performance.now() - t0;
  const sps = (count * 1000) / Math.max(ms, 1e-3);
  // Size the next chunk to take about CHUNK_MS.
  stepsPerChunk = nextChunkSize(count, ms, CHUNK_MS);
  if (stopAtStep !== null && stepBefore < stopAtStep && trainer.step >= stopAtStep) {
    // The lesson's pause: the same as the user pressing Pause (pressing Train again goes on).
    finishRun();
  }
  const losses = new Float32Array(points.length * 2);
  points.forEach((p, i) => {
    losses[2 * i] = p.step;
    losses[2 * i + 1] = p.loss;
  });
  // Non-finite, or so large that the weights have clearly run away (data velocities are a few units).
  const bad = points.find((p) => !(Math.abs(p.loss) < DIVERGED_LOSS));
  if (bad) {
    running = false;
    wantRunning = false;
    post({ type: 'progress', step: trainer.step, losses, stepsPerSecond: sps, running });
    post({
      type: 'diverged',
      step: bad.step,
      message: `Training diverged at step ${bad.step} (the loss became ${bad.loss}). Lower the learning rate, then restore the last good weights or reset.`,
      lastGoodStep: lastGood?.step ?? null,
    });
    return;
  }
  post({ type: 'progress', step: trainer.step, losses, stepsPerSecond: sps, running });
  const now = performance.now();
  const worst = points.reduce((m, p) => Math.max(m, p.loss), 0);
  for (const p of points) bestLoss = Math.min(bestLoss, p.loss);
  // Weights keep as "last good" only while the loss stays near its best (not while it runs away).
  const healthy = worst <= 10 * bestLoss + 1;
  if (healthy && now - lastGoodAt > GOOD_WEIGHTS_MS) {
    lastGood = { weights: await trainer.model.getWeights(), step: trainer.step };
    // A copy for the UI, so a new worker can continue if this one dies.
    post({ type: 'weights', weights: { shape: lastGood.weights.shape, arrays: lastGood.weights.arrays.map((a) => a.slice()) }, step: lastGood.step });
    const mem = tf.memory();
    post({ type: 'memory', numTensors: mem.numTensors, numBytes: mem.numBytes });
    lastGoodAt = now;
  }
  if (now - lastSnapshotAt > snapshotInterval) snapshotWanted = true;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The single loop: apply queued messages, train a chunk, snapshot when due; sleeps when idle. */
async function loop(): Promise<void> {
  if (loopActive) return;
  loopActive = true;
  try {
    for (;;) {
      while (queue.length > 0) {
        const msg = queue.shift()!;
        // Only the newest warm cloud update matters; each one is acknowledged, so the UI sends the next.
        if (msg.type === 'setClouds' && msg.warmStart && queue.some((m) => m.type === 'setClouds')) {
          post({ type: 'cloudsApplied' });
          continue;
        }
        await apply(msg);
        if (msg.type === 'setClouds') post({ type: 'cloudsApplied' });
      }
      const training = running && !hidden && trainer !== null;
      if (training) await trainChunk();
      const gap = performance.now() - lastSnapshotAt;
      const due = !training || gap > (isLive() ? LIVE_SNAPSHOT_GAP_MS : snapshotInterval);
      if (snapshotWanted && trainer && due) await makeSnapshot();
      if (lab.metrics && trainer && !isLive() && (training ? performance.now() - lastMetricsAt > metricsInterval : metricsWanted)) await runMetrics();
      const pending = (snapshotWanted || (lab.metrics && metricsWanted)) && trainer !== null;
      if (!(running && !hidden) && queue.length === 0 && !pending) break;
      await tick();
    }
  } catch (e) {
    running = false;
    if (!deviceLost) notice('error', `The training worker hit an error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    loopActive = false;
  }
  if (queue.length > 0) void loop();
}

ctx.onmessage = (ev: MessageEvent<ToWorker>) => {
  // Fault drills act at once, as a real crash would, instead of waiting for the current chunk.
  if (ev.data.type === 'fault') {
    void apply(ev.data);
    return;
  }
  queue.push(ev.data);
  void loop();
};
