/**
 * Snapshots of one model run: when to draw one (a wish, the pace while training, the lighter live
 * mode while a cloud is dragged) and drawing it (trajectories, the field grid, the fit score, the
 * reverse paths).
 */
import { STAGE_EXTENT, type SampleConfig } from '../core/config';
import { slicedW2 } from '../core/metrics';
import type { NoiseFloor } from '../core/noiseFloor';
import { FIT_SAMPLES } from '../core/seededDraws';
import { endPoints } from '../core/solvers';
import type { Mlp } from '../engine/mlp';
import { fieldGrid, integrateTrajectories } from '../engine/sampling';
import { reverseTrajectories } from './lab';
import type { Snapshot } from './protocol';
import { nearestLabels } from '../core/classAccuracy';
import { fieldFor, samplingFor, type SamplingContext } from './sampleOptions';

export const SNAPSHOT_MS = 500;
export const FIELD_TIMES = 21;
export const GRID_SIZE = 20;
/** While a cloud is being dragged or drawn, snapshots use fewer particles and steps to keep up. */
export const LIVE_MS = 700;
const LIVE_PARTICLES = 600;
const LIVE_STEPS = 20;
const LIVE_SNAPSHOT_GAP_MS = 100;

export const fieldTimesArray = (): Float32Array => new Float32Array(FIELD_TIMES).map((_, i) => i / (FIELD_TIMES - 1));

/** When a run draws its next snapshot. */
export class SnapshotPacer {
  /** A snapshot is owed (new weights, new clouds, a new view). */
  wanted = false;
  lastAt = 0;
  /** The gap between snapshots while training, kept to about a quarter of the worker's time. */
  interval = SNAPSHOT_MS;
  lastCloudChangeAt = -Infinity;
  private fullTimer: ReturnType<typeof setTimeout> | undefined;

  /** A cloud is being dragged or drawn (a warm cloud update came within LIVE_MS). */
  isLive(now = performance.now()): boolean {
    return now - this.lastCloudChangeAt < LIVE_MS;
  }

  /** Idle runs draw as soon as asked; training runs keep their pace. */
  due(training: boolean, now = performance.now()): boolean {
    return !training || now - this.lastAt > (this.isLive(now) ? LIVE_SNAPSHOT_GAP_MS : this.interval);
  }

  /** A snapshot took `ms` (full ones set the pace); after a live one, `again` runs once the gesture settles. */
  drew(live: boolean, ms: number, again: () => void): void {
    if (!live) this.interval = Math.max(SNAPSHOT_MS, 3 * ms);
    else {
      clearTimeout(this.fullTimer);
      this.fullTimer = setTimeout(() => {
        this.wanted = true;
        again();
      }, LIVE_MS + 50);
    }
  }

  sent(now = performance.now()): void {
    this.lastAt = now;
    this.wanted = false;
  }

  dispose(): void {
    clearTimeout(this.fullTimer);
  }
}

export interface SnapshotInputs {
  model: Mlp;
  step: number;
  fromHistory: boolean;
  /** The particles' starting points (the live mode uses the first LIVE_PARTICLES). */
  particleStarts: Float32Array;
  /** Target draws the fit compares the particles' end points with. */
  fitTarget: Float32Array;
  /** The class those draws are of (a conditional model asked for one class), or null for the whole target. */
  fitClass: number | null;
  /** The fit's noise floor, asked for after the field (its first computation counts in fitMs, as before). */
  fitFloor: () => NoiseFloor;
  /** Target points carried back to the source, or null when the reverse paths are off. */
  reverseStarts: Float32Array | null;
  /** The class of each reverse start, or null (an unlabelled target). */
  reverseLabels: Uint8Array | null;
  sample: SampleConfig;
  live: boolean;
  /** Path, target kind, classes, guidance and SDE noise (sampleOptions.ts). */
  sampling: SamplingContext;
  /** The target cloud (the class of each end point is its nearest target point's). */
  target: Float32Array;
}

/**
 * The class each particle is drawn in, and the share that lands in its class: a conditional model's
 * particles are coloured by the class they asked for and scored on it; an unconditional model's by the
 * class of the target point each lands nearest. Null and NaN for an unlabelled target.
 */
function particleClassesOf(inp: SnapshotInputs, asked: Uint8Array | null, ends: Float32Array): { classes: Uint8Array | null; accuracy: number } {
  const labels = inp.sampling.targetLabels;
  if (!labels || labels.length === 0 || ends.length === 0 || labels.length !== inp.target.length >> 1) return { classes: null, accuracy: NaN };
  const near = nearestLabels(ends, inp.target, labels);
  if (!asked) return { classes: near, accuracy: NaN };
  let hits = 0;
  for (let i = 0; i < near.length; i++) if (near[i] === asked[i]) hits++;
  return { classes: asked, accuracy: hits / near.length };
}

/**
 * How the reverse paths run: the ODE, each target point in its own class when no class is picked (the
 * inverse of sampling every class), else in the picked class like the particles.
 */
function reverseSampling(inp: SnapshotInputs, starts: Float32Array) {
  const d = samplingFor(inp.sampling, starts.length >> 1, { ode: true });
  const own = inp.sampling.train.conditional && inp.sample.sampleClass === null && inp.reverseLabels?.length === starts.length >> 1;
  return own ? { ...d, labels: inp.reverseLabels } : d;
}

/** Draw one snapshot; `ms` is the time it took. */
export async function drawSnapshot(inp: SnapshotInputs): Promise<{ snapshot: Snapshot; ms: number }> {
  const { model, live, sample, particleStarts } = inp;
  const steps = live ? Math.min(sample.steps, LIVE_STEPS) : sample.steps;
  const solver = sample.solver;
  const starts = live ? particleStarts.subarray(0, 2 * Math.min(LIVE_PARTICLES, particleStarts.length >> 1)) : particleStarts;
  const t0 = performance.now();
  const diffusion = samplingFor(inp.sampling, starts.length >> 1);
  const trajectories = await integrateTrajectories(model, { start: starts, steps, solver, diffusion });
  const t1 = performance.now();
  const fieldTimes = fieldTimesArray();
  const field = await fieldGrid(model, fieldTimes, GRID_SIZE, STAGE_EXTENT, fieldFor(inp.sampling));
  const t2 = performance.now();
  const particles = starts.length >> 1;
  let fit = NaN;
  const floor = inp.fitFloor();
  const ends = particles > 0 ? endPoints(trajectories, steps) : new Float32Array(0);
  if (particles > 0 && inp.fitTarget.length > 0) fit = slicedW2(ends.subarray(0, 2 * Math.min(FIT_SAMPLES, particles)), inp.fitTarget);
  const { classes, accuracy } = particleClassesOf(inp, diffusion.labels ?? null, ends);
  const reverse = inp.reverseStarts && !live && inp.reverseStarts.length > 0 ? await reverseTrajectories(model, inp.reverseStarts, sample, reverseSampling(inp, inp.reverseStarts)) : null;
  const t3 = performance.now();
  const snapshot: Snapshot = {
    step: inp.step,
    fromHistory: inp.fromHistory,
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
    classes,
    classAccuracy: accuracy,
    fitClass: inp.fitClass,
    sampleClass: inp.sampling.train.conditional ? inp.sample.sampleClass : null,
    timings: { integrateMs: t1 - t0, fieldMs: t2 - t1, fitMs: t3 - t2 },
  };
  return { snapshot, ms: t3 - t0 };
}
