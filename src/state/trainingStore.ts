/**
 * Training status as the UI sees it: backend, step, speed, losses, the latest snapshot.
 * Updated per worker message (a few per second), never per animation frame.
 */
import { create } from 'zustand';
import type { BackendReport, Snapshot } from '../worker/protocol';

export type TrainingStatus = 'starting' | 'idle' | 'training' | 'diverged' | 'crashed';

/** Loss history kept in growable typed arrays; the chart reads it directly. */
export class LossHistory {
  steps = new Float64Array(1024);
  values = new Float64Array(1024);
  length = 0;

  push(step: number, loss: number): void {
    if (this.length === this.steps.length) {
      // Keep memory bounded over long sessions: drop every other point of the older half.
      if (this.length >= 1 << 16) this.thin();
      else {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.steps = grow(this.steps);
        this.values = grow(this.values);
      }
    }
    this.steps[this.length] = step;
    this.values[this.length] = loss;
    this.length++;
  }

  private thin(): void {
    let j = 0;
    for (let i = 0; i < this.length; i += 2) {
      this.steps[j] = this.steps[i];
      this.values[j] = this.values[i];
      j++;
    }
    this.length = j;
  }

  clear(): void {
    this.length = 0;
  }

  last(): number {
    return this.length > 0 ? this.values[this.length - 1] : NaN;
  }
}

/** The batch of the last single step: its pairs (x0[i] with x1[i], interleaved xy), their times, and the field grid before it. */
export interface StepBatch {
  step: number;
  count: number;
  x0: Float32Array;
  x1: Float32Array;
  t: Float32Array;
  fieldBefore: Float32Array;
}

export interface TrainingState {
  backend: BackendReport | null;
  status: TrainingStatus;
  /** The user wants training on (it may be blocked, hidden or diverged). */
  wantTraining: boolean;
  step: number;
  stepsPerSecond: number;
  loss: number;
  history: LossHistory;
  /** Bumped when history changes, so the chart knows to redraw. */
  historyVersion: number;
  snapshot: Snapshot | null;
  /** performance.now() when the latest snapshot arrived. */
  snapshotAt: number;
  /**
   * The weights changed (a scene opened, a reset, restored weights) and the snapshot on screen, with
   * its fit score, still shows the old ones: the readouts say so until the next snapshot arrives.
   */
  snapshotStale: boolean;
  /** The worker's tfjs memory, reported every few seconds while training. */
  workerMemory: { numTensors: number; numBytes: number } | null;
  /** Steps of the worker's history checkpoints, ascending. */
  checkpoints: number[];
  /** The checkpoint the stage shows, or null for the live weights. */
  viewStep: number | null;
  /** The last single step's batch while it is on the stage, else null. */
  stepBatch: StepBatch | null;
}

export const useTraining = create<TrainingState>(() => ({
  backend: null,
  status: 'starting',
  wantTraining: false,
  step: 0,
  stepsPerSecond: 0,
  loss: NaN,
  history: new LossHistory(),
  historyVersion: 0,
  snapshot: null,
  snapshotAt: 0,
  snapshotStale: false,
  workerMemory: null,
  checkpoints: [],
  viewStep: null,
  stepBatch: null,
}));
