/**
 * The session wires the stores to the training worker: scene changes go out as messages, worker
 * messages come back into the training store. It restarts a crashed worker with the clouds.
 */
import type { RateStep } from '../core/rateSchedule';
import type { StartParams } from '../core/startParams';
import { createWorkerClient, type WorkerClient } from '../worker/client';
import type { BackendName, Reply, RequestBody, RequestType, ToWorker, WorkerEvent } from '../worker/protocol';
import type { RequestOptions } from '../worker/requests';
import { assertNever } from '../core/assertNever';
import { notify } from './noticeStore';
import { useScene } from './sceneStore';
import { useTraining } from './trainingStore';
import { useProbes } from './probeStore';
import { useLab } from './labStore';
import { isImageFromWorker } from '../worker/imageProtocol';
import { applyImagesMessage } from './imagesStore';
import { parsePreset } from '../core/presets';
import { clock } from './clock';
import { applyCompareMessage, useCompare } from './compareStore';
import type { SourceDensityModel } from '../worker/protocol';
import type { MlpShape } from '../core/networkShape';

let client: WorkerClient | null = null;
/** The worker's last good weights, kept here so a restarted worker can continue from them. */
export interface SavedWeights {
  weights: { shape: MlpShape; arrays: Float32Array[] };
  step: number;
}
let savedWeights: SavedWeights | null = null;
let crashReason: string | null = null;
let requestedBackend: BackendName | null = null;
let restarts = 0;

/** The lesson's schedule, kept to hand to a replacement worker. */
let schedule: { rates: RateStep[] | null; stopAtStep: number | null } = { rates: null, stopAtStep: null };

/**
 * Cloud updates are coalesced: at most one is on its way to the worker (sent, not yet acknowledged
 * with 'cloudsApplied'); edits made meanwhile leave one pending update, the newest clouds. A brush
 * stroke used to send both clouds on every pointer move and bury the worker's queue.
 */
let cloudsUnacked = 0;
/** The pending update keeps the model unless any change it stands for did not (a new scene). */
let cloudsPending: { warmStart: boolean } | null = null;
/** Messages that only read the model: the pending clouds need not go before them (requests, see request(), never wait for them either). */
const ORDER_FREE = new Set<ToWorker['type']>(['requestSnapshot', 'visibility', 'fault']);

/** Send a message to the worker (after any pending clouds); nothing without a worker. */
export function sendToWorker(msg: ToWorker): void {
  send(msg);
}

function send(msg: ToWorker): void {
  // Anything that changes the worker's state goes after the clouds the user already sees.
  if (cloudsPending && msg.type !== 'setClouds' && !ORDER_FREE.has(msg.type)) flushClouds();
  client?.send(msg);
}

/** A request to the worker (it reads the model only, so pending clouds need not go first); null without a worker. */
function request<K extends RequestType>(body: RequestBody<K> & { type: K }, opts?: RequestOptions): Promise<Reply<K>> | null {
  return client ? client.request<K>(body, opts) : null;
}

function flushClouds(): void {
  const pending = cloudsPending;
  cloudsPending = null;
  if (!pending || !client) return;
  const { source, target, targetLabels } = useScene.getState();
  cloudsUnacked += 1;
  // Copies: the originals stay in the store (transfer would detach them).
  send({ type: 'setClouds', source: source.slice(), target: target.slice(), targetLabels: targetLabels ? targetLabels.slice() : null, warmStart: pending.warmStart });
}

function sendClouds(warmStart: boolean): void {
  cloudsPending = { warmStart: (cloudsPending?.warmStart ?? true) && warmStart };
  // A new scene (cold) goes at once: it resets the model, and what follows must come after it.
  if (cloudsUnacked === 0 || !warmStart) flushClouds();
}

function sendConfig(): void {
  const { train, sample } = useScene.getState();
  send({ type: 'setConfig', train, sample });
}

function onMessage(msg: WorkerEvent): void {
  if (isImageFromWorker(msg)) return applyImagesMessage(msg);
  const training = useTraining.getState();
  switch (msg.type) {
    case 'ready':
      client?.watchLife();
      useTraining.setState({ backend: msg.backend, status: training.wantTraining ? 'training' : 'idle' });
      if (crashReason) {
        const w = savedWeights;
        notify('warning', `The training worker stopped (${crashReason}). A new one took over with your clouds${w ? ` and the weights of step ${w.step}` : ''}.`);
        crashReason = null;
      }
      break;
    case 'cloudsApplied':
      cloudsUnacked = Math.max(0, cloudsUnacked - 1);
      if (cloudsUnacked === 0) flushClouds();
      break;
    case 'weights':
      // The replaced model's copy, sent before the worker took the new weights: keep the new ones.
      if (loadingStep !== null) break;
      savedWeights = { weights: msg.weights, step: msg.step };
      break;
    case 'checkpoints':
      useTraining.setState({ checkpoints: msg.steps, viewStep: training.viewStep !== null && msg.steps.includes(training.viewStep) ? training.viewStep : null });
      break;
    case 'stepBatch':
      useTraining.setState({ stepBatch: { step: msg.step, count: msg.t.length, x0: msg.x0, x1: msg.x1, t: msg.t, fieldBefore: msg.fieldBefore } });
      break;
    case 'memory':
      useTraining.setState({ workerMemory: { numTensors: msg.numTensors, numBytes: msg.numBytes } });
      break;
    case 'progress': {
      // Weights are on their way: progress until the worker's answer is the model they replace
      // (a lesson's 6,000 steps must not show over the scene being brought back).
      if (loadingStep !== null) break;
      const { history } = training;
      for (let i = 0; i < msg.losses.length; i += 2) history.push(msg.losses[i], msg.losses[i + 1]);
      const wantTraining = msg.running ? training.wantTraining : false;
      useTraining.setState({
        step: msg.step,
        stepsPerSecond: msg.stepsPerSecond,
        loss: msg.losses.length > 0 ? msg.losses[msg.losses.length - 1] : training.loss,
        historyVersion: training.historyVersion + 1,
        wantTraining,
        status: training.status === 'diverged' ? 'diverged' : wantTraining ? 'training' : 'idle',
      });
      break;
    }
    case 'snapshot':
      // Weights are on their way: this snapshot shows the fresh start they replace (the worker drew
      // it between the cold start and the load), so it would only flash a wrong picture and score.
      if (loadingStep !== null) break;
      // Messages arrive in order: a snapshot after the worker's 'reset' shows the new weights.
      useTraining.setState({ snapshot: msg.snapshot, snapshotAt: performance.now(), snapshotStale: false });
      scheduleDensity(1500);
      break;
    case 'metrics':
      useLab.setState({ metrics: msg.metrics });
      break;
    case 'reflow':
      useLab.setState({ reflowRound: msg.round, reflowStepsLeft: msg.stepsLeft });
      if (msg.stepsLeft > 0 && !training.wantTraining) useTraining.setState({ wantTraining: true, status: 'training' });
      break;
    case 'notice':
      notify(msg.level, msg.message);
      break;
    case 'diverged':
      useTraining.setState({ status: 'diverged', wantTraining: false });
      notify(
        'error',
        msg.message,
        msg.lastGoodStep !== null ? { label: `Restore step ${msg.lastGoodStep}`, run: restoreLastGood } : { label: 'Reset model', run: resetModel },
      );
      break;
    case 'reset':
      training.history.clear();
      // The worker answers the clouds and the fresh start (step 0) before the weights being loaded:
      // keep showing the loaded step rather than flash 0.
      if (loadingStep !== null && msg.step !== loadingStep) {
        useTraining.setState({ step: loadingStep, loss: NaN, historyVersion: training.historyVersion + 1, snapshotStale: true, stepBatch: null, viewStep: null });
        break;
      }
      loadingStep = null;
      useTraining.setState({ step: msg.step, loss: NaN, historyVersion: training.historyVersion + 1, snapshotStale: true, stepBatch: null, viewStep: null });
      // The measurements were of the old weights; the worker measures the new ones.
      useLab.setState({ metrics: null });
      break;
    case 'compareProgress':
    case 'compareHeldOut':
    case 'compareSnapshot':
    case 'compareDiverged':
      applyCompareMessage(msg);
      break;
    default:
      assertNever(msg, 'message from the worker');
  }
}

function startWorker(): void {
  // A new worker: nothing of the old one's is in flight; it gets the current clouds below.
  cloudsUnacked = 0;
  cloudsPending = null;
  client = createWorkerClient({
    onMessage,
    onCrash(reason) {
      client = null;
      restarts += 1;
      useTraining.setState({ status: 'crashed', backend: null });
      if (restarts > 5) {
        notify('error', `The training worker keeps failing (${reason}). Reload the page to try again; your clouds are kept.`);
        return;
      }
      crashReason = reason;
      notify('warning', `The training worker stopped (${reason}); starting a new one with your clouds…`);
      // The old worker's density reply never comes: ask the new one (else the heatmap stops refreshing).
      densityInFlight = false;
      useLab.setState({ densityBusy: false });
      startWorker();
      scheduleDensity(0);
    },
  });
  const { seed } = useScene.getState();
  send({ type: 'init', backend: requestedBackend, seed, lock: client.lock });
  sendConfig();
  sendLab();
  sendClouds(false);
  if (schedule.rates || schedule.stopAtStep !== null) send({ type: 'schedule', ...schedule });
  // After a crash, continue from the weights the old worker last reported.
  if (crashReason && savedWeights) {
    const w = savedWeights;
    send({ type: 'loadWeights', weights: { shape: w.weights.shape, arrays: w.weights.arrays.map((a) => a.slice()) }, step: w.step });
  }
  if (useTraining.getState().wantTraining) send({ type: 'train', running: true });
  // The compare view's models lived in the old worker: the new one goes on from their last copy.
  if (crashReason && useCompare.getState().open) compareRestarter?.();
}

let compareRestarter: (() => void) | null = null;
/** How the compare view starts again in a replacement worker (compareSession.ts sets it). */
export function onWorkerRestartCompare(fn: () => void): void {
  compareRestarter = fn;
}

/** Class accuracy and fit at each guidance weight of the sweep (the chart's button); null without a worker. */
export function requestGuidanceSweep(): Promise<Reply<'guidanceSweep'>> | null {
  // The sweep reads the model and the settings the worker has: send pending settings first.
  if (cloudsPending) flushClouds();
  return request({ type: 'guidanceSweep' });
}

/** The Images view's current weights (to save a scene); null without a worker. */
export function requestImagesWeights(): Promise<Reply<'imagesWeights'>> | null {
  return request({ type: 'imagesWeights' });
}

/** The compare models' weights, steps and seconds; null without a worker. */
export function requestCompareWeights(): Promise<Reply<'compareWeights'>> | null {
  return request({ type: 'compareWeights' });
}

export function startSession(start: StartParams): void {
  // bootScene reports start.errors, in one notice with the link's other problems.
  const scene = useScene.getState();
  if (start.seed !== undefined) scene.setSeed(start.seed);
  if (start.source) scene.setPreset('source', start.source);
  if (start.target) scene.setPreset('target', start.target);
  if (Object.keys(start.train).length > 0) scene.setTrain(start.train);
  if (Object.keys(start.sample).length > 0) scene.setSample(start.sample);
  requestedBackend = start.backend ?? null;
  startWorker();

  useScene.subscribe((s, prev) => {
    if (s.cloudVersion !== prev.cloudVersion) sendClouds(s.warmStart);
    if (s.train !== prev.train || s.sample !== prev.sample) sendConfig();
    // The worker starts over (new scene, new architecture): the last reported weights no longer apply.
    const rebuilt = s.train.hiddenLayers !== prev.train.hiddenLayers || s.train.width !== prev.train.width;
    if ((s.cloudVersion !== prev.cloudVersion && !s.warmStart) || rebuilt) savedWeights = null;
  });
  document.addEventListener('visibilitychange', () => send({ type: 'visibility', hidden: document.hidden }));
  // On a few cores the CPU trainers (wasm, webgl's host side, cpu) share them with the page: draw
  // the stage at 30 fps while they train, so neither starves (see AnimationClock.minFrameMs).
  const capFrames = (s: ReturnType<typeof useTraining.getState>) => {
    const fewCores = (globalThis.navigator?.hardwareConcurrency || 2) <= 4;
    clock.minFrameMs = fewCores && s.status === 'training' && s.backend?.name !== 'webgpu' ? 1000 / 30 : 0;
  };
  useTraining.subscribe((s, prev) => {
    if (s.status !== prev.status || s.backend !== prev.backend) capFrames(s);
  });
  useLab.subscribe((s, prev) => {
    if (s.reverse !== prev.reverse || s.metricsOpen !== prev.metricsOpen) sendLab();
    if (s.density && !prev.density) scheduleDensity(0);
  });
  // Scrubbing t with the density on asks for the density at the new t once the slider rests.
  let lastT = clock.t;
  clock.subscribe((t) => {
    if (t === lastT) return;
    lastT = t;
    if (useLab.getState().density && !clock.playing) scheduleDensity(200);
  });
}

export function setTraining(on: boolean): void {
  const { source, target } = useScene.getState();
  if (on && (source.length === 0 || target.length === 0)) {
    notify('warning', `The ${source.length === 0 ? 'source' : 'target'} cloud is empty: add points before training.`);
    return;
  }
  // Training goes on from the latest weights: the stage leaves the history and the single step's batch.
  useTraining.setState({ wantTraining: on, status: on ? 'training' : 'idle', ...(on ? { viewStep: null, stepBatch: null } : {}) });
  send({ type: 'train', running: on });
}

/** Train exactly one batch (pausing training first); the stage shows its pairs and how the field changed. */
export function singleStep(): void {
  const { source, target } = useScene.getState();
  if (source.length === 0 || target.length === 0) {
    notify('warning', `The ${source.length === 0 ? 'source' : 'target'} cloud is empty: add points before training.`);
    return;
  }
  if (useTraining.getState().wantTraining) setTraining(false);
  useTraining.setState({ viewStep: null });
  send({ type: 'trainStep' });
}

/** Show the model of a history checkpoint (null: the latest weights); pauses training first. */
export function viewCheckpoint(step: number | null): void {
  if (step !== null && useTraining.getState().wantTraining) setTraining(false);
  useTraining.setState({ viewStep: step, stepBatch: null });
  send({ type: 'viewCheckpoint', step });
}

/** A lesson's learning-rate schedule and pause step; null clears them (the configured rate applies again). */
export function setSchedule(rates: RateStep[] | null, stopAtStep: number | null): void {
  schedule = { rates, stopAtStep };
  send({ type: 'schedule', ...schedule });
}

export function toggleTraining(): void {
  setTraining(!useTraining.getState().wantTraining);
}

export function resetModel(): void {
  const { seed } = useScene.getState();
  useTraining.setState({ status: useTraining.getState().wantTraining ? 'training' : 'idle' });
  savedWeights = null;
  send({ type: 'reset', seed });
}

export function restoreLastGood(): void {
  useTraining.setState({ status: 'idle' });
  send({ type: 'restoreLastGood' });
}

function sendLab(): void {
  const { reverse, metricsOpen } = useLab.getState();
  send({ type: 'setLab', lab: { reverse, metrics: metricsOpen } });
}

/** What the density's t = 0 end is: a Gaussian preset's exact density, or a kernel estimate of the drawn cloud. */
export function sourceDensityModel(): SourceDensityModel {
  const spec = useScene.getState().sourceSpec;
  if (spec) {
    const p = parsePreset(spec);
    if (p.name === 'gaussian') return { kind: 'gaussian', mean: p.mean, std: p.std };
  }
  return { kind: 'kde' };
}

let densityTimer = 0;
let densityInFlight = false;
let densityAgain = false;
let lastDensityAt = 0;
const DENSITY_GRID = 40;

/** Ask for the density at the clock's t: at most one request in flight, newer wishes coalesce. */
function scheduleDensity(delayMs: number): void {
  if (!useLab.getState().density) return;
  clearTimeout(densityTimer);
  densityTimer = window.setTimeout(() => {
    if (densityInFlight) {
      densityAgain = true;
      return;
    }
    if (delayMs > 1000 && performance.now() - lastDensityAt < delayMs) return;
    densityAgain = false;
    densityInFlight = true;
    lastDensityAt = performance.now();
    useLab.setState({ densityBusy: true });
    void request({ type: 'density', t: clock.t, gridSize: DENSITY_GRID, source: sourceDensityModel() })?.then(showDensity);
  }, delayMs);
}

function showDensity(msg: Reply<'density'>): void {
  densityInFlight = false;
  useLab.setState({
    densityBusy: false,
    densityResult: { t: msg.t, gridSize: msg.gridSize, extent: msg.extent, logDensity: msg.logDensity, source: msg.source, ms: msg.ms },
  });
  if (densityAgain) scheduleDensity(0);
}

/** Reflow: pairs from the current flow, then fine-tune on them. */
export function startReflow(steps: number): void {
  send({ type: 'reflow', steps });
}

/** Probes are numbered in the order they were asked for (the probe store replaces one of the same number). */
let probeNumber = 0;

/** Drop a probe particle at (x, y) at time t: the worker integrates it both ways. */
export function requestProbe(x: number, y: number, t: number): void {
  const id = ++probeNumber;
  void request({ type: 'probe', x, y, t })?.then((msg) => {
    useProbes.getState().addProbe({ id, x: msg.x, y: msg.y, t: msg.t, trajectory: msg.trajectory, steps: msg.steps, velocity: msg.velocity });
  });
}

/** Ask for the velocity under the pointer (a newer request supersedes older ones: only its answer shows). */
export function requestHoverVelocity(x: number, y: number, t: number): void {
  void request({ type: 'velocities', points: new Float32Array([x, y]), t }, { supersede: true })?.then((msg) => {
    useProbes.getState().setHover({ x, y, t: msg.t, u: msg.velocities[0], v: msg.velocities[1] });
  });
}

/** The worker's last good weights (copies), for saving a scene; null before the first report. */
export function getSavedWeights(): SavedWeights | null {
  return savedWeights ? { weights: { shape: { ...savedWeights.weights.shape }, arrays: savedWeights.weights.arrays.map((a) => a.slice()) }, step: savedWeights.step } : null;
}

/** The step of weights sent to the worker and not yet confirmed by its 'reset' answer. */
let loadingStep: number | null = null;

/** Continue from given weights (a scene file's); the architecture in train settings must match. */
export function loadWeights(w: SavedWeights): void {
  savedWeights = w;
  loadingStep = w.step;
  useTraining.setState({ step: w.step, snapshotStale: true });
  send({ type: 'loadWeights', weights: { shape: w.weights.shape, arrays: w.weights.arrays.map((a) => a.slice()) }, step: w.step });
}

/** Fault drills (tests, demos): crash the worker by an error or by closing it, or lose the GPU device. */
export function injectFault(kind: 'throw' | 'close' | 'deviceLost'): void {
  send({ type: 'fault', kind });
}
