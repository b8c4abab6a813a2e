import { describe, expect, it } from 'vitest';
import { clearOfOverlay } from './revealControl';

const box = (top: number, bottom: number, left = 900, right = 1200) => ({ top, bottom, left, right });

describe('clearOfOverlay', () => {
  it('scrolls a control out from under a bottom overlay, no further than the top allows', () => {
    // Overlay 600..780 over a control at 650..690: move it up to end 8 px above the overlay.
    expect(clearOfOverlay(box(650, 690), box(600, 780, 880, 1270), 100, 792)).toBe(690 - 592);
    // Only 20 px of room above: the control's top stops at the top bound.
    expect(clearOfOverlay(box(120, 690), box(600, 780, 880, 1270), 100, 792)).toBe(20);
  });
  it('scrolls down from under a top overlay (phone with a lesson open)', () => {
    expect(clearOfOverlay(box(20, 60, 0, 390), box(8, 90, 0, 390), 8, 836)).toBe(-(90 + 8 - 20));
  });
  it('leaves a control alone when the overlay is beside it, above it, or absent', () => {
    expect(clearOfOverlay(box(650, 690, 0, 300), box(600, 780, 880, 1270), 100, 792)).toBe(0);
    expect(clearOfOverlay(box(400, 440), box(600, 780, 880, 1270), 100, 792)).toBe(0);
    expect(clearOfOverlay(box(650, 690), null, 100, 792)).toBe(0);
  });
});
