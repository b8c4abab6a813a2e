/**
 * The race panel's reading in words: how much a likelihood model's training step costs against flow
 * matching's, and how long each took to reach the same held-out likelihood. Pure, so it is tested
 * with hand-computed curves.
 */
import type { Objective } from './objectives';

/** One held-out score: mean NLL (nats per point) after `seconds` of training. */
export interface RacePoint {
  seconds: number;
  nll: number;
}

export interface RaceEntry {
  objective: Objective;
  msPerStep: number;
  /** In training order. */
  heldOut: readonly RacePoint[];
}

/** How the reading names each model, mid-sentence. */
const NAMES: Record<Objective, string> = { fm: 'flow matching', cnf: 'the CNF', realnvp: 'RealNVP' };

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const possessive = (s: string): string => `${s}’s`;

/** Lowest finite NLL of a curve (NaN when it has none). */
export function bestNll(points: readonly RacePoint[]): number {
  let best = NaN;
  for (const p of points) if (Number.isFinite(p.nll) && !(p.nll >= best)) best = p.nll;
  return best;
}

/**
 * Training seconds at which a held-out curve first reaches `level` (NLL at or below it), linearly
 * interpolated between the last score above it and the first at or below; null if it never does.
 */
export function timeToReach(points: readonly RacePoint[], level: number): number | null {
  let prev: RacePoint | null = null;
  for (const p of points) {
    if (!Number.isFinite(p.nll)) continue;
    if (p.nll <= level) {
      if (!prev) return p.seconds;
      const frac = (prev.nll - level) / (prev.nll - p.nll);
      return prev.seconds + frac * (p.seconds - prev.seconds);
    }
    prev = p;
  }
  return null;
}

/** Seconds with fewer decimals as they grow (thresholds at the rounding points, so 0.9999 reads 1.0). */
export function formatSeconds(s: number): string {
  return `${s >= 99.95 ? s.toFixed(0) : s >= 0.995 ? s.toFixed(1) : s.toFixed(2)} s`;
}

/** A ratio as "42×" (whole from 10 up) or "1.5×". */
export function formatRatio(r: number): string {
  return `${r >= 10 ? Math.round(r).toFixed(0) : r.toFixed(1)}×`;
}

/** "15× longer" or "3.0× shorter": how a time compares with a reference time. */
function howLong(time: number, reference: number): string {
  if (!(reference > 0) || !(time > 0)) return '';
  const r = time / reference;
  // Within 5% either way, a ratio like "1.0× longer" says nothing.
  if (r < 1.05 && r > 1 / 1.05) return ' (about as long)';
  return r >= 1 ? ` (${formatRatio(r)} longer)` : ` (${formatRatio(1 / r)} shorter)`;
}

/** The step-cost clause: "The CNF’s step costs 42× flow matching’s", or null without both costs. */
function costClause(other: RaceEntry, fm: RaceEntry): string | null {
  if (!(other.msPerStep > 0) || !(fm.msPerStep > 0)) return null;
  return `${capitalized(possessive(NAMES[other.objective]))} step costs ${formatRatio(other.msPerStep / fm.msPerStep)} ${possessive(NAMES.fm)}`;
}

/** The first finite score of a curve (its start, before or just after the first steps). */
const firstScore = (points: readonly RacePoint[]): RacePoint | undefined => points.find((p) => Number.isFinite(p.nll));

/** True when a curve's best score is its first one: it has not improved yet, so no time to a level means anything. */
const notImproved = (points: readonly RacePoint[]): boolean => bestNll(points) >= firstScore(points)!.nll;

/** The time clause against one other model (both curves have scores). */
function timeClause(other: RaceEntry, fm: RaceEntry): string {
  const name = NAMES[other.objective];
  const otherBest = bestNll(other.heldOut);
  if (notImproved(other.heldOut)) return `${name} has not improved on its first held-out NLL (${otherBest.toFixed(2)}) yet`;
  const fmAtOther = timeToReach(fm.heldOut, otherBest);
  if (fmAtOther !== null) {
    const otherAt = timeToReach(other.heldOut, otherBest)!;
    return `flow matching reached ${possessive(name)} best NLL (${otherBest.toFixed(2)}) in ${formatSeconds(fmAtOther)} of training, ${name} in ${formatSeconds(otherAt)}${howLong(otherAt, fmAtOther)}`;
  }
  // Flow matching is not there yet: compare at its own best level, which the other model has reached.
  const fmBest = bestNll(fm.heldOut);
  if (notImproved(fm.heldOut)) return `flow matching has not improved on its first held-out NLL (${fmBest.toFixed(2)}) yet; ${name} is at ${otherBest.toFixed(2)}`;
  const fmAt = timeToReach(fm.heldOut, fmBest)!;
  const otherAtFm = timeToReach(other.heldOut, fmBest)!;
  return `flow matching has not reached ${possessive(name)} best NLL (${otherBest.toFixed(2)}) yet; ${name} reached ${possessive(NAMES.fm)} best (${fmBest.toFixed(2)}) in ${formatSeconds(otherAtFm)} of training, flow matching in ${formatSeconds(fmAt)}${howLong(fmAt, otherAtFm)}`;
}

/**
 * One sentence per model raced against flow matching (in the order given); a single sentence saying
 * what is missing when there is nothing to compare yet.
 */
export function raceReading(entries: readonly RaceEntry[]): string[] {
  const fm = entries.find((e) => e.objective === 'fm');
  const others = entries.filter((e) => e.objective !== 'fm');
  if (others.length === 0) return ['Add the CNF or RealNVP to race them against flow matching.'];
  if (!fm) return ['Add flow matching to the race: the reading compares each model with it.'];
  const out: string[] = [];
  for (const other of others) {
    const cost = costClause(other, fm);
    const scored = Number.isFinite(bestNll(fm.heldOut)) && Number.isFinite(bestNll(other.heldOut));
    if (!scored) {
      out.push(cost ? `${cost}; no held-out scores of both yet.` : `No held-out scores of flow matching and ${NAMES[other.objective]} yet: train them to start the race.`);
      continue;
    }
    const time = timeClause(other, fm);
    out.push(cost ? `${cost}; ${time}.` : `${capitalized(time)}.`);
  }
  return out;
}
