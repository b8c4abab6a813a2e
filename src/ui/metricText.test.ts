import { describe, expect, it } from 'vitest';
import { formatMetric, METRIC_MEANING } from './metricText';

describe('formatMetric', () => {
  it('prints no negative zero: −0.0001 is 0.000, with the note that the estimate can dip below 0', () => {
    expect(formatMetric(-0.0001)).toEqual({ text: '0.000', note: expect.stringContaining('dip slightly below 0') });
    expect(formatMetric(-0).text).toBe('0.000');
    expect(formatMetric(0)).toEqual({ text: '0.000', note: null });
  });

  it('a negative estimate reads as ≈ 0 with its value and the note', () => {
    const m = formatMetric(-0.003);
    expect(m.text).toBe('≈ 0 (−0.003)');
    expect(m.note).toMatch(/unbiased.*read it as 0/);
  });

  it('positive values print with three decimals and no note; non-finite as a dash', () => {
    expect(formatMetric(1.3874)).toEqual({ text: '1.387', note: null });
    expect(formatMetric(NaN)).toEqual({ text: '–', note: null });
  });

  it('every metric says which direction is better and what its floor or 0 means', () => {
    expect(METRIC_MEANING.slicedW2).toMatch(/^lower is better; the floor is/);
    expect(METRIC_MEANING.energy).toMatch(/^lower is better; 0 = the same distribution/);
    expect(METRIC_MEANING.straightness).toBe('lower is better; 0 = straight paths, where one Euler step is exact');
    expect(METRIC_MEANING.transport).toMatch(/^lower = shorter paths/);
  });
});
