/** The training guard: divergence, the best loss, and when weights count as the last good ones. */
import { describe, expect, it } from 'vitest';
import { DIVERGED_LOSS, GOOD_WEIGHTS_MS, TrainingGuard } from './trainingGuard';

const pts = (...losses: number[]) => losses.map((loss, i) => ({ step: i + 1, loss }));
const weights = (step: number) => ({ weights: { shape: { hiddenLayers: 1, width: 2 }, arrays: [new Float32Array([step])] }, step });

describe('TrainingGuard', () => {
  it('finds the first non-finite or runaway loss, and nothing in a sane chunk', () => {
    const g = new TrainingGuard();
    expect(g.divergence(pts(1, 0.5, 0.4))).toBeUndefined();
    expect(g.divergence(pts(1, NaN, Infinity))).toEqual({ step: 2, loss: NaN });
    expect(g.divergence(pts(1, -Infinity))?.step).toBe(2);
    expect(g.divergence(pts(1, DIVERGED_LOSS))?.step).toBe(2);
    expect(g.divergence(pts(DIVERGED_LOSS * 0.999))).toBeUndefined();
  });

  it('keeps the first healthy chunk at once, even in the worker\'s first seconds (performance.now() near 0)', () => {
    const g = new TrainingGuard();
    expect(g.wantsKeep(pts(1), 5)).toBe(true);
  });

  it('keeps weights at most every GOOD_WEIGHTS_MS, and only while the loss stays near its best', () => {
    const g = new TrainingGuard();
    expect(g.wantsKeep(pts(2, 1), 5000)).toBe(true);
    expect(g.bestLoss).toBe(1);
    g.keep(weights(10), 5000);
    expect(g.lastGood?.step).toBe(10);
    // Too soon after the last keep.
    expect(g.wantsKeep(pts(0.9), 5000 + GOOD_WEIGHTS_MS)).toBe(false);
    // Due, but the chunk's worst loss is more than 10 x best + 1: running away, not good.
    expect(g.wantsKeep(pts(0.5, 10 * 0.5 + 1.01), 5001 + GOOD_WEIGHTS_MS)).toBe(false);
    expect(g.bestLoss).toBe(0.5);
    // Just within the margin.
    expect(g.wantsKeep(pts(10 * 0.5 + 1), 5001 + GOOD_WEIGHTS_MS)).toBe(true);
  });

  it('forgets the best loss and the last good weights separately; weights set from outside count as good', () => {
    const g = new TrainingGuard();
    g.wantsKeep(pts(0.1), 10_000);
    g.keep(weights(5), 10_000);
    g.forgetBest();
    expect(g.bestLoss).toBe(Infinity);
    expect(g.lastGood?.step).toBe(5);
    g.forgetGood();
    expect(g.lastGood).toBeNull();
    g.set(weights(183));
    expect(g.lastGood?.step).toBe(183);
    // Setting does not move the keep clock: the next keep is still GOOD_WEIGHTS_MS after the last.
    expect(g.wantsKeep(pts(0.1), 10_000 + GOOD_WEIGHTS_MS)).toBe(false);
  });
});
