/// <reference lib="webworker" />
/**
 * The training worker: owns tfjs, the backend and the model runs. This file is the dispatcher (each
 * message to its run or to the worker) and wires the scheduler, which trains each run in short chunks,
 * posts losses after each and a snapshot every so often, and never waits on the UI. Every incoming
 * message is applied between chunks, in order.
 *
 * Rooms: modelRun.ts (one trained model), scheduler.ts (the loop), snapshots.ts, trainingGuard.ts
 * (best loss, last good weights, divergence), probes.ts, deviceRecovery.ts, requests.ts (the page's
 * side of request/reply).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_LAB, STAGE_EXTENT, type LabConfig } from '../core/config';
import { assertNever } from '../core/assertNever';
import { selectBackend } from '../engine/backendSelect';
import { densityGrid } from './lab';
import { ModelRun, type RunHost } from './modelRun';
import { probePath, velocitiesAtTime } from './probes';
import { fieldFor } from './sampleOptions';
import { loseGpuDevice, recoverFromDeviceLoss, watchGpuDevice } from './deviceRecovery';
import { Scheduler, type ScheduledRun } from './scheduler';
import { COMPARE_RUN_ID, CompareRuns, type CompareHost } from './compareRuns';
import { explicitTransposeFor } from '../engine/trainerOptions';
import { imagesController } from './imageRuns';
import { isImageToWorker } from './imageProtocol';
import { transferablesOf, type BackendReport, type FromWorker, type ToWorker } from './protocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

/** The run the protocol addresses (the only one today). */
const DEFAULT_RUN = 'default';

let backend: BackendReport | null = null;
let lab: LabConfig = { ...DEFAULT_LAB };
/** Between a GPU device loss and the move to another backend: errors from the dead device are expected. */
let deviceLost = false;

function post(msg: FromWorker): void {
  ctx.postMessage(msg, transferablesOf(msg));
}

function notice(level: 'info' | 'warning' | 'error', message: string): void {
  post({ type: 'notice', level, message });
}

const scheduler = new Scheduler<ScheduledRun>({
  post,
  apply,
  onError(e) {
    if (!deviceLost) notice('error', `The training worker hit an error: ${e instanceof Error ? e.message : String(e)}`);
  },
});

const host: RunHost = {
  post,
  backend: () => backend,
  lab: () => lab,
  memory: () => {
    const mem = tf.memory();
    return { numTensors: mem.numTensors, numBytes: mem.numBytes };
  },
  wake: () => scheduler.wake(),
};

const run = scheduler.add(new ModelRun(DEFAULT_RUN, host));

/** Select a backend and build every run's trainer on it; watch a GPU device for loss. */
async function startBackend(requested: BackendReport['requested'], exclude: BackendReport['name'][] = []): Promise<void> {
  backend = await selectBackend(requested, exclude);
  run.startTrainer();
  await run.compilePrograms();
  // The compare models' tensors lived on the old backend: they start over on this one.
  if (compare && exclude.length > 0) {
    compare.build();
    notice('info', 'The compare view\'s models started over on the new backend.');
  }
  if (exclude.length > 0) images.rebuild();
  post({ type: 'ready', backend });
  if (backend.fallbackReason) notice(backend.requested ? 'warning' : 'info', backend.fallbackReason);
  if (backend.name === 'webgpu') watchGpuDevice(onDeviceLost);
}

/** A lost GPU device (driver reset, GPU removed): move to the next backend and go on from the last good weights. */
function onDeviceLost(info: { reason: string; message: string }): void {
  void recoverFromDeviceLoss(
    {
      runs: () => [run],
      setDeviceLost: (lost) => {
        deviceLost = lost;
      },
      restartBackend: async () => {
        await startBackend(null, ['webgpu']);
        return backend!.name;
      },
      notice,
      wake: () => scheduler.wake(),
    },
    info,
  );
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

/** Fault drills act at once, as a real crash would. */
function fault(kind: Extract<ToWorker, { type: 'fault' }>['kind']): void {
  switch (kind) {
    case 'throw':
      setTimeout(() => {
        throw new Error('fault drill: the training worker crashed');
      });
      break;
    case 'close':
      ctx.close();
      break;
    case 'deviceLost':
      loseGpuDevice();
      break;
    default:
      assertNever(kind, 'fault kind');
  }
}

async function apply(msg: ToWorker): Promise<void> {
  if (isImageToWorker(msg)) return images.apply(msg);
  switch (msg.type) {
    case 'init':
      run.seed = msg.seed;
      // 'ready' (sent by startBackend) tells the UI to start watching the lock, so it must be held by then.
      await holdLifeLock(msg.lock);
      await startBackend(msg.backend);
      await run.begin();
      break;
    case 'setClouds':
      await run.setClouds(msg.source, msg.target, msg.warmStart, msg.targetLabels);
      break;
    case 'setConfig':
      await run.setConfig(msg.train, msg.sample);
      break;
    case 'train':
      run.setRunning(msg.running);
      break;
    case 'schedule':
      run.setSchedule(msg.rates, msg.stopAtStep);
      break;
    case 'reset':
      await run.reset(msg.seed);
      break;
    case 'trainStep':
      await run.singleStep();
      break;
    case 'viewCheckpoint':
      run.viewCheckpoint(msg.step);
      break;
    case 'requestSnapshot':
      run.snapshots.wanted = true;
      break;
    case 'visibility':
      scheduler.hidden = msg.hidden;
      break;
    case 'setLab':
      lab = { ...msg.lab };
      run.labChanged(lab);
      break;
    case 'probe': {
      const model = run.shownModel();
      if (!model) break;
      const p = await probePath(model, msg.x, msg.y, msg.t, run.samplingContext());
      post({ type: 'probeResult', id: msg.id, trajectory: p.trajectory, steps: p.steps, velocity: p.velocity, x: msg.x, y: msg.y, t: msg.t });
      break;
    }
    case 'velocities': {
      const model = run.shownModel();
      if (!model) break;
      const velocities = await velocitiesAtTime(model, msg.points, msg.t, run.samplingContext());
      post({ type: 'velocitiesResult', id: msg.id, velocities, t: msg.t });
      break;
    }
    case 'density': {
      const model = run.shownModel();
      if (!model) break;
      const t0 = performance.now();
      const logDensity = await densityGrid(model, msg.t, msg.gridSize, msg.source, run.source, fieldFor(run.samplingContext()));
      post({ type: 'densityResult', id: msg.id, t: msg.t, gridSize: msg.gridSize, extent: STAGE_EXTENT, logDensity, source: msg.source.kind, ms: performance.now() - t0 });
      break;
    }
    case 'reflow':
      await run.reflow(msg.steps);
      break;
    case 'loadWeights':
      await run.loadWeights({ shape: msg.weights.shape, arrays: msg.weights.arrays }, msg.step);
      break;
    case 'restoreLastGood':
      await run.restoreLastGood();
      break;
    case 'compare':
    case 'compareTrain':
    case 'compareLoad':
      await applyCompare(msg);
      break;
    case 'guidanceSweep': {
      const t0 = performance.now();
      const r = await run.guidanceSweep();
      const s = r.sweep;
      post({ type: 'guidanceSweepResult', id: msg.id, weights: s?.weights ?? [], accuracy: s?.accuracy ?? [], fit: s?.fit ?? [], sampleClass: run.sample.sampleClass, step: r.step, reason: r.reason, ms: performance.now() - t0 });
      break;
    }
    case 'compareWeights':
      post({ type: 'compareWeightsResult', id: msg.id, models: compare ? await compare.trained() : [] });
      break;
    case 'fault':
      fault(msg.kind);
      break;
    default:
      assertNever(msg, 'message to the worker');
  }
}

/** The Images view's model (see imageRuns.ts). */
const images = imagesController(scheduler, { post, explicitTranspose: () => explicitTransposeFor(backend?.name) });

/** The compare view's models (see compareRuns.ts). */
let compare: CompareRuns | null = null;

const compareHost: CompareHost = {
  post,
  explicitTranspose: () => explicitTransposeFor(backend?.name),
  // The compare view's likelihoods read flow matching's network as an unconditional velocity field on a
  // flow path: its model trains that recipe whatever the playground's path, target and conditioning.
  scene: () => ({ source: run.source, target: run.target, seed: run.seed, train: { ...run.train, conditional: false, targetKind: 'velocity', path: run.train.path === 'cosine' ? 'cosine' : 'straight' } }),
};

async function applyCompare(msg: Extract<ToWorker, { type: 'compare' | 'compareTrain' | 'compareLoad' }>): Promise<void> {
  switch (msg.type) {
    case 'compare':
      scheduler.remove(COMPARE_RUN_ID);
      compare = msg.settings ? scheduler.add(new CompareRuns(compareHost, msg.settings)) : null;
      break;
    case 'compareTrain':
      compare?.setRunning(msg.objective, msg.running);
      break;
    case 'compareLoad':
      compare?.load(msg.models);
      break;
    default:
      assertNever(msg, 'compare message');
  }
}

ctx.onmessage = (ev: MessageEvent<ToWorker>) => {
  // Fault drills act at once, as a real crash would, instead of waiting for the current chunk.
  if (ev.data.type === 'fault') {
    fault(ev.data.kind);
    return;
  }
  scheduler.enqueue(ev.data);
};
