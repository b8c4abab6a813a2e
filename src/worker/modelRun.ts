/**
 * One model run: everything about one trained model (its settings, clouds, trainer, draws, snapshot
 * pacing, training history, reflow round, lesson schedule and training guard), created and disposed
 * as a unit. The worker holds runs and the scheduler gives each a training chunk in turn; the
 * protocol addresses the single default run today.
 *
 * The trainer is built once a backend is ready (startTrainer) and rebuilt on another backend after a
 * device loss; until then the run only keeps its settings.
 */
import { DEFAULT_SAMPLE, DEFAULT_TRAIN, STAGE_EXTENT, stepCostChanged, type LabConfig, type SampleConfig, type TrainConfig } from '../core/config';
import { nextBoundary, rateAt, type RateStep } from '../core/rateSchedule';
import { couplerFor } from '../core/couplers';
import type { Coupler } from '../core/trainingBatch';
import { NoiseFloorCache, type NoiseFloor } from '../core/noiseFloor';
import { pointsOfClass } from '../core/labels';
import { deriveSeed } from '../core/rng';
import { FIT_SAMPLES, fitDraw, particleDraw, reverseDraw, reverseDrawLabels } from '../core/seededDraws';
import { isCheckpointStep, nextCheckpointStep } from '../core/checkpointSchedule';
import { nextChunkSize } from '../core/chunkSize';
import { createPairedCoupler, makeReflowPairs } from '../engine/reflow';
import type { Mlp, MlpWeights } from '../engine/mlp';
import { compileSampling } from '../engine/sampling';
import { Trainer } from '../engine/trainer';
import { explicitTransposeFor } from '../engine/trainerOptions';
import { CheckpointHistory, HistoryView } from './checkpoints';
import { computeMetrics, targetFloors, type TargetDraws } from './lab';
import type { BackendReport, FromWorker } from './protocol';
import { trainOneBatch } from './singleStep';
import { drawSnapshot, FIELD_TIMES, fieldTimesArray, GRID_SIZE, SnapshotPacer } from './snapshots';
import { TrainingGuard, type GoodWeights } from './trainingGuard';
import type { RecoverableRun } from './deviceRecovery';
import { fieldFor, samplingFor, type SamplingContext } from './sampleOptions';
import { classMetricsBlocker, guidanceSweep, perClassMetrics, type GuidanceSweep } from './classMetrics';

/** Wall time of one training chunk: short enough that messages are handled promptly. */
export const CHUNK_MS = 60;
const METRICS_MS = 3000;
const REFLOW_PAIRS = 4096;

/** What a run asks of the worker that holds it. */
export interface RunHost {
  post(msg: FromWorker): void;
  backend(): BackendReport | null;
  lab(): LabConfig;
  /** The live tensors and bytes of the worker's tfjs engine, reported with the last good weights. */
  memory(): { numTensors: number; numBytes: number };
  /** Ask the scheduler for another pass (a timer of the run fired). */
  wake(): void;
}

/** The run's seeded draws, re-drawn whenever the clouds (or particles, jitter, seed) change. */
export interface RunDraws {
  /** Source points the snapshot's particles start from. */
  particleStarts: Float32Array;
  /** Target draw A: the fit score compares the particles' end points with it. */
  fitTarget: Float32Array;
  /** Target points the reverse paths start from. */
  reverseStarts: Float32Array;
  /** The class of each reverse start (a labelled target), or null. */
  reverseLabels: Uint8Array | null;
  /** Target draws A and B and their floors for the metrics panel, made when it first needs them. */
  metricsDraws: TargetDraws | null;
}

const noDraws = (): RunDraws => ({ particleStarts: new Float32Array(0), fitTarget: new Float32Array(0), reverseStarts: new Float32Array(0), reverseLabels: null, metricsDraws: null });

export class ModelRun implements RecoverableRun {
  trainer: Trainer | null = null;
  train: TrainConfig = { ...DEFAULT_TRAIN };
  sample: SampleConfig = { ...DEFAULT_SAMPLE };
  seed: number;
  source: Float32Array = new Float32Array(0);
  target: Float32Array = new Float32Array(0);
  /** The class of each target point, or null (conditional training and the class metrics need them). */
  targetLabels: Uint8Array | null = null;
  /** Training is on (a device loss or an error may stop it mid-chunk). */
  running = false;
  /** What the user asked for last: a device loss may stop `running` mid-chunk, this survives it. */
  wantRunning = false;
  /**
   * Steps per training chunk, re-sized after each chunk to take about CHUNK_MS. It starts at one step
   * and at most doubles per chunk: a slow backend (a software adapter compiling its kernels) shows its
   * first progress after one step instead of after a chunk sized for a fast one.
   */
  private stepsPerChunk = 1;
  /** A lesson's learning-rate schedule (overrides the configured rate) and where training pauses. */
  private rates: RateStep[] | null = null;
  private stopAtStep: number | null = null;
  private draws: RunDraws = noDraws();
  /** The fit's noise floor (mean and spread over pairs of target draws), recomputed only when the target draws change. */
  private readonly fitFloors = new NoiseFloorCache(FIT_SAMPLES);
  /** The fit against one class's target points (a conditional model asked for one class), and its floor. */
  private classFit: { c: number; labels: Uint8Array; target: Float32Array; jitter: number; seed: number; points: Float32Array; draw: Float32Array } | null = null;
  private readonly classFloors = new NoiseFloorCache(FIT_SAMPLES);
  readonly snapshots = new SnapshotPacer();
  readonly guard = new TrainingGuard();
  private lastMetricsAt = -Infinity;
  metricsWanted = false;
  private metricsInterval = METRICS_MS;
  /** Reflow: pairs from the model's own flow replace the coupling while a round fine-tunes. */
  private reflowCoupler: Coupler | null = null;
  private reflowRound = 0;
  private reflowStepsLeft = 0;
  /** Weights at log-spaced steps, and which of them (or the live weights) the snapshots show. */
  private readonly history = new CheckpointHistory();
  private readonly historyView = new HistoryView();

  constructor(
    readonly id: string,
    private readonly host: RunHost,
    seed = 1,
  ) {
    this.seed = seed;
  }

  private post(msg: FromWorker): void {
    this.host.post(msg);
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  /** The trainer exists (a backend is ready and no device loss is under way). */
  ready(): boolean {
    return this.trainer !== null;
  }

  /** Build the trainer on the current backend from the run's settings and clouds. */
  startTrainer(): void {
    const t = new Trainer({
      config: this.train,
      seed: this.seed,
      explicitTranspose: explicitTransposeFor(this.host.backend()?.name),
      coupler: (cfg) => this.reflowCoupler ?? couplerFor(cfg.coupling),
    });
    t.setClouds(this.source, this.target, this.targetLabels);
    this.trainer = t;
  }

  /**
   * On WebGPU, compile the step's and the first snapshot's programs in parallel now, not one by one
   * after Train is pressed (on a software adapter that is a minute of shader compiles); elsewhere nothing.
   */
  async compilePrograms(): Promise<void> {
    const t = this.trainer;
    if (t) await t.compileStep(() => compileSampling(t.model, this.sample.particles, this.sample, FIELD_TIMES * GRID_SIZE * GRID_SIZE));
  }

  /** Free everything the run holds; it is not used again. */
  dispose(): void {
    this.running = false;
    this.wantRunning = false;
    this.snapshots.dispose();
    this.historyView.clear();
    this.history.clear();
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** What sampling reads: the run's settings, the target's labels and the seed. */
  samplingContext(): SamplingContext {
    return { train: this.train, sample: this.sample, targetLabels: this.targetLabels, seed: this.seed };
  }

  /** The network the page sees: a history checkpoint's, or the live one. */
  private shown(t: Trainer): { model: Mlp; step: number; fromHistory: boolean } {
    const name = this.host.backend()?.name;
    return this.historyView.resolve(this.history, { model: t.model, step: t.step }, name === 'wasm' || name === 'cpu');
  }

  /** The network the page sees, or null before the trainer exists (probes, hover, density read it). */
  shownModel(): Mlp | null {
    return this.trainer ? this.shown(this.trainer).model : null;
  }

  /** Work is owed even while training is off: a snapshot, or the metrics panel's numbers. */
  pending(): boolean {
    return (this.snapshots.wanted || (this.host.lab().metrics && this.metricsWanted)) && this.trainer !== null;
  }

  /** Particles and the target draws for the fit score, re-drawn whenever the clouds change. */
  private redrawSamples(): void {
    const { source, target, train, sample, seed } = this;
    const d = noDraws();
    if (source.length > 0) d.particleStarts = particleDraw(source, sample.particles, train.jitter, seed);
    if (target.length > 0) {
      d.fitTarget = fitDraw(target, train.jitter, seed, 'a');
      // metricsDraws stays null: the energy floor is costlier, computed when the metrics panel first needs it
      d.reverseStarts = reverseDraw(target, sample.particles, train.jitter, seed);
      d.reverseLabels = reverseDrawLabels(target, this.targetLabels, sample.particles, train.jitter, seed);
    }
    this.draws = d;
    this.metricsWanted = true;
  }

  /**
   * What the fit score compares with: the target (draw A and its floor), or, when a conditional model is
   * asked for one class, that class's target points and their own floor (the whole target would call a
   * perfect class-A sample a poor fit).
   */
  private fitReference(live: boolean): { fitTarget: Float32Array; fitFloor: () => NoiseFloor; fitClass: number | null } {
    const c = this.sample.sampleClass;
    const labels = this.targetLabels;
    if (!this.train.conditional || c === null || !labels) return { fitTarget: this.draws.fitTarget, fitFloor: () => this.currentFloor(live), fitClass: null };
    const k = this.classFit;
    if (!k || k.c !== c || k.labels !== labels || k.target !== this.target || k.jitter !== this.train.jitter || k.seed !== this.seed) {
      const points = pointsOfClass(this.target, labels, c);
      this.classFit = { c, labels, target: this.target, jitter: this.train.jitter, seed: this.seed, points, draw: points.length > 0 ? fitDraw(points, this.train.jitter, this.seed, 'a') : new Float32Array(0) };
    }
    const f = this.classFit!;
    return { fitTarget: f.draw, fitFloor: () => this.classFloors.get(f.points, this.train.jitter, this.seed, live), fitClass: c };
  }

  /** During a drag the last floor stands; the full snapshot after the gesture brings it up to date. */
  private currentFloor(live: boolean) {
    return this.fitFloors.get(this.target, this.train.jitter, this.seed, live);
  }

  /** Keep the weights of this step when the schedule wants it (or `force`: a new start), and tell the page. */
  private async recordCheckpoint(force = false): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || (!force && !isCheckpointStep(trainer.step))) return;
    this.history.add(trainer.step, await trainer.model.getWeights());
    this.post({ type: 'checkpoints', steps: this.history.steps() });
  }

  /** New or loaded weights: the history starts over at the trainer's step. */
  async restartHistory(): Promise<void> {
    this.history.clear();
    this.historyView.clear();
    await this.recordCheckpoint(true);
  }

  async snapshot(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    const { model, step, fromHistory } = this.shown(trainer);
    const live = this.snapshots.isLive();
    const { snapshot, ms } = await drawSnapshot({
      model,
      step,
      fromHistory,
      particleStarts: this.draws.particleStarts,
      ...this.fitReference(live),
      reverseStarts: this.host.lab().reverse ? this.draws.reverseStarts : null,
      reverseLabels: this.draws.reverseLabels,
      sample: this.sample,
      live,
      sampling: this.samplingContext(),
      target: this.target,
    });
    // Keep snapshots to about a quarter of the worker's time while training; once a gesture settles, draw the full picture again.
    this.snapshots.drew(live, ms, () => this.host.wake());
    this.snapshots.sent();
    this.post({ type: 'snapshot', snapshot });
  }

  /** After a chunk (or on an idle pass): a snapshot when wanted and due, the metrics when due. */
  async refresh(training: boolean): Promise<void> {
    if (!this.trainer) return;
    if (this.snapshots.wanted && this.snapshots.due(training)) await this.snapshot();
    if (!this.host.lab().metrics || !this.trainer || this.snapshots.isLive()) return;
    if (training ? performance.now() - this.lastMetricsAt > this.metricsInterval : this.metricsWanted) await this.runMetrics();
  }

  private async runMetrics(): Promise<void> {
    const trainer = this.trainer;
    const d = this.draws;
    if (!trainer || d.particleStarts.length === 0 || d.fitTarget.length === 0) return;
    // The panel runs every few seconds at most: it may bring a floor left stale by a drag up to date.
    const floor = this.currentFloor(false);
    if (!d.metricsDraws) d.metricsDraws = targetFloors(d.fitTarget, fitDraw(this.target, this.train.jitter, this.seed, 'b'), floor);
    else d.metricsDraws = { ...d.metricsDraws, slicedW2Floor: floor.mean, slicedW2FloorSpread: floor.std };
    const starts = d.particleStarts.subarray(0, 2 * Math.min(FIT_SAMPLES, d.particleStarts.length >> 1));
    const metrics = await computeMetrics(trainer.model, trainer.step, starts, d.metricsDraws, this.sample, (n) => samplingFor(this.samplingContext(), n));
    metrics.byClass = await perClassMetrics(trainer.model, this.samplingContext(), starts, this.target);
    this.lastMetricsAt = performance.now();
    // Keep the panel to about a fifth of the worker's time while training.
    this.metricsInterval = Math.max(METRICS_MS, 4 * metrics.ms);
    this.metricsWanted = false;
    this.post({ type: 'metrics', metrics });
  }

  /** The guidance sweep on the shown model (the chart's request), or why it cannot run. */
  async guidanceSweep(): Promise<{ sweep: GuidanceSweep | null; reason: string | null; step: number }> {
    const trainer = this.trainer;
    if (!trainer) return { sweep: null, reason: 'The model is not ready yet.', step: 0 };
    const { model, step } = this.shown(trainer);
    const ctx = this.samplingContext();
    const reason = classMetricsBlocker(model, ctx, this.target);
    if (reason) return { sweep: null, reason, step };
    const starts = this.draws.particleStarts.subarray(0, 2 * Math.min(FIT_SAMPLES, this.draws.particleStarts.length >> 1));
    if (starts.length === 0) return { sweep: null, reason: 'The source cloud is empty.', step };
    return { sweep: await guidanceSweep(model, ctx, starts, this.target), reason: null, step };
  }

  // --- Commands (the dispatcher's cases for this run) ---

  /** The first start on a backend: a fresh model at step 0 and its first checkpoint. */
  async begin(): Promise<void> {
    await this.restartHistory();
    this.snapshots.wanted = true;
  }

  async setClouds(source: Float32Array, target: Float32Array, warmStart: boolean, targetLabels: Uint8Array | null = null): Promise<void> {
    this.guard.forgetBest();
    if (warmStart) this.snapshots.lastCloudChangeAt = performance.now();
    if (this.reflowCoupler) {
      this.endReflow();
      this.notice('info', 'The clouds changed, so the reflow pairs no longer apply: back to plain flow matching.');
    }
    this.source = source;
    this.target = target;
    this.targetLabels = targetLabels && targetLabels.length === target.length >> 1 ? targetLabels : null;
    this.trainer?.setClouds(source, target, this.targetLabels);
    if (!warmStart && this.trainer) {
      this.trainer.reset(this.seed);
      this.guard.forgetGood();
      this.post({ type: 'reset', step: 0 });
      await this.restartHistory();
    }
    this.redrawSamples();
    this.snapshots.wanted = true;
  }

  async setConfig(train: TrainConfig, sample: SampleConfig): Promise<void> {
    const particlesChanged = sample.particles !== this.sample.particles || train.jitter !== this.train.jitter;
    // A step may now cost many times more: re-measure from a small chunk rather than run the old
    // chunk size (up to 500 steps of a tiny net) on a big one and freeze the progress for seconds.
    if (stepCostChanged(this.train, train)) this.stepsPerChunk = 1;
    this.train = { ...train };
    this.sample = { ...sample };
    if (this.trainer?.setConfig(this.train, this.seed)) {
      this.guard.forgetGood();
      this.metricsWanted = true;
      this.post({ type: 'reset', step: 0 });
      await this.restartHistory();
    }
    if (particlesChanged) this.redrawSamples();
    this.snapshots.wanted = true;
  }

  setRunning(on: boolean): void {
    this.running = on;
    this.wantRunning = on;
    // Training goes on from the latest weights, and the stage shows them again.
    if (on && this.historyView.wanted !== null) this.historyView.clear();
    // Stopping shows the final weights: the last periodic snapshot may be a chunk or more old.
    if (!on) {
      this.metricsWanted = true;
      this.snapshots.wanted = true;
    }
  }

  setSchedule(rates: RateStep[] | null, stopAtStep: number | null): void {
    this.rates = rates && rates.length > 0 ? rates.map((r) => ({ ...r })) : null;
    this.stopAtStep = stopAtStep;
  }

  async reset(seed: number): Promise<void> {
    this.guard.forgetBest();
    this.seed = seed;
    this.trainer?.reset(seed);
    this.endReflow();
    this.guard.forgetGood();
    this.redrawSamples();
    this.post({ type: 'reset', step: 0 });
    await this.restartHistory();
    this.snapshots.wanted = true;
  }

  viewCheckpoint(step: number | null): void {
    this.historyView.want(step);
    this.snapshots.wanted = true;
  }

  /** The lab settings changed: draw again, and measure when the panel is open. */
  labChanged(lab: LabConfig): void {
    this.snapshots.wanted = true;
    this.metricsWanted = lab.metrics;
  }

  async loadWeights(weights: MlpWeights, step: number): Promise<void> {
    if (!this.trainer) return;
    this.trainer.setWeights(weights, step);
    this.guard.set({ weights, step });
    this.post({ type: 'reset', step });
    await this.restartHistory();
    this.snapshots.wanted = true;
    this.metricsWanted = true;
  }

  async restoreLastGood(): Promise<void> {
    const good = this.guard.lastGood;
    if (!this.trainer || !good) return;
    this.trainer.setWeights(good.weights, good.step);
    this.history.truncateAfter(good.step);
    this.historyView.clear();
    await this.recordCheckpoint(true);
    this.notice('info', `Restored the weights from step ${good.step}.`);
    this.post({ type: 'reset', step: good.step });
    this.snapshots.wanted = true;
    this.metricsWanted = true;
  }

  /** Reflow: pairs from the model's own flow, then fine-tune on them for `steps` steps. */
  async reflow(steps: number): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || trainer.blocker()) {
      this.notice('warning', trainer?.blocker() ?? 'The model is not ready yet.');
      return;
    }
    // The pairs follow the model's unconditional ODE (its prediction kind and path; the trainer draws the classes).
    const ode = { kind: this.train.targetKind, path: this.train.path, labels: null };
    const pairs = await makeReflowPairs(trainer.model, this.source, REFLOW_PAIRS, this.sample.steps, this.sample.solver, deriveSeed(this.seed, `reflow-${this.reflowRound + 1}`), ode);
    this.reflowRound += 1;
    this.reflowCoupler = createPairedCoupler(pairs, deriveSeed(this.seed, `reflow-pairs-${this.reflowRound}`));
    this.reflowStepsLeft = Math.max(1, Math.round(steps));
    this.running = true;
    this.wantRunning = true;
    this.post({ type: 'reflow', round: this.reflowRound, stepsLeft: this.reflowStepsLeft });
  }

  private endReflow(): void {
    if (this.reflowRound === 0 && !this.reflowCoupler) return;
    this.reflowCoupler = null;
    this.reflowRound = 0;
    this.reflowStepsLeft = 0;
    this.post({ type: 'reflow', round: 0, stepsLeft: 0 });
  }

  /** Single step: exactly one batch, from a pause; the page shows its pairs and how the field moved. */
  async singleStep(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    this.running = false;
    this.wantRunning = false;
    this.historyView.clear();
    const blocker = trainer.blocker();
    if (blocker) {
      this.notice('warning', blocker);
      return;
    }
    const r = await trainOneBatch(trainer, this.train, this.seed, this.rates ? rateAt(this.rates, trainer.step) : null, {
      fieldTimes: fieldTimesArray(),
      gridSize: GRID_SIZE,
      extent: STAGE_EXTENT,
      field: fieldFor(this.samplingContext()),
    });
    this.post({ type: 'stepBatch', step: trainer.step, x0: r.x0, x1: r.x1, t: r.t, fieldBefore: r.fieldBefore });
    this.post({ type: 'progress', step: trainer.step, losses: new Float32Array([r.loss.step, r.loss.loss]), stepsPerSecond: 0, running: false });
    await this.recordCheckpoint();
    this.snapshots.wanted = true;
    this.metricsWanted = this.host.lab().metrics;
  }

  /** Training ends on its own (a reflow round, a lesson's stop): show and measure the final weights. */
  private finishRun(): void {
    this.running = false;
    this.wantRunning = false;
    this.snapshots.wanted = true;
    this.metricsWanted = this.host.lab().metrics;
  }

  /** One chunk of about CHUNK_MS; posts its losses, stops on divergence, keeps the last good weights. */
  async trainChunk(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    const blocker = trainer.blocker();
    if (blocker) {
      this.running = false;
      this.wantRunning = false;
      this.notice('warning', blocker);
      this.post({ type: 'progress', step: trainer.step, losses: new Float32Array(0), stepsPerSecond: 0, running: this.running });
      return;
    }
    const t0 = performance.now();
    if (this.reflowStepsLeft > 0) this.stepsPerChunk = Math.min(this.stepsPerChunk, this.reflowStepsLeft);
    // A chunk never crosses a schedule entry or the stop, so each step runs at its scheduled rate.
    let count = this.stepsPerChunk;
    const stepBefore = trainer.step;
    const bound = nextBoundary(this.rates ?? [], this.stopAtStep, stepBefore);
    if (bound !== null) count = Math.min(count, bound - stepBefore);
    // Chunks end on the history's checkpoint steps, so each is kept at its exact step.
    count = Math.min(count, nextCheckpointStep(stepBefore) - stepBefore);
    const rate = this.rates ? rateAt(this.rates, stepBefore) : null;
    if (rate !== null && rate !== trainer.config.learningRate) trainer.setConfig({ ...this.train, learningRate: rate }, this.seed);
    const points = await trainer.train(count);
    await this.recordCheckpoint();
    if (this.reflowStepsLeft > 0) {
      this.reflowStepsLeft -= count;
      if (this.reflowStepsLeft <= 0) {
        this.reflowStepsLeft = 0;
        this.finishRun();
        this.notice('info', `Reflow round ${this.reflowRound} finished: the paths should be straighter now.`);
      }
      this.post({ type: 'reflow', round: this.reflowRound, stepsLeft: this.reflowStepsLeft });
    }
    const ms = performance.now() - t0;
    const sps = (count * 1000) / Math.max(ms, 1e-3);
    // Size the next chunk to take about CHUNK_MS.
    this.stepsPerChunk = nextChunkSize(count, ms, CHUNK_MS);
    if (this.stopAtStep !== null && stepBefore < this.stopAtStep && trainer.step >= this.stopAtStep) {
      // The lesson's pause: the same as the user pressing Pause (pressing Train again goes on).
      this.finishRun();
    }
    const losses = new Float32Array(points.length * 2);
    points.forEach((p, i) => {
      losses[2 * i] = p.step;
      losses[2 * i + 1] = p.loss;
    });
    const bad = this.guard.divergence(points);
    if (bad) {
      this.running = false;
      this.wantRunning = false;
      this.post({ type: 'progress', step: trainer.step, losses, stepsPerSecond: sps, running: this.running });
      this.post({
        type: 'diverged',
        step: bad.step,
        message: `Training diverged at step ${bad.step} (the loss became ${bad.loss}). Lower the learning rate, then restore the last good weights or reset.`,
        lastGoodStep: this.guard.lastGood?.step ?? null,
      });
      return;
    }
    this.post({ type: 'progress', step: trainer.step, losses, stepsPerSecond: sps, running: this.running });
    const now = performance.now();
    if (this.guard.wantsKeep(points, now)) {
      const good: GoodWeights = { weights: await trainer.model.getWeights(), step: trainer.step };
      // A copy for the UI, so a new worker can continue if this one dies.
      this.post({ type: 'weights', weights: { shape: good.weights.shape, arrays: good.weights.arrays.map((a) => a.slice()) }, step: good.step });
      this.post({ type: 'memory', ...this.host.memory() });
      this.guard.keep(good, now);
    }
    if (now - this.snapshots.lastAt > this.snapshots.interval) this.snapshots.wanted = true;
  }

  // --- Device loss (see deviceRecovery.ts) ---

  recoveryPoint(): { resume: GoodWeights | null; wasRunning: boolean } {
    return { resume: this.guard.lastGood, wasRunning: this.wantRunning };
  }

  dropTrainer(): void {
    this.running = false;
    const old = this.trainer;
    this.trainer = null;
    try {
      old?.dispose();
    } catch {
      // Its buffers went with the device.
    }
  }

  restoreWeights(resume: GoodWeights | null): void {
    if (resume && this.trainer) this.trainer.setWeights(resume.weights, resume.step);
    this.history.truncateAfter(resume?.step ?? 0);
    this.historyView.clear();
    this.post({ type: 'checkpoints', steps: this.history.steps() });
  }

  carryOn(resume: GoodWeights | null, wasRunning: boolean): void {
    this.post({ type: 'reset', step: resume?.step ?? 0 });
    this.running = wasRunning;
    this.snapshots.wanted = true;
  }
}
