import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_STEPS, nextChunkSize } from './chunkSize';

describe('nextChunkSize', () => {
  it('grows at most twofold per chunk on a fast backend', () => {
    // One step took 1 ms against a 60 ms target: time alone would jump to 60.
    expect(nextChunkSize(1, 1, 60)).toBe(2);
    let n = 1;
    const sizes = [];
    for (let i = 0; i < 8; i++) {
      n = nextChunkSize(n, n * 1, 60); // 1 ms a step
      sizes.push(n);
    }
    expect(sizes).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });
  it('shrinks at once to fit the target when steps get slow, never below one step', () => {
    expect(nextChunkSize(100, 1000, 60)).toBe(6);
    expect(nextChunkSize(5, 5000, 60)).toBe(1);
    expect(nextChunkSize(1, 0, 60)).toBe(2);
  });
  it('never exceeds the cap', () => {
    expect(nextChunkSize(400, 1, 60)).toBe(MAX_CHUNK_STEPS);
  });
});
