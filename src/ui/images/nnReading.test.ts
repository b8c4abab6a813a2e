import { describe, expect, it } from 'vitest';
import { nnReading } from './ImagesFitPanel';

describe('nearest-neighbour reading', () => {
  it('says copies well below 1, generates near 1, not yet far above, and why there is none', () => {
    expect(nnReading(0.2)).toMatch(/copies/);
    expect(nnReading(0.65)).toMatch(/partly copies/);
    expect(nnReading(1.02)).toMatch(/generates/);
    expect(nnReading(4)).toMatch(/Not yet like the data/);
    expect(nnReading(NaN)).toMatch(/held-out/);
  });
});
