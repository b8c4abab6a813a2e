/**
 * The training guard of one model run: the lowest loss since the clouds or the model last changed,
 * the last good weights (kept every few seconds while the loss stays near that best), and the
 * divergence check that stops a run whose loss has run away. No tfjs here: the run hands it loss
 * points and weights, so Node tests drive it directly.
 */
import type { MlpWeights } from '../engine/mlp';
import type { LossPoint } from '../engine/trainer';

/** A loss this large means the weights have clearly run away (data velocities are a few units). */
export const DIVERGED_LOSS = 1e6;
/** The last good weights are taken at most this often (reading weights back costs a sync). */
export const GOOD_WEIGHTS_MS = 2000;

export interface GoodWeights {
  weights: MlpWeights;
  step: number;
}

export class TrainingGuard {
  /** Lowest loss since the clouds or the model last changed: a chunk far above it is not "good". */
  bestLoss = Infinity;
  /** The weights a restore (or a move to another backend) goes back to. */
  lastGood: GoodWeights | null = null;
  // -Infinity, not 0: performance.now() starts with the worker, so 0 would skip the first 2 s of a session.
  private lastGoodAt = -Infinity;

  /** The clouds or the model changed: the old best loss says nothing about the new problem. */
  forgetBest(): void {
    this.bestLoss = Infinity;
  }

  /** New weights (a reset, a new architecture): the old last good ones no longer apply. */
  forgetGood(): void {
    this.lastGood = null;
  }

  /** The first point of a chunk that is non-finite or so large that the weights ran away, if any. */
  divergence(points: readonly LossPoint[]): LossPoint | undefined {
    return points.find((p) => !(Math.abs(p.loss) < DIVERGED_LOSS));
  }

  /**
   * A healthy chunk's points lower the best loss; true when the weights should be kept as "last good"
   * now: the chunk's worst loss stays near the best (not while it runs away) and the last keep is
   * GOOD_WEIGHTS_MS old.
   */
  wantsKeep(points: readonly LossPoint[], now: number): boolean {
    const worst = points.reduce((m, p) => Math.max(m, p.loss), 0);
    for (const p of points) this.bestLoss = Math.min(this.bestLoss, p.loss);
    const healthy = worst <= 10 * this.bestLoss + 1;
    return healthy && now - this.lastGoodAt > GOOD_WEIGHTS_MS;
  }

  /** Keep these weights as the last good ones (taken at `now`, the time wantsKeep was asked with). */
  keep(good: GoodWeights, now: number): void {
    this.lastGood = good;
    this.lastGoodAt = now;
  }

  /** Weights set from outside (a loaded scene, a crash's saved copy) count as good. */
  set(good: GoodWeights): void {
    this.lastGood = good;
  }
}
