/**
 * Which training steps the history keeps: 0 and the 1-2-5 series (1, 2, 5, 10, 20, 50, …), so a few
 * dozen checkpoints span any run from its first step to millions. Over the count or memory cap, the
 * checkpoint whose neighbours are closest on a log scale (the one that adds least) goes first.
 */

/** At most this many checkpoints: 40 marks of the 1-2-5 series reach 10^13 steps. */
export const CHECKPOINT_CAP = 40;
/** At most this many bytes of weights (a 3 x 128 network is ~140 KB; a 6 x 512 one ~5 MB). */
export const CHECKPOINT_BYTES = 48 * 1024 * 1024;

/** True for 0, 1, 2, 5, 10, 20, 50, 100, … */
export function isCheckpointStep(step: number): boolean {
  if (!Number.isInteger(step) || step < 0) return false;
  if (step === 0) return true;
  let m = step;
  while (m % 10 === 0) m /= 10;
  return m === 1 || m === 2 || m === 5;
}

/** The first mark of the series strictly after `step`. */
export function nextCheckpointStep(step: number): number {
  if (step < 0) return 0;
  let decade = 1;
  for (;;) {
    for (const m of [1, 2, 5]) if (m * decade > step) return m * decade;
    decade *= 10;
  }
}

/** How many checkpoints fit: the count cap, or fewer when each is large (never fewer than 2). */
export function checkpointLimit(bytesEach: number, cap = CHECKPOINT_CAP, maxBytes = CHECKPOINT_BYTES): number {
  const byMemory = bytesEach > 0 ? Math.floor(maxBytes / bytesEach) : cap;
  return Math.max(2, Math.min(cap, byMemory));
}

/**
 * Thin a sorted list of steps to at most `limit`: repeatedly drop the inner step whose neighbours
 * are closest in log(1 + step), so what stays is as evenly log-spaced as it can be. The first and
 * last steps always stay. Returns the kept steps (a new array).
 */
export function thinCheckpoints(steps: readonly number[], limit: number): number[] {
  const kept = [...steps];
  const keep = Math.max(2, limit);
  const lg = (s: number) => Math.log1p(s);
  while (kept.length > keep) {
    let best = 1;
    let bestGap = Infinity;
    for (let i = 1; i < kept.length - 1; i++) {
      const gap = lg(kept[i + 1]) - lg(kept[i - 1]);
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    kept.splice(best, 1);
  }
  return kept;
}
