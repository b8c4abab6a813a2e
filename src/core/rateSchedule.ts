/**
 * A stepped learning-rate schedule: each entry holds from its step until the next one. The worker
 * applies it at the exact steps (a chunk of training never crosses an entry), so a scheduled run is
 * the same every time on the same backend.
 */
export interface RateStep {
  fromStep: number;
  learningRate: number;
}

/** The rate for training step `step` (the last entry whose fromStep has been reached), or null before the first. */
export function rateAt(schedule: readonly RateStep[], step: number): number | null {
  let rate: number | null = null;
  for (const e of schedule) if (step >= e.fromStep) rate = e.learningRate;
  return rate;
}

/** The first step after `step` where the schedule changes the rate or training stops, or null. */
export function nextBoundary(schedule: readonly RateStep[], stopAtStep: number | null, step: number): number | null {
  let next: number | null = null;
  for (const s of [...schedule.map((e) => e.fromStep), ...(stopAtStep === null ? [] : [stopAtStep])]) {
    if (s > step && (next === null || s < next)) next = s;
  }
  return next;
}
