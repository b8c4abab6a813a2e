/**
 * The compare view's models in the worker: one scheduled run that holds up to three models (flow
 * matching, the CNF, RealNVP) on the same clouds and seed, and shares its turns among them so that
 * each gets about the same training time: every turn goes to the running model that has trained the
 * least. Each model is scored on held-out target points by its own exact likelihood now and then
 * (the race chart), and drawn (particles, rubber sheet, density) every so often.
 */
import type { TrainConfig } from '../core/config';
import { slicedW2 } from '../core/metrics';
import { NoiseFloorCache } from '../core/noiseFloor';
import { OBJECTIVE_LABELS, type Objective } from '../core/objectives';
import { particleDraw } from '../core/seededDraws';
import { resample } from '../core/points';
import { createRng, deriveSeed } from '../core/rng';
import { nextChunkSize } from '../core/chunkSize';
import { STAGE_EXTENT } from '../core/config';
import { createCompareModel, type CompareModel } from '../engine/compareModels';
import type { CompareModelWeights, CompareSettings, CompareSnapshot, FromWorker } from './protocol';
import type { ScheduledRun } from './scheduler';
import { CHUNK_MS } from './modelRun';

export const COMPARE_RUN_ID = 'compare';
/** Particles per panel, also the samples of its fit score (fewer than the stage's: three models share the worker). */
const PARTICLES = 500;
/** The rubber sheet: lines of constant y and of constant x across the source's square. */
export const SHEET_LINES = 9;
export const SHEET_POINTS = 25;
const DENSITY_SIZE = 32;
/** Least gap between two pictures of one model while it trains (more when they are costly), and between two of its densities. */
const SNAPSHOT_GAP_MS = 1500;
const DENSITY_GAP_MS = 5000;
/** Every HOLD_OUT_EVERY-th point of a drawn target is held out (a preset target gets a fresh draw). */
const HOLD_OUT_EVERY = 5;

/** What the compare run needs from the worker. */
export interface CompareHost {
  post(msg: FromWorker): void;
  explicitTranspose(): boolean;
  /** The playground's clouds, seed and network settings, which the race uses. */
  scene(): { source: Float32Array; target: Float32Array; seed: number; train: TrainConfig };
}

interface Entry {
  model: CompareModel;
  running: boolean;
  diverged: boolean;
  seconds: number;
  msPerStep: number;
  stepsPerChunk: number;
  /** (step, loss) pairs not yet posted. */
  losses: number[];
  scoredStep: number;
  scoredAtSeconds: number;
  snapshotWanted: boolean;
  lastSnapshotAt: number;
  /** Gap between pictures while training: a few times what the last one cost, so training keeps most of the time. */
  snapshotGap: number;
  lastDensityAt: number;
}

/** The sheet's points: 2 * SHEET_LINES lines of SHEET_POINTS points over mean +- 2.5 std. */
export function sheetPoints(mean: readonly [number, number], std: number): Float32Array {
  const half = 2.5 * std;
  const out = new Float32Array(2 * 2 * SHEET_LINES * SHEET_POINTS);
  let o = 0;
  for (const dir of [0, 1]) {
    for (let l = 0; l < SHEET_LINES; l++) {
      const across = -half + (2 * half * l) / (SHEET_LINES - 1);
      for (let p = 0; p < SHEET_POINTS; p++) {
        const along = -half + (2 * half * p) / (SHEET_POINTS - 1);
        // dir 0: constant y (a line along x); dir 1: constant x.
        out[o++] = mean[0] + (dir === 0 ? along : across);
        out[o++] = mean[1] + (dir === 0 ? across : along);
      }
    }
  }
  return out;
}

/** Split a drawn target into training points and held-out points (every HOLD_OUT_EVERY-th). */
export function holdOut(target: Float32Array): { train: Float32Array; heldOut: Float32Array } {
  const n = target.length >> 1;
  const held = Math.floor(n / HOLD_OUT_EVERY);
  const train = new Float32Array(2 * (n - held));
  const heldOut = new Float32Array(2 * held);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const dst = i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1 && b < 2 * held ? heldOut : train;
    const o = dst === heldOut ? (b += 2) - 2 : (a += 2) - 2;
    dst[o] = target[2 * i];
    dst[o + 1] = target[2 * i + 1];
  }
  return { train, heldOut };
}

export class CompareRuns implements ScheduledRun {
  readonly id = COMPARE_RUN_ID;
  private entries = new Map<Objective, Entry>();
  private readonly particleStarts: Float32Array;
  private readonly sheet: Float32Array;
  private readonly fitTarget: Float32Array;
  private readonly heldOut: Float32Array;
  private readonly trainTarget: Float32Array;
  private readonly source: Float32Array;
  private readonly floors = new NoiseFloorCache(PARTICLES);
  private readonly seed: number;
  private readonly jitter: number;

  constructor(
    private readonly host: CompareHost,
    private readonly settings: CompareSettings,
  ) {
    const scene = host.scene();
    this.seed = scene.seed;
    this.jitter = scene.train.jitter;
    this.source = scene.source;
    if (settings.heldOut && settings.heldOut.length > 0) {
      this.heldOut = settings.heldOut;
      this.trainTarget = scene.target;
    } else {
      const split = holdOut(scene.target);
      this.heldOut = split.heldOut;
      this.trainTarget = split.train;
    }
    this.particleStarts = scene.source.length > 0 ? particleDraw(scene.source, PARTICLES, this.jitter, this.seed) : new Float32Array(0);
    this.sheet = sheetPoints(settings.source.mean, settings.source.std);
    // The fit compares PARTICLES samples with as many target points (its floor is measured at that size).
    this.fitTarget = this.trainTarget.length > 0 ? resample(this.trainTarget, PARTICLES, this.jitter, createRng(deriveSeed(this.seed, 'fit-a'))) : new Float32Array(0);
    this.build();
  }

  /** (Re)build every model afresh on the current backend. */
  build(): void {
    this.disposeModels();
    const { train } = this.host.scene();
    for (const objective of this.settings.objectives) {
      const model = createCompareModel({
        objective,
        seed: this.seed,
        train,
        source: this.settings.source,
        cnfSteps: this.settings.cnfSteps,
        couplings: this.settings.couplings,
        explicitTranspose: this.host.explicitTranspose(),
      });
      model.setData(this.source, this.trainTarget);
      this.entries.set(objective, {
        model,
        running: false,
        diverged: false,
        seconds: 0,
        msPerStep: NaN,
        stepsPerChunk: 1,
        losses: [],
        scoredStep: -1,
        scoredAtSeconds: 0,
        snapshotWanted: true,
        lastSnapshotAt: -Infinity,
        snapshotGap: SNAPSHOT_GAP_MS,
        lastDensityAt: -Infinity,
      });
    }
  }

  get running(): boolean {
    for (const e of this.entries.values()) if (e.running) return true;
    return false;
  }

  /** The scheduler stops every run after an error. */
  set running(on: boolean) {
    if (!on) for (const e of this.entries.values()) e.running = false;
  }

  ready(): boolean {
    return this.entries.size > 0;
  }

  setRunning(objective: Objective | null, on: boolean): void {
    for (const [o, e] of this.entries) {
      if (objective !== null && o !== objective) continue;
      if (on && (e.diverged || this.trainTarget.length === 0 || this.source.length === 0)) continue;
      e.running = on;
      // Pausing shows the final weights and scores them.
      if (!on) e.snapshotWanted = true;
      this.postProgress(o, e);
    }
  }

  /** Pretrained weights replace fresh models; their training seconds carry on. */
  load(models: CompareModelWeights[]): void {
    for (const m of models) {
      const e = this.entries.get(m.objective);
      if (!e) continue;
      e.model.setArrays(m.arrays, m.step);
      e.seconds = m.seconds;
      e.scoredStep = -1;
      e.snapshotWanted = true;
      e.lastDensityAt = -Infinity;
      this.postProgress(m.objective, e);
    }
  }

  async trainChunk(): Promise<void> {
    // The turn goes to the running model that has trained the least: equal training time for all.
    let pick: [Objective, Entry] | null = null;
    for (const kv of this.entries) if (kv[1].running && (!pick || kv[1].seconds < pick[1].seconds)) pick = kv;
    if (!pick) return;
    const [objective, e] = pick;
    // The race starts from a score of the untrained model.
    if (this.scoreDue(e) && e.scoredStep < 0) await this.score(objective, e);
    const count = e.stepsPerChunk;
    const t0 = performance.now();
    const losses = await e.model.train(count);
    const ms = performance.now() - t0;
    e.seconds += ms / 1000;
    e.msPerStep = Number.isFinite(e.msPerStep) ? 0.7 * e.msPerStep + 0.3 * (ms / count) : ms / count;
    e.stepsPerChunk = nextChunkSize(count, ms, CHUNK_MS);
    for (const p of losses) e.losses.push(p.step, p.loss);
    const bad = losses.find((p) => !Number.isFinite(p.loss));
    if (bad) {
      e.running = false;
      e.diverged = true;
      this.host.post({
        type: 'compareDiverged',
        objective,
        step: bad.step,
        message: `${OBJECTIVE_LABELS[objective]} diverged at step ${bad.step} (its loss is not a number) and stopped; the other models go on. Restart to try again.`,
      });
    }
    this.postProgress(objective, e);
  }

  private postProgress(objective: Objective, e: Entry): void {
    const losses = Float32Array.from(e.losses);
    e.losses = [];
    this.host.post({ type: 'compareProgress', objective, step: e.model.step, seconds: e.seconds, msPerStep: e.msPerStep, evalsPerStep: e.model.evalsPerStep, losses, running: e.running });
  }

  /** A score is owed: never scored at this step while idle, or enough training time since the last (log-spaced). */
  private scoreDue(e: Entry): boolean {
    if (e.diverged || this.heldOut.length === 0) return false;
    if (e.scoredStep === e.model.step) return false;
    return !e.running || e.scoredStep < 0 || e.seconds - e.scoredAtSeconds >= Math.max(1, 0.2 * e.seconds);
  }

  private async score(objective: Objective, e: Entry): Promise<void> {
    const nll = await e.model.heldOutNll(this.heldOut);
    e.scoredStep = e.model.step;
    e.scoredAtSeconds = e.seconds;
    this.host.post({ type: 'compareHeldOut', objective, step: e.model.step, seconds: e.seconds, nll });
  }

  private snapshotDue(e: Entry, now: number): boolean {
    return e.snapshotWanted && (!e.running || now - e.lastSnapshotAt > e.snapshotGap);
  }

  async refresh(): Promise<void> {
    for (const [objective, e] of this.entries) {
      if (this.scoreDue(e)) await this.score(objective, e);
      if (e.running) e.snapshotWanted = true;
      const now = performance.now();
      if (this.snapshotDue(e, now)) await this.snapshot(objective, e, now);
    }
  }

  pending(): boolean {
    for (const e of this.entries.values()) if (e.snapshotWanted || this.scoreDue(e)) return true;
    return false;
  }

  private async snapshot(objective: Objective, e: Entry, now: number): Promise<void> {
    e.snapshotWanted = false;
    e.lastSnapshotAt = now;
    const np = this.particleStarts.length;
    const all = new Float32Array(np + this.sheet.length);
    all.set(this.particleStarts);
    all.set(this.sheet, np);
    const { frames, positions } = await e.model.frames(all);
    const stride = 2 * frames;
    const particleCount = np >> 1;
    const particles = positions.slice(0, particleCount * stride);
    const sheet = positions.slice(particleCount * stride);
    const withDensity = !e.running || now - e.lastDensityAt > DENSITY_GAP_MS;
    let density: Float32Array | null = null;
    if (withDensity) {
      density = await e.model.logDensityGrid(DENSITY_SIZE, STAGE_EXTENT);
      e.lastDensityAt = performance.now();
    }
    let fit = NaN;
    const floor = this.floors.get(this.trainTarget, this.jitter, this.seed);
    if (particleCount > 0 && this.fitTarget.length > 0) {
      const ends = new Float32Array(2 * particleCount);
      for (let i = 0; i < particleCount; i++) {
        ends[2 * i] = particles[i * stride + stride - 2];
        ends[2 * i + 1] = particles[i * stride + stride - 1];
      }
      fit = slicedW2(ends, this.fitTarget);
    }
    const snapshot: CompareSnapshot = {
      objective,
      step: e.model.step,
      frames,
      particles,
      particleCount,
      sheet,
      sheetLines: SHEET_LINES,
      sheetPoints: SHEET_POINTS,
      density,
      densitySize: DENSITY_SIZE,
      extent: STAGE_EXTENT,
      fit,
      fitFloor: floor.mean,
      fitFloorSpread: floor.std,
    };
    e.snapshotGap = Math.max(SNAPSHOT_GAP_MS, 4 * (performance.now() - now));
    this.host.post({ type: 'compareSnapshot', snapshot });
  }

  /** Each model's weights, steps and training seconds (the race scene's script saves them). */
  async trained(): Promise<CompareModelWeights[]> {
    const out: CompareModelWeights[] = [];
    for (const [objective, e] of this.entries) out.push({ objective, step: e.model.step, seconds: e.seconds, arrays: await e.model.getArrays() });
    return out;
  }

  private disposeModels(): void {
    for (const e of this.entries.values()) e.model.dispose();
    this.entries.clear();
  }

  dispose(): void {
    this.disposeModels();
  }
}
