import { describe, expect, it } from 'vitest';
import { formatScore, formatSpread } from './format';

describe('formatSpread', () => {
  it('prints a standard deviation after ± with the score’s three decimals', () => {
    expect(formatSpread(0.0234)).toBe('± 0.023');
    expect(`${formatScore(0.139)} ${formatSpread(0.044)}`).toBe('0.139 ± 0.044');
  });
  it('prints nothing when there is no spread to show', () => {
    expect(formatSpread(NaN)).toBe('');
    expect(formatSpread(0)).toBe('');
  });
});
