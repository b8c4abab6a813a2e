import { describe, expect, it } from 'vitest';
import { CheckpointHistory } from './checkpoints';
import { CHECKPOINT_BYTES } from '../core/checkpointSchedule';

const weights = (floats: number, fill = 0) => ({ shape: { hiddenLayers: 1, width: 4 }, arrays: [new Float32Array(floats).fill(fill)] });

describe('checkpoint history', () => {
  it('keeps checkpoints sorted, one per step, and truncates after a restore', () => {
    const h = new CheckpointHistory();
    for (const s of [0, 1, 2, 5, 10, 20]) h.add(s, weights(8, s));
    h.add(5, weights(8, 55));
    expect(h.steps()).toEqual([0, 1, 2, 5, 10, 20]);
    expect(h.get(5)!.arrays[0][0]).toBe(55);
    expect(h.get(3)).toBeNull();
    h.truncateAfter(5);
    expect(h.steps()).toEqual([0, 1, 2, 5]);
    h.clear();
    expect(h.steps()).toEqual([]);
  });

  it('stays under the count cap and the memory cap, keeping the first and the newest', () => {
    const small = new CheckpointHistory();
    const marks: number[] = [0];
    for (let d = 1; d <= 1e15; d *= 10) marks.push(d, 2 * d, 5 * d);
    for (const s of marks) small.add(s, weights(8));
    expect(small.steps().length).toBe(40);
    expect(small.steps()[0]).toBe(0);
    expect(small.steps().at(-1)).toBe(5e15);

    // Checkpoints of a fifth of the memory cap each: at most five stay.
    const big = new CheckpointHistory();
    const floats = Math.ceil(CHECKPOINT_BYTES / 5 / 4);
    for (const s of [0, 1, 2, 5, 10, 20, 50, 100]) big.add(s, weights(floats));
    expect(big.steps().length).toBeLessThanOrEqual(5);
    expect(big.steps()[0]).toBe(0);
    expect(big.steps().at(-1)).toBe(100);
  });
});
