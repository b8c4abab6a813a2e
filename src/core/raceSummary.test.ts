import { describe, expect, it } from 'vitest';
import { bestNll, raceReading, timeToReach, type RaceEntry } from './raceSummary';

const pts = (...p: [number, number][]) => p.map(([seconds, nll]) => ({ seconds, nll }));

describe('timeToReach', () => {
  const curve = pts([1, 3.0], [2, 2.5], [3, 2.2]);
  it('interpolates between the last score above the level and the first at or below', () => {
    // (2.5 - 2.31) / (2.5 - 2.2) = 0.6333 of the way from 2 s to 3 s.
    expect(timeToReach(curve, 2.31)).toBeCloseTo(2.6333, 4);
    expect(timeToReach(curve, 2.5)).toBe(2);
  });
  it('gives the first time when the curve starts below the level, null when it never gets there', () => {
    expect(timeToReach(curve, 3.5)).toBe(1);
    expect(timeToReach(curve, 2.1)).toBeNull();
    expect(timeToReach([], 2)).toBeNull();
  });
  it('skips non-finite scores', () => {
    expect(timeToReach(pts([1, NaN], [2, 3], [4, 2]), 2.5)).toBe(3);
    expect(bestNll(pts([1, NaN], [2, 3], [4, 2.5]))).toBe(2.5);
    expect(bestNll([])).toBeNaN();
  });
});

describe('raceReading', () => {
  const fm: RaceEntry = { objective: 'fm', msPerStep: 2, heldOut: pts([1, 3.0], [2, 2.5], [3, 2.2]) };
  const cnf: RaceEntry = { objective: 'cnf', msPerStep: 84, heldOut: pts([10, 2.8], [20, 2.4], [30, 2.31]) };

  it('reads cost and time when flow matching reaches the other model’s best', () => {
    // 84 / 2 = 42; flow matching at 2.31 after 2.633 s, the CNF after 30 s: 11.4x longer.
    expect(raceReading([fm, cnf])).toEqual([
      'The CNF’s step costs 42× flow matching’s; flow matching reached the CNF’s best NLL (2.31) in 2.6 s of training, the CNF in 30.0 s (11× longer).',
    ]);
  });

  it('compares at flow matching’s own best when it has not reached the other’s', () => {
    const slowFm: RaceEntry = { objective: 'fm', msPerStep: 2, heldOut: pts([1, 3.0], [2, 2.6]) };
    // RealNVP reaches 2.6 halfway from 0.5 s to 1.5 s: at 1.0 s; flow matching at 2.0 s.
    const nvp: RaceEntry = { objective: 'realnvp', msPerStep: 5, heldOut: pts([0.5, 2.8], [1.5, 2.4]) };
    expect(raceReading([slowFm, nvp])).toEqual([
      'RealNVP’s step costs 2.5× flow matching’s; flow matching has not reached RealNVP’s best NLL (2.40) yet; RealNVP reached flow matching’s best (2.60) in 1.0 s of training, flow matching in 2.0 s (2.0× longer).',
    ]);
  });

  it('says when the other model is faster to the level', () => {
    const fastCnf: RaceEntry = { objective: 'cnf', msPerStep: 1, heldOut: pts([0, 4.0], [0.25, 2.4]) };
    // Flow matching reaches 2.4 at 2 + (2.5 - 2.4) / 0.3 = 2.333 s; the CNF at 0.25 s: 9.3x shorter.
    expect(raceReading([fm, fastCnf])).toEqual([
      'The CNF’s step costs 0.5× flow matching’s; flow matching reached the CNF’s best NLL (2.40) in 2.3 s of training, the CNF in 0.25 s (9.3× shorter).',
    ]);
  });

  it('says “about as long” within 5%', () => {
    // Flow matching reaches 2.5 at 2 s; RealNVP at 2.06 s (3% longer).
    const nvp: RaceEntry = { objective: 'realnvp', msPerStep: 4, heldOut: pts([0, 4.0], [2.06, 2.5]) };
    expect(raceReading([fm, nvp])[0]).toBe('RealNVP’s step costs 2.0× flow matching’s; flow matching reached RealNVP’s best NLL (2.50) in 2.0 s of training, RealNVP in 2.1 s (about as long).');
  });

  it('one sentence per other model, in order', () => {
    const nvp: RaceEntry = { objective: 'realnvp', msPerStep: 20, heldOut: pts([0, 4.0], [5, 2.5]) };
    const out = raceReading([fm, cnf, nvp]);
    expect(out).toHaveLength(2);
    // RealNVP's best 2.5 is reached by flow matching at exactly 2 s; RealNVP at 5 s.
    expect(out[1]).toBe('RealNVP’s step costs 10× flow matching’s; flow matching reached RealNVP’s best NLL (2.50) in 2.0 s of training, RealNVP in 5.0 s (2.5× longer).');
  });

  it('says so when a curve has not improved on its first score (times from it would be 0 s)', () => {
    const start: RaceEntry = { objective: 'cnf', msPerStep: 84, heldOut: pts([0, 4.21]) };
    expect(raceReading([fm, start])).toEqual(['The CNF’s step costs 42× flow matching’s; the CNF has not improved on its first held-out NLL (4.21) yet.']);
    const fmStart: RaceEntry = { objective: 'fm', msPerStep: 2, heldOut: pts([0, 4.21], [0.5, 4.3]) };
    const nvp: RaceEntry = { objective: 'realnvp', msPerStep: 4, heldOut: pts([0, 4.2], [1, 3.9]) };
    expect(raceReading([fmStart, nvp])).toEqual([
      'RealNVP’s step costs 2.0× flow matching’s; flow matching has not improved on its first held-out NLL (4.21) yet; RealNVP is at 3.90.',
    ]);
  });

  it('handles no data, no cost, no flow matching and no other model', () => {
    const empty = (o: RaceEntry['objective']): RaceEntry => ({ objective: o, msPerStep: NaN, heldOut: [] });
    expect(raceReading([empty('fm'), empty('cnf')])).toEqual(['No held-out scores of flow matching and the CNF yet: train them to start the race.']);
    expect(raceReading([fm, { ...cnf, heldOut: [] }])).toEqual(['The CNF’s step costs 42× flow matching’s; no held-out scores of both yet.']);
    expect(raceReading([{ ...fm, msPerStep: NaN }, cnf])[0]).toMatch(/^Flow matching reached the CNF’s best NLL \(2\.31\)/);
    expect(raceReading([cnf])).toEqual(['Add flow matching to the race: the reading compares each model with it.']);
    expect(raceReading([fm])).toEqual(['Add the CNF or RealNVP to race them against flow matching.']);
  });
});
