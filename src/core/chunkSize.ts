/**
 * How many training steps the worker runs between two looks at its messages. A chunk should take
 * about `targetMs`; the size starts at one step and at most doubles from one chunk to the next, so a
 * backend whose first steps are slow (kernels compiling, a software adapter) reports progress after
 * one step, and a fast one reaches its full chunk within a few chunks.
 */
export const MAX_CHUNK_STEPS = 500;

export function nextChunkSize(lastCount: number, lastMs: number, targetMs: number): number {
  const byTime = Math.round((lastCount * targetMs) / Math.max(lastMs, 1));
  return Math.max(1, Math.min(MAX_CHUNK_STEPS, 2 * Math.max(1, lastCount), byTime));
}
