/**
 * The training history: copies of the weights at the steps src/core/checkpointSchedule picks, and
 * which of them the snapshots show. Viewing a checkpoint builds a second network from its weights, so
 * the trainer (weights, optimizer moments, batch stream) is never touched and training resumes from
 * the latest weights.
 */
import { checkpointLimit, thinCheckpoints } from '../core/checkpointSchedule';
import { Mlp, type MlpWeights } from '../engine/mlp';

export class CheckpointHistory {
  private items: { step: number; weights: MlpWeights }[] = [];

  steps(): number[] {
    return this.items.map((c) => c.step);
  }

  get(step: number): MlpWeights | null {
    return this.items.find((c) => c.step === step)?.weights ?? null;
  }

  clear(): void {
    this.items = [];
  }

  /** Keep these weights for `step` (replacing an older copy of that step), thinning when over the caps. */
  add(step: number, weights: MlpWeights): void {
    this.items = this.items.filter((c) => c.step !== step);
    this.items.push({ step, weights });
    this.items.sort((a, b) => a.step - b.step);
    const bytes = weights.arrays.reduce((n, a) => n + a.byteLength, 0);
    const kept = new Set(thinCheckpoints(this.steps(), checkpointLimit(bytes)));
    this.items = this.items.filter((c) => kept.has(c.step));
  }

  /** Forget checkpoints after `step` (the weights went back there: a restore, a device loss). */
  truncateAfter(step: number): void {
    this.items = this.items.filter((c) => c.step <= step);
  }
}

/** Which weights the snapshots show: the live network, or a checkpoint's. */
export class HistoryView {
  /** The checkpoint step asked for, or null for the live weights. */
  wanted: number | null = null;
  private built: { step: number; model: Mlp } | null = null;

  want(step: number | null): void {
    this.wanted = step;
  }

  /** Back to the live weights; frees the checkpoint's network. */
  clear(): void {
    this.wanted = null;
    this.built?.model.dispose();
    this.built = null;
  }

  /** The network to draw and its step. A checkpoint that is gone (thinned, cleared) falls back to live. */
  resolve(history: CheckpointHistory, live: { model: Mlp; step: number }, explicitTranspose: boolean): { model: Mlp; step: number; fromHistory: boolean } {
    const weights = this.wanted === null ? null : history.get(this.wanted);
    if (!weights || weights.shape.hiddenLayers !== live.model.shape.hiddenLayers || weights.shape.width !== live.model.shape.width) {
      if (this.wanted !== null || this.built) this.clear();
      return { model: live.model, step: live.step, fromHistory: false };
    }
    if (this.built?.step !== this.wanted) {
      this.built?.model.dispose();
      this.built = { step: this.wanted!, model: new Mlp(weights, { explicitTranspose }) };
    }
    return { model: this.built.model, step: this.built.step, fromHistory: true };
  }
}
