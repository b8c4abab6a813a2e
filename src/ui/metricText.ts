/**
 * What each measurement means, in words, and how to print values that can come out a hair below 0
 * (unbiased estimators) without a bare "−0.000".
 */
import { FLOOR_PAIRS } from '../core/noiseFloor';

export interface MetricValue {
  /** The printed value. */
  text: string;
  /** Why it looks the way it does (a tooltip), or null when it needs no word. */
  note: string | null;
}

const NEGATIVE_NOTE =
  'This estimate is unbiased, so it scatters around the true value and can dip slightly below 0 when the two clouds match; the true distance is never negative: read it as 0.';

/** A metric value with three decimals: negative zero prints as 0.000; a negative estimate prints with "≈ 0" and a note. */
export function formatMetric(v: number, digits = 3): MetricValue {
  if (!Number.isFinite(v)) return { text: '–', note: null };
  const half = 0.5 * 10 ** -digits;
  if (Math.abs(v) < half) return { text: (0).toFixed(digits), note: v < 0 ? NEGATIVE_NOTE : null };
  if (v < 0) return { text: `≈ 0 (${v.toFixed(digits).replace('-', '−')})`, note: NEGATIVE_NOTE };
  return { text: v.toFixed(digits), note: null };
}

export type MetricName = 'slicedW2' | 'energy' | 'straightness' | 'transport';

/** One line per metric: which direction is better and what its floor (or 0) means. */
export const METRIC_MEANING: Record<MetricName, string> = {
  slicedW2: `lower is better; the floor is the distance between two draws of the target itself (the mean over ${FLOOR_PAIRS} pairs of draws), the best a model can reliably reach`,
  energy: 'lower is better; 0 = the same distribution; the floor is between two draws of the target',
  straightness: 'lower is better; 0 = straight paths, where one Euler step is exact',
  transport: 'lower = shorter paths; no floor (the optimal coupling gives the least)',
};
