import { describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FitScore } from './FitScore';

// Server rendering reads a zustand store's initial state: give the card a state of our own instead.
const state = vi.hoisted(() => ({ current: {} as Record<string, unknown> }));
vi.mock('../state/trainingStore', () => ({
  useTraining: (select: (s: Record<string, unknown>) => unknown) => select(state.current),
}));

const render = (fit: number, fitFloor: number, fitFloorSpread: number) => {
  state.current = { snapshot: { fit, fitFloor, fitFloorSpread }, snapshotStale: false };
  return renderToStaticMarkup(createElement(FitScore));
};
const byTestId = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];

describe('FitScore', () => {
  it('shows the floor as a plain number and its spread beside it', () => {
    const html = render(0.2, 0.139, 0.044);
    // Tests and readers take the floor's text as a number: the spread lives in its own element.
    expect(byTestId(html, 'fit-floor')).toBe('0.139');
    expect(byTestId(html, 'fit-floor-spread')).toBe('± 0.044');
    expect(html).toContain('1.4× floor');
    expect(html).toMatch(/averaged over 8 pairs of draws/);
  });

  it('shows no spread when there is none', () => {
    const html = render(0.2, 0.139, NaN);
    expect(byTestId(html, 'fit-floor')).toBe('0.139');
    expect(html).not.toContain('fit-floor-spread');
  });
});
