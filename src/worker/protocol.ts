/**
 * The typed messages between the UI thread and the training worker. Both sides import only this
 * file's types; large arrays travel as transferable Float32Arrays.
 */
import type { LabConfig, SampleConfig, TrainConfig } from '../core/config';
import type { RateStep } from '../core/rateSchedule';
import { assertNever } from '../core/assertNever';
import { imageTransferables, isImageMessage, type ImageFromWorker, type ImageToWorker } from './imageProtocol';
import type { BackendName, BackendReport } from '../engine/backends';
import type { Objective } from '../core/objectives';
import type { IsoGaussian } from '../core/gaussianField';
import type { MlpShape } from '../core/networkShape';
export { BACKEND_NAMES, type BackendName, type BackendReport } from '../engine/backends';

/** The view's picture of the flow at one moment of training. */
export interface Snapshot {
  step: number;
  /** Trajectories [particle][step][xy], steps + 1 positions each. */
  trajectories: Float32Array;
  particles: number;
  steps: number;
  solver: SampleConfig['solver'];
  /** Field [time][row][col][uv] on a grid x = -extent + (col + 0.5) * 2 extent / n (rows likewise in y). */
  field: Float32Array;
  fieldTimes: Float32Array;
  gridSize: number;
  gridExtent: number;
  /** Sliced W2 of generated vs target samples; its noise floor: the mean (and std) of the same over pairs of target draws. */
  fit: number;
  fitFloor: number;
  fitFloorSpread: number;
  /** Target points carried back to the source (t from 1 to 0), stored in forward-time order like trajectories. */
  reverse?: Float32Array | null;
  /** True when it shows a checkpoint from the training history rather than the live weights. */
  fromHistory?: boolean;
  /** Class of each particle (its colour): the class a conditional model was asked for, else its end point's nearest target class; null for an unlabelled target. */
  classes?: Uint8Array | null;
  /** Share of particles that land nearest a target point of the class they asked for (NaN: unconditional or unlabelled). */
  classAccuracy?: number;
  /** The fit and its floor are against this class's target points (null: the whole target). */
  fitClass?: number | null;
  /** The class every particle asked for (null: each its own, drawn from the data, or an unconditional model). */
  sampleClass?: number | null;
  /** Milliseconds spent making this snapshot, by part (the benchmark reads them). */
  timings: { integrateMs: number; fieldMs: number; fitMs: number };
}

/** The compare view's models: which, and what the likelihood models need (the source's exact density). */
export interface CompareSettings {
  objectives: Objective[];
  /** RK4 steps of the CNF's solve at every training step. */
  cnfSteps: number;
  /** RealNVP's coupling layers K. */
  couplings: number;
  /** The source's closed-form density (the likelihood models need it; flow matching's score too). */
  source: IsoGaussian;
  /** A fresh draw of the target that training never sees (preset targets); null: hold out part of a drawn target. */
  heldOut: Float32Array | null;
}

/** Trained weights of one compare model (a pretrained scene brings them). */
export interface CompareModelWeights {
  objective: Objective;
  step: number;
  /** Training seconds it took (the race chart's clock goes on from there). */
  seconds: number;
  arrays: Float32Array[];
}

/**
 * One compare model's picture. Positions at frame k are the model's map at t = k / (frames - 1): the
 * ODE solution for flow matching and the CNF, the first k couplings for RealNVP (frames = K + 1).
 */
export interface CompareSnapshot {
  objective: Objective;
  step: number;
  frames: number;
  /** Particles [particle][frame][xy], started from a seeded draw of the source. */
  particles: Float32Array;
  particleCount: number;
  /**
   * The rubber sheet: the image of a square grid of the source plane, [point][frame][xy]. Points run
   * along 2 * sheetLines lines of sheetPoints points each: first the lines of constant y (bottom to
   * top), then those of constant x (left to right).
   */
  sheet: Float32Array;
  sheetLines: number;
  sheetPoints: number;
  /** log p1 on a densitySize^2 grid over [-extent, extent]^2 ([row][col], row = y), by the model's own route; null when not computed this time. */
  density: Float32Array | null;
  densitySize: number;
  extent: number;
  /** Sliced W2 of the model's samples against the target, and its noise floor (mean, spread). */
  fit: number;
  fitFloor: number;
  fitFloorSpread: number;
}

export type ToWorker =
  /** The Images view's messages (imageProtocol.ts). */
  | ImageToWorker
  /** lock: a Web Lock the worker holds for its whole life, so the UI learns at once when it dies. */
  | { type: 'init'; backend: BackendName | null; seed: number; lock: string }
  /** Continue from saved weights (after a crash, or a scene file with weights). */
  | { type: 'loadWeights'; weights: { shape: MlpShape; arrays: Float32Array[] }; step: number }
  /** Fault drills for tests: crash the worker, or lose the WebGPU device. */
  | { type: 'fault'; kind: 'throw' | 'close' | 'deviceLost' }
  /** targetLabels: the class of each target point (labels.ts), or null for an unlabelled target. */
  | { type: 'setClouds'; source: Float32Array; target: Float32Array; targetLabels: Uint8Array | null; warmStart: boolean }
  | { type: 'setConfig'; train: TrainConfig; sample: SampleConfig }
  | { type: 'train'; running: boolean }
  /** A lesson's learning-rate schedule, applied at its exact steps, and the step where training pauses (null: none). */
  | { type: 'schedule'; rates: RateStep[] | null; stopAtStep: number | null }
  | { type: 'reset'; seed: number }
  | { type: 'requestSnapshot' }
  /** Page hidden: stop spending the battery; shown again: resume if training was on. */
  | { type: 'visibility'; hidden: boolean }
  /** Integrate one probe particle from (x, y) at time t forward to 1 and backward to 0; answered with 'probeResult'. */
  | { type: 'probe'; id: number; x: number; y: number; t: number }
  /** Velocity at points (hover readout); answered with 'velocitiesResult'. */
  | { type: 'velocities'; id: number; points: Float32Array; t: number }
  | { type: 'restoreLastGood' }
  | { type: 'setLab'; lab: LabConfig }
  /** Log density of the model on a grid at time t; answered with 'densityResult'. */
  | { type: 'density'; id: number; t: number; gridSize: number; source: SourceDensityModel }
  /** Reflow: integrate the model to make pairs (z0, z1), then fine-tune on them for `steps` steps. */
  | { type: 'reflow'; steps: number }
  /** Train exactly one batch (training pauses first); answered with 'stepBatch', 'progress' and a snapshot. */
  | { type: 'trainStep' }
  /** Show the model of a history checkpoint (null: the live weights again); training state is untouched. */
  | { type: 'viewCheckpoint'; step: number | null }
  /** Start the compare view's models afresh on the run's clouds, seed and network settings (null: close them). */
  | { type: 'compare'; settings: CompareSettings | null }
  /** Train or pause one compare model (null: all of them). */
  | { type: 'compareTrain'; objective: Objective | null; running: boolean }
  /** Pretrained compare models (a scene's): they replace the fresh ones of the same objective. */
  | { type: 'compareLoad'; models: CompareModelWeights[] }
  /** The compare models' weights, steps and training seconds; answered with 'compareWeightsResult'. */
  | { type: 'compareWeights'; id: number }
  /** Class accuracy and fit of the conditional model at each guidance weight of the sweep; answered with 'guidanceSweepResult'. */
  | { type: 'guidanceSweep'; id: number };

export type FromWorker =
  | ImageFromWorker
  | { type: 'ready'; backend: BackendReport }
  | {
      type: 'progress';
      step: number;
      /** (step, loss) pairs since the last progress message, interleaved. */
      losses: Float32Array;
      stepsPerSecond: number;
      running: boolean;
    }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  | { type: 'diverged'; step: number; message: string; lastGoodStep: number | null }
  | { type: 'reset'; step: number }
  /** A 'setClouds' was taken (applied, or dropped for a newer one): the UI sends its next cloud update. */
  | { type: 'cloudsApplied' }
  | {
      type: 'probeResult';
      id: number;
      /** Positions at t = k / steps, k = 0..steps, passing through the probe point. */
      trajectory: Float32Array;
      steps: number;
      /** Velocity at the probe point and time. */
      velocity: [number, number];
      x: number;
      y: number;
      t: number;
    }
  | { type: 'velocitiesResult'; id: number; velocities: Float32Array; t: number }
  | { type: 'metrics'; metrics: LabMetrics }
  /** The last good weights, kept by the UI so a new worker can continue after a crash. */
  | { type: 'weights'; weights: { shape: MlpShape; arrays: Float32Array[] }; step: number }
  /** Live tensors and bytes in the worker's tfjs engine (long-session checks). */
  | { type: 'memory'; numTensors: number; numBytes: number }
  | { type: 'densityResult'; id: number; t: number; gridSize: number; extent: number; logDensity: Float32Array; source: SourceDensityModel['kind']; ms: number }
  /** Reflow state: the round (0 = plain flow matching) and fine-tuning steps left. */
  | { type: 'reflow'; round: number; stepsLeft: number }
  /** One single step's batch (x0, x1, t per pair, interleaved xy) and the field grid before it (same layout as Snapshot.field). */
  | { type: 'stepBatch'; step: number; x0: Float32Array; x1: Float32Array; t: Float32Array; fieldBefore: Float32Array }
  /** Steps of the history checkpoints the worker keeps, ascending. */
  | { type: 'checkpoints'; steps: number[] }
  | {
      type: 'compareProgress';
      objective: Objective;
      step: number;
      /** Seconds this model has trained (its own share of the worker, evaluation excluded). */
      seconds: number;
      msPerStep: number;
      /** Network evaluations per training step (flow matching 1, the CNF stages x steps, RealNVP K). */
      evalsPerStep: number;
      /** (step, loss) pairs since the last progress message, interleaved: the regression loss for flow matching, the batch NLL for the others. */
      losses: Float32Array;
      running: boolean;
    }
  /** Held-out NLL (nats per point) on a target draw training never sees, by the model's own exact route. */
  | { type: 'compareHeldOut'; objective: Objective; step: number; seconds: number; nll: number }
  | { type: 'compareSnapshot'; snapshot: CompareSnapshot }
  /** A compare model's loss went non-finite: it stops, the others go on. */
  | { type: 'compareDiverged'; objective: Objective; step: number; message: string }
  | { type: 'compareWeightsResult'; id: number; models: CompareModelWeights[] }
  /** The sweep at weights w (empty with `reason` when it cannot run: no labels, no conditional model). */
  | { type: 'guidanceSweepResult'; id: number; weights: number[]; accuracy: number[]; fit: number[]; sampleClass: number | null; step: number; reason: string | null; ms: number };

/**
 * Requests: the messages answered by exactly one reply with the same id (the id is the request
 * layer's business: see worker/requests.ts). The worker may leave a request unanswered (no model yet).
 */
export const REPLY_TYPE = { probe: 'probeResult', velocities: 'velocitiesResult', density: 'densityResult', compareWeights: 'compareWeightsResult', guidanceSweep: 'guidanceSweepResult', imagesWeights: 'imagesWeightsResult' } as const;
export type RequestType = keyof typeof REPLY_TYPE;
export type Request<K extends RequestType = RequestType> = Extract<ToWorker, { type: K }>;
export type Reply<K extends RequestType = RequestType> = Extract<FromWorker, { type: (typeof REPLY_TYPE)[K] }>;
/** A request as its sender writes it: the layer adds the id. */
export type RequestBody<K extends RequestType = RequestType> = Omit<Request<K>, 'id'>;
/** What the worker says on its own (everything but replies). */
export type WorkerEvent = Exclude<FromWorker, Reply>;

const REPLY_TYPES = new Set<string>(Object.values(REPLY_TYPE));
export const isReply = (msg: FromWorker): msg is Reply => REPLY_TYPES.has(msg.type);

/** Source density for the change-of-variables density: known for Gaussian presets, estimated otherwise. */
export type SourceDensityModel = { kind: 'gaussian'; mean: [number, number]; std: number } | { kind: 'kde' };

export interface LabMetrics {
  step: number;
  solver: SampleConfig['solver'];
  steps: number;
  slicedW2: number;
  slicedW2Floor: number;
  /** Standard deviation of the floor's pairs. */
  slicedW2FloorSpread: number;
  energy: number;
  energyFloor: number;
  /** Mean |(z1 - z0) - v(z_k, t_k)|^2 along generated trajectories: 0 when every path is straight. */
  straightness: number;
  /** E|z1 - z0|^2 of generated pairs. */
  transportCost: number;
  /** Fit (sliced W2) of the chosen solver at each step count of FIT_STEP_COUNTS. */
  fitBySteps: { steps: number[]; fit: number[] };
  /** A conditional model on a labelled target: per class A-D, class accuracy and fit (sliced W2 against that class); else null. */
  byClass?: { accuracy: number[]; fit: number[] } | null;
  ms: number;
}

/** Arrays to hand over (not copy) with a message. */
export function transferablesOf(msg: FromWorker | ToWorker): Transferable[] {
  if (isImageMessage(msg)) return imageTransferables(msg);
  switch (msg.type) {
    case 'snapshot': {
      const s = msg.snapshot;
      return [s.trajectories.buffer, s.field.buffer, s.fieldTimes.buffer, ...(s.reverse ? [s.reverse.buffer] : []), ...(s.classes ? [s.classes.buffer] : [])];
    }
    case 'densityResult':
      return [msg.logDensity.buffer];
    case 'weights':
    case 'loadWeights':
      return msg.weights.arrays.map((a) => a.buffer);
    case 'progress':
      return [msg.losses.buffer];
    case 'probeResult':
      return [msg.trajectory.buffer];
    case 'velocitiesResult':
      return [msg.velocities.buffer];
    case 'velocities':
      return [msg.points.buffer];
    case 'stepBatch':
      return [msg.x0.buffer, msg.x1.buffer, msg.t.buffer, msg.fieldBefore.buffer];
    case 'setClouds':
      return [msg.source.buffer, msg.target.buffer, ...(msg.targetLabels ? [msg.targetLabels.buffer] : [])];
    case 'compareProgress':
      return [msg.losses.buffer];
    case 'compareSnapshot': {
      const s = msg.snapshot;
      return [s.particles.buffer, s.sheet.buffer, ...(s.density ? [s.density.buffer] : [])];
    }
    case 'compareLoad':
    case 'compareWeightsResult':
      return msg.models.flatMap((m) => m.arrays.map((a) => a.buffer));
    case 'ready':
    case 'notice':
    case 'diverged':
    case 'reset':
    case 'cloudsApplied':
    case 'metrics':
    case 'memory':
    case 'reflow':
    case 'checkpoints':
    case 'init':
    case 'fault':
    case 'setConfig':
    case 'train':
    case 'schedule':
    case 'requestSnapshot':
    case 'visibility':
    case 'probe':
    case 'restoreLastGood':
    case 'setLab':
    case 'density':
    case 'trainStep':
    case 'viewCheckpoint':
    case 'compare':
    case 'compareTrain':
    case 'compareHeldOut':
    case 'compareDiverged':
    case 'compareWeights':
    case 'guidanceSweep':
    case 'guidanceSweepResult':
      return [];
    default:
      return assertNever(msg, 'message');
  }
}
