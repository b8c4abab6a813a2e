import { describe, expect, it } from 'vitest';
import { timeCaption } from './timeCaption';

describe('timeCaption', () => {
  it('names the coupling RealNVP has reached at t = k / K, or the two it is between', () => {
    expect(timeCaption('realnvp', 0.25, 4)).toBe('t = 0.25: after 1 of 4 couplings (invertible layers)');
    expect(timeCaption('realnvp', 1, 8)).toBe('t = 1.00: after 8 of 8 couplings (invertible layers)');
    expect(timeCaption('realnvp', 0.3, 4)).toBe('t = 0.30: between couplings 1 and 2 of 4');
    expect(timeCaption('realnvp', 0, 4)).toBe('t = 0.00: after 0 of 4 couplings (invertible layers)');
  });
  it('calls t ODE time for flow matching and the CNF', () => {
    expect(timeCaption('fm', 0.5, 8)).toBe('t = 0.50: ODE time, from the source (0) to the target (1)');
    expect(timeCaption('cnf', 0.5, 8)).toContain('ODE time');
  });
});
